"""Two-factor sign-in in Chromium, through the real login form: a doctor and a staff
member reach the dashboard and the admin only with a second factor (an authenticator app
whose code the test computes from the key the page shows, a recovery code, a passkey on
Chromium's virtual authenticator), and a person signs out another browser from the
account page."""

import base64
import re

import pytest
from playwright.sync_api import expect

from qa_portal.accounts.models import Passkey

from .conftest import PASSWORD, authenticator_code, log_in

pytestmark = pytest.mark.browser

CODE = re.compile(r"^Code:?$")
APP_CODE = re.compile(r"^Code from the app:?$")
SETUP = re.compile(r"/accounts/two-factor/setup/")
VERIFY = re.compile(r"/accounts/two-factor/(\?.*)?$")


def key_on(page) -> bytes:
    """The authenticator key as the page shows it to type into an app."""
    text = page.locator("[data-totp-key]").inner_text()
    key = "".join(text.split())
    return base64.b32decode(key + "=" * (-len(key) % 8))


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def give_code(page, code: str, *, remember: bool = False) -> None:
    page.get_by_label(CODE).fill(code)
    if remember:
        page.get_by_label(re.compile("^Remember this browser")).check()
    page.get_by_role("main").get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def enrol_with_the_app(page) -> tuple[bytes, int]:
    """On the authenticator page: type the key into the "app", confirm with its code."""
    key = key_on(page)
    code, step = authenticator_code(key)
    page.get_by_label(APP_CODE).fill(code)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    return key, step


def recovery_codes_on(page) -> list[str]:
    expect(page.get_by_text("they are shown only this once")).to_be_visible()
    return page.locator("[data-recovery-codes] code").all_inner_texts()


@pytest.fixture
def doctor(db):
    from tests.factories import DoctorFactory, UserFactory

    return DoctorFactory(user=UserFactory(email="dr.new@example.org"), name="Chen Ya-Ting")


def test_a_doctor_enrols_an_authenticator_app_and_signs_in_with_its_codes(doctor, new_page):
    """A doctor without a second factor reaches only enrolment (the dashboard sends them
    back, also after the QR page is reloaded: the key is the same and still no factor);
    the code computed from the shown key confirms the app, the recovery codes are shown
    once, and the dashboard opens. The next sign-in asks for a code: a wrong one is
    refused next to the field, the right one opens the dashboard, and a remembered
    browser skips the step."""
    page = new_page()
    log_in(page, doctor.user.email)
    expect(page).to_have_url(SETUP)
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()

    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/\?next=%2Fdashboard%2F$"))
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    first_key = key_on(page)

    # Reloaded mid-enrolment: the same key, and the half-set-up app lets nobody past.
    page.reload()
    assert key_on(page) == first_key
    authenticator_url = page.url
    page.goto("/dashboard/")
    expect(page).to_have_url(SETUP)
    # Nor does signing in again: the half-set-up app is no factor to give, and the new
    # session shows a key of its own (a key seen by another session is never confirmed).
    log_out(page)
    log_in(page, doctor.user.email)
    expect(page).to_have_url(SETUP)
    page.goto(authenticator_url)
    assert key_on(page) != first_key

    # A wrong code first: the message is next to the field.
    page.get_by_label(APP_CODE).fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#id_code_error")).to_contain_text("This code does not match")
    expect(page.get_by_label(APP_CODE)).to_have_attribute("aria-invalid", "true")
    page.wait_for_timeout(1100)  # a failure slows the next check down by a second

    key, step = enrol_with_the_app(page)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/recovery-codes/"))
    codes = recovery_codes_on(page)
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    page.reload()
    expect(page.locator("[data-recovery-codes]")).to_have_count(0)
    expect(page.get_by_text("You have 10 unused recovery codes")).to_be_visible()
    expect(page.get_by_text(codes[0])).to_have_count(0)

    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    log_out(page)

    # Signing in again asks for the code.
    log_in(page, doctor.user.email, second_step=False)
    expect(page).to_have_url(VERIFY)
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=%2Fdashboard%2F$"))
    give_code(page, "123456")
    expect(page.locator("#id_code_error")).to_contain_text("This code is wrong")
    expect(page.get_by_label(CODE)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(CODE)).to_be_focused()
    page.wait_for_timeout(1100)
    code, step = authenticator_code(key, after=step)
    give_code(page, code, remember=True)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    log_out(page)

    # The same browser, remembered: the password is enough.
    log_in(page, doctor.user.email, second_step=False)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_staff_reach_the_admin_only_after_the_second_factor_and_a_recovery_code_works_once(
    db, new_page
):
    """A staff member enrols the app at the first sign-in and lands on the admin; at the next
    sign-in the admin sends them to the second step, where a recovery code works once
    (the second time it is refused)."""
    from tests.factories import UserFactory

    staff = UserFactory(email="new.staff@example.org", is_staff=True, is_superuser=True)
    page = new_page()
    log_in(page, staff.email)
    expect(page).to_have_url(SETUP)
    page.goto("/admin/")
    expect(page).to_have_url(SETUP)
    # Back to the enrolment page as it was first shown (not on the way anywhere): after
    # enrolment staff land on their own page, the admin.
    page.goto("/accounts/two-factor/setup/")
    page.get_by_role("link", name="Set up an authenticator app").click()
    enrol_with_the_app(page)
    codes = recovery_codes_on(page)
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_be_visible()
    log_out(page)

    log_in(page, staff.email, second_step=False)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=%2Fadmin%2F$"))
    give_code(page, codes[3].upper())  # as typed from a printout
    # A recovery code signs in, and says how many are left.
    expect(page).to_have_url(SETUP)
    expect(page.get_by_text("9 codes are left")).to_be_visible()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    log_out(page)

    log_in(page, staff.email, second_step=False)
    give_code(page, codes[3])
    expect(page.locator("#id_code_error")).to_contain_text("already used")
    page.goto("/admin/")
    expect(page).to_have_url(VERIFY)


