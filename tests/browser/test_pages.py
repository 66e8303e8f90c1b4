"""Every kind of page in a real browser: it fits a phone, screenshots for people to look at,
and axe-core finds no serious or critical WCAG 2.1 AA violation."""

import pytest

from .conftest import AXE_JS, DESKTOP, PHONE, Problems, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_nothing_scrolls_sideways_at_phone_width(page_kinds, page_as):
    """At 390 px no page of any kind is wider than the screen (each one is saved as
    test-artifacts/screenshots/phone/<kind>.png to look at)."""
    too_wide = {}
    for kind in page_kinds:
        page = page_as(kind.user, viewport=PHONE, **kind.login)
        page.goto(kind.path)
        screenshot(page, f"phone/{kind.name}")
        if (overflow := horizontal_overflow(page)) > 0:
            too_wide[kind.name] = f"{overflow}px wider than the screen"
    assert too_wide == {}


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots(page_kinds, page_as, width):
    """Screenshots of the question page, the ask page and the dashboard (queue and reply
    page) at phone and desktop widths, saved under test-artifacts/screenshots/."""
    kinds = {kind.name: kind for kind in page_kinds}
    label = "phone" if width == PHONE else "desktop"
    for name in ("question", "ask", "dashboard", "dashboard-reply"):
        page = page_as(kinds[name].user, viewport=width)
        page.goto(kinds[name].path)
        path = screenshot(page, f"{name}-{label}")
        assert path.stat().st_size > 0


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations of WCAG 2.1 A and AA on the page."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_violations_on_any_page_kind(page_kinds, page_as):
    """axe-core: 0 serious or critical violations (WCAG 2.0/2.1 A and AA) on every page
    kind. The strict CSP would block the injected script: only these contexts bypass it."""
    found = {}
    for kind in page_kinds:
        page = page_as(kind.user, bypass_csp=True, **kind.login)
        page.goto(kind.path)
        if violations := axe_violations(page):
            found[kind.name] = violations
    assert found == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(violations) for name, violations in found.items()
    )


def test_axe_sees_the_ask_form_with_its_errors(archive, page_as):
    """The ask form after a failed submit, errors and all, has no serious violation."""
    page = page_as(archive.patient, bypass_csp=True)
    page.goto("/ask/")
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_selector("[aria-invalid=true]")
    screenshot(page, "ask-errors-desktop")
    assert axe_violations(page) == []


def test_the_problem_watcher_sees_csp_violations_errors_and_failed_requests(browser, live_server):
    """The check every journey relies on can fail: an inline script blocked by the CSP, an
    uncaught exception and a 404 are all reported."""
    watcher = Problems()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    watcher.watch(page)
    page.goto("/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "document.title = 'inline';";
          document.head.append(script);
          setTimeout(() => { throw new Error("boom"); });
          return fetch("/no-such-page/");
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("document.title") != "inline"  # the script did not run
    context.close()
    found = "\n".join(watcher.found)
    assert "Content Security Policy" in found
    assert "boom" in found
    assert "HTTP 404" in found and "/no-such-page/" in found
