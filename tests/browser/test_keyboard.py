"""Keyboard use: a skip link first, every action reachable with Tab and visibly focused,
and forms that lead to their errors."""

import re

import pytest

from .conftest import PASSWORD, ask

pytestmark = pytest.mark.browser

# The focused element: what it is, whether it shows a focus indicator, and a key for it.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const interactive = element.matches(
    "a[href], button, input, select, textarea, summary, [tabindex]"
  );
  return {
    key: element.outerHTML.slice(0, 160),
    tag: element.tagName.toLowerCase(),
    interactive,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
  };
}"""

# Every visible control a keyboard user should be able to reach (not the honeypot field
# for bots, hidden from people and their screen readers).
CONTROLS = """() => [...document.querySelectorAll(
  "a[href], button, input:not([type=hidden]), select, textarea, summary"
)].filter((element) => element.checkVisibility() && !element.closest("[inert]")
  && !element.closest("[aria-hidden=true]"))
 .map((element) => element.outerHTML.slice(0, 160))"""


def test_skip_link_is_the_first_stop_and_leads_to_main(archive, page_as):
    """The first Tab lands on a visible "Skip to content" link; it moves focus to <main>."""
    page = page_as(None)
    page.goto(archive.answered[0].get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "a" and "Skip to content" in focused["key"]
    assert focused["outline"]
    link = page.get_by_role("link", name="Skip to content")
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 1
    assert link.get_attribute("href") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def tab_through(page) -> dict:
    """Tab through the page from the top: the controls never reached, the stops drawn
    without a focus outline, and any stop that is not an interactive element."""
    # Start from the top of the page, whatever has autofocus.
    page.evaluate(
        """() => {
          document.body.tabIndex = -1;
          document.body.focus();
          document.body.removeAttribute("tabindex");
        }"""
    )
    expected = page.evaluate(CONTROLS)
    visited, problems = [], []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body" or (visited and focused["key"] == visited[0]):
            break  # back at the start
        if not focused["interactive"]:
            problems.append(f"not interactive: {focused['key']}")
        elif not focused["outline"]:
            problems.append(f"no focus outline: {focused['key']}")
        visited.append(focused["key"])
    # Radio buttons in one group are one Tab stop (arrow keys move between them).
    problems += [
        f"never reached: {key}"
        for key in expected
        if key not in visited and 'type="radio"' not in key
    ]
    return {"stops": len(visited), "problems": problems}


def test_tab_reaches_every_control_with_a_visible_focus(page_kinds, page_as):
    """On every page kind, tabbing visits every visible link, button and field, each an
    interactive element drawn with a focus outline."""
    found = {}
    for kind in page_kinds:
        page = page_as(kind.user, **kind.login)
        page.goto(kind.path)
        result = tab_through(page)
        assert result["stops"] >= 10, kind.name  # the header alone has more
        if result["problems"]:
            found[kind.name] = result["problems"]
    assert found == {}


def test_ask_form_errors_are_announced_and_focused(archive, page_as):
    """After a failed submit each invalid field is aria-invalid and described by its
    message (a radio group by its fieldset), what was typed is kept, and focus is on the
    first invalid field."""
    page = page_as(archive.patient)
    page.goto("/ask/")
    page.get_by_label("Title").fill("Short")
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_load_state()

    invalid = page.locator("[aria-invalid=true]")
    names = invalid.evaluate_all("fields => fields.map((field) => field.name)")
    assert names[:2] == ["title", "body"]
    assert "consent" in names
    for index in range(invalid.count()):
        field = invalid.nth(index)
        # A group of radio buttons is described on its fieldset.
        described = field.evaluate(
            "field => (field.closest('fieldset') || field).getAttribute('aria-describedby')"
        )
        described = (described or "").split()
        errors = [id_ for id_ in described if id_.endswith("_error")]
        assert errors, f"{names[index]} names no error message"
        message = page.locator(f"#{errors[0]}")
        assert message.count() == 1
        assert message.inner_text().strip()
    assert "at least 10 characters" in page.locator("#id_title_error").inner_text()
    # Invalid text fields are drawn in the error colour too, not only selects and textareas.
    border = page.locator("#id_nickname").evaluate("field => getComputedStyle(field).borderColor")
    assert border == "rgb(176, 0, 32)"
    assert page.evaluate("document.activeElement.name") == "title"
    assert page.get_by_label("Title").input_value() == "Short"


def test_login_failure_focuses_the_message(archive, page_as):
    """A wrong password: the form-wide message gets focus (it is also role=alert)."""
    page = page_as(None)
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(archive.patient.email)
    page.get_by_label("Password").fill(PASSWORD + "-wrong")
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert re.search("correct", page.locator("#form-errors").inner_text())


def test_dashboard_actions_work_from_the_keyboard(archive, page_as):
    """A doctor claims a question with Tab and Enter only."""
    question = ask(archive)
    page = page_as(archive.doctor.user)
    page.goto("/dashboard/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Reply"):
            break
    else:
        pytest.fail("Tab never reached the Reply button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/dashboard/questions/{question.pk}/$"))
    question.refresh_from_db()
    assert question.claimed_by == archive.doctor