def virtual_authenticator(page, **options) -> tuple[object, str]:
    """Chromium's virtual authenticator (a platform passkey with user verification,
    touched at once), through the DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    found = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
                **options,
            }
        },
    )
    return cdp, found["authenticatorId"]


def verified(cdp, authenticator: str, yes: bool) -> None:
    """Whether the person passes the authenticator's check (fingerprint, PIN): failing it
    is how Chromium's virtual authenticator cancels a ceremony (NotAllowedError)."""
    cdp.send("WebAuthn.setUserVerified", {"authenticatorId": authenticator, "isUserVerified": yes})


def test_a_doctor_enrols_a_passkey_and_signs_in_with_it_after_a_cancelled_try(doctor, new_page):
    """A doctor sets up a passkey instead of the app (the first try cancelled in the
    browser leaves the choice of factors as it was), gets recovery codes and the
    dashboard; at the next sign-in a cancelled passkey prompt leaves the passkey button
    and the code form, and the passkey signs in."""
    page = new_page()
    cdp, authenticator = virtual_authenticator(page)
    log_in(page, doctor.user.email)
    expect(page).to_have_url(SETUP)
    add = page.get_by_role("button", name="Add a passkey")
    expect(add).to_be_enabled()
    status = page.locator("[data-passkey-status]")

    verified(cdp, authenticator, False)
    page.get_by_label("Name for this passkey").fill("Work laptop")
    add.click()
    expect(status).to_have_text("Cancelled. Choose a factor to try again.")
    expect(page).to_have_url(SETUP)
    expect(add).to_be_enabled()
    expect(page.get_by_role("link", name="Set up an authenticator app")).to_be_visible()
    assert not Passkey.objects.filter(user=doctor.user).exists()
    page.goto("/dashboard/")
    expect(page).to_have_url(SETUP)

    verified(cdp, authenticator, True)
    page.get_by_label("Name for this passkey").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/recovery-codes/"))
    recovery_codes_on(page)
    (passkey,) = Passkey.objects.filter(user=doctor.user)
    assert passkey.name == "Work laptop"
    (credential,) = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
        "credentials"
    ]
    assert credential["rpId"] == "localhost"
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    log_out(page)

    log_in(page, doctor.user.email, second_step=False)
    expect(page).to_have_url(VERIFY)
    use = page.get_by_role("button", name="Use a passkey")
    verified(cdp, authenticator, False)
    use.focus()
    page.keyboard.press("Enter")  # from the keyboard: focus must not be lost on the way
    expect(page.locator("[data-passkey-status]")).to_have_text(
        "Cancelled. Choose a factor to try again."
    )
    expect(page).to_have_url(VERIFY)
    expect(use).to_be_enabled()
    expect(use).to_be_focused()
    expect(page.get_by_label(re.compile(r"^Recovery code:?$"))).to_be_visible()
    expect(page.get_by_role("heading", name="With a recovery code")).to_be_visible()

    verified(cdp, authenticator, True)
    use.click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None


def test_passkeys_say_they_cannot_work_on_an_ip_address(doctor, new_page, live_server):
    """A passkey belongs to a domain name: on http://127.0.0.1 (a secure context, but no
    domain) Chromium refuses every ceremony, so the page says so at once and offers the
    authenticator app, rather than a button that fails with the browser's own words."""
    page = new_page()
    virtual_authenticator(page)
    page.goto(live_server.url.replace("localhost", "127.0.0.1") + "/accounts/login/")
    page.get_by_label("E-mail address").fill(doctor.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(SETUP)
    assert page.evaluate("window.isSecureContext")
    expect(page.locator("[data-passkey-status]")).to_have_text(
        "This browser cannot use passkeys here: use your authenticator app."
    )
    expect(page.get_by_role("button", name="Add a passkey")).to_be_disabled()
    expect(page.get_by_role("link", name="Set up an authenticator app")).to_be_visible()


def test_a_patient_signs_another_browser_out_from_the_account_page(archive, new_page):
    """Two browsers signed in as the same patient: the account page of one lists both,
    and its "Sign out" ends the other, which is signed out at its next page load."""
    here, there = new_page(), new_page()
    for page in (here, there):
        log_in(page, archive.patient.email)
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
    here.goto("/my/account/")
    sessions = here.locator("[data-sessions] > li")
    expect(sessions).to_have_count(2)
    expect(sessions.filter(has_text="This browser")).to_have_count(1)
    other = sessions.filter(has=here.get_by_role("button", name="Sign out", exact=True))
    expect(other).to_have_count(1)
    other.get_by_role("button", name="Sign out", exact=True).click()
    expect(here.get_by_text("That browser is signed out.")).to_be_visible()
    expect(here).to_have_url(re.compile(r"/my/account/#browsers$"))
    expect(here.locator("[data-sessions] > li")).to_have_count(1)

    there.goto("/my/questions/")
    expect(there).to_have_url(re.compile(r"/accounts/login/\?next=/my/questions/$"))
    expect(there.get_by_role("button", name="Log out")).to_have_count(0)
    here.goto("/my/questions/")
    expect(here).to_have_url(re.compile(r"/my/questions/$"))


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element's text is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    pytest.fail(f"Tab never reached {name!r}")


def test_enrolment_and_the_second_step_work_from_the_keyboard(doctor, new_page):
    """With the keyboard only: from enrolment to the authenticator page, the code typed
    into the field that has focus, the recovery codes' continue link, and at the next
    sign-in the code typed at once (the field has focus) and sent with Enter."""
    page = new_page()
    log_in(page, doctor.user.email)
    expect(page).to_have_url(SETUP)
    tab_to(page, "Set up an authenticator app")
    page.keyboard.press("Enter")
    expect(page.get_by_label(APP_CODE)).to_be_focused()
    code, step = authenticator_code(key := key_on(page))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.locator("[data-recovery-codes]")).to_be_visible()
    tab_to(page, "I have saved them: continue")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    log_out(page)

    log_in(page, doctor.user.email, second_step=False)
    expect(page.get_by_label(CODE)).to_be_focused()
    page.keyboard.type(authenticator_code(key, after=step)[0])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
