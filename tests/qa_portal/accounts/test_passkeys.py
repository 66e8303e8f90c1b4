"""Passkeys: the options the browser needs, registering one (as enrolment or later),
signing in with one, and what is refused: a forged or garbage answer, a reused challenge,
a counter that went back, the last factor of a doctor."""

import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from qa_portal.accounts import twofactor
from qa_portal.models import Passkey, RecoveryCode, SecurityEvent
from tests.factories import DoctorFactory, UserFactory
from tests.qa_portal.accounts.passkey_authenticator import SoftwareAuthenticator
from tests.signing_in import password_only, with_authenticator

pytestmark = pytest.mark.django_db

REGISTER_OPTIONS = reverse("passkey-register-options")
REGISTER = reverse("passkey-register")
SIGN_IN_OPTIONS = reverse("passkey-sign-in-options")
SIGN_IN = reverse("passkey-sign-in")


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _register(client, authenticator, name="My phone", **extra):
    options = _post(client, REGISTER_OPTIONS).json()
    credential = authenticator.create(options)
    return _post(client, REGISTER, {"credential": credential, "name": name, **extra})


@pytest.fixture
def doctor():
    return DoctorFactory().user


@pytest.fixture
def with_passkey(client, doctor):
    """The doctor enrolled a passkey; the client is signed out again."""
    authenticator = SoftwareAuthenticator()
    password_only(client, doctor)
    assert _register(client, authenticator).json()["ok"]
    client.logout()
    return authenticator


class TestOptions:
    def test_registration_options_hold_a_challenge_and_the_site(self, client, doctor):
        password_only(client, doctor)
        response = _post(client, REGISTER_OPTIONS)
        assert response["Content-Type"] == "application/json"
        options = response.json()
        assert len(options["challenge"]) >= 20
        assert options["rp"]["id"] == "testserver"
        assert options["user"]["name"] == doctor.email

    def test_sign_in_options_list_the_accounts_passkeys(self, client, doctor, with_passkey):
        password_only(client, doctor)
        options = _post(client, SIGN_IN_OPTIONS).json()
        assert options["challenge"]
        assert [c["id"] for c in options["allowCredentials"]] == [with_passkey.id]

    def test_each_challenge_is_new(self, client, doctor):
        password_only(client, doctor)
        first = _post(client, REGISTER_OPTIONS).json()["challenge"]
        assert _post(client, REGISTER_OPTIONS).json()["challenge"] != first

    def test_only_posts(self, client, doctor):
        password_only(client, doctor)
        assert client.get(REGISTER_OPTIONS).status_code == 405

    def test_sign_in_options_only_before_the_step(self, client, doctor):
        client.force_login(doctor)
        assert _post(client, SIGN_IN_OPTIONS).status_code == 403


class TestRegistering:
    def test_a_doctor_enrols_with_a_passkey(self, client, doctor):
        """The passkey is kept, the session proven, recovery codes issued."""
        password_only(client, doctor)
        response = _register(client, SoftwareAuthenticator(), next="/dashboard/me/")
        assert response.json() == {
            "ok": True,
            "redirect": reverse("two-factor-recovery-codes") + "?next=%2Fdashboard%2Fme%2F",
        }
        passkey = Passkey.objects.get(user=doctor)
        assert passkey.name == "My phone" and passkey.transports == ["internal"]
        assert RecoveryCode.objects.filter(user=doctor).count() == 10
        assert client.get("/dashboard/").status_code == 200
        assert SecurityEvent.objects.filter(action=SecurityEvent.Action.PASSKEY_ADDED).exists()

    @pytest.mark.parametrize(
        "forge",
        [
            lambda c: {**c, "response": {**c["response"], "clientDataJSON": "AAAA"}},
            lambda c: {**c, "response": {**c["response"], "attestationObject": "garbage"}},
            lambda c: {**c, "response": "nothing"},
            lambda c: "not a credential",
        ],
        ids=["client-data", "attestation", "no-response", "not-an-object"],
    )
    def test_a_forged_answer_is_refused(self, client, doctor, forge):
        password_only(client, doctor)
        options = _post(client, REGISTER_OPTIONS).json()
        credential = forge(SoftwareAuthenticator().create(options))
        response = _post(client, REGISTER, {"credential": credential})
        assert response.status_code == 400
        assert response.json()["ok"] is False
        assert not Passkey.objects.exists()
        assert client.get("/dashboard/").status_code == 302

    def test_garbage_is_refused(self, client, doctor):
        password_only(client, doctor)
        _post(client, REGISTER_OPTIONS)
        response = client.post(REGISTER, b"\xff{", content_type="application/json")
        assert response.status_code == 400 and response.json()["ok"] is False

    def test_another_origin_or_a_reused_challenge_is_refused(self, client, doctor):
        password_only(client, doctor)
        authenticator = SoftwareAuthenticator()
        options = _post(client, REGISTER_OPTIONS).json()
        wrong_origin = authenticator.create(options, origin="https://evil.example")
        assert _post(client, REGISTER, {"credential": wrong_origin}).status_code == 400
        # The challenge was used up by that answer.
        assert (
            _post(client, REGISTER, {"credential": authenticator.create(options)}).status_code
            == 400
        )
        assert not Passkey.objects.exists()

    def test_a_key_for_another_site_is_refused(self, client, doctor):
        password_only(client, doctor)
        response = _register(client, SoftwareAuthenticator(rp_id="evil.example"))
        assert response.status_code == 400

    def test_not_before_the_second_step(self, client, doctor):
        with_authenticator(doctor)
        password_only(client, doctor)
        for url in (REGISTER_OPTIONS, REGISTER):
            assert _post(client, url)["Location"] == reverse("two-factor-verify")


class TestSigningIn:
    def test_a_passkey_gives_the_second_step(self, client, doctor, with_passkey):
        password_only(client, doctor)
        client.get(reverse("two-factor-verify"))
        before = client.session.session_key
        options = _post(client, SIGN_IN_OPTIONS).json()
        response = _post(
            client, SIGN_IN, {"credential": with_passkey.get(options), "next": "/dashboard/me/"}
        )
        assert response.json() == {"ok": True, "redirect": "/dashboard/me/"}
        assert client.session.session_key != before
        assert client.get("/dashboard/").status_code == 200
        passkey = Passkey.objects.get()
        assert passkey.sign_count == 1 and passkey.last_used_at is not None

    def test_a_counter_that_went_back_is_refused(self, client, doctor, with_passkey):
        """A cloned key shows up as a signature count not above the last one seen."""
        password_only(client, doctor)
        options = _post(client, SIGN_IN_OPTIONS).json()
        assert _post(client, SIGN_IN, {"credential": with_passkey.get(options, count=5)}).json()[
            "ok"
        ]
        other = client.__class__()
        password_only(other, doctor)
        options = _post(other, SIGN_IN_OPTIONS).json()
        response = _post(other, SIGN_IN, {"credential": with_passkey.get(options, count=5)})
        assert response.status_code == 400
        assert Passkey.objects.get().sign_count == 5
        assert other.get("/dashboard/").status_code == 302

    @pytest.mark.parametrize(
        "forge",
        [
            lambda c: {**c, "response": {**c["response"], "signature": "AAAA"}},
            lambda c: {**c, "id": "bm90LW1pbmU", "rawId": "bm90LW1pbmU"},
            lambda c: {},
            lambda c: "garbage",
        ],
        ids=["signature", "unknown-id", "empty", "not-an-object"],
    )
    def test_a_forged_answer_is_refused_and_counts_as_a_failure(
        self, client, doctor, with_passkey, forge
    ):
        password_only(client, doctor)
        options = _post(client, SIGN_IN_OPTIONS).json()
        response = _post(client, SIGN_IN, {"credential": forge(with_passkey.get(options))})
        assert response.status_code == 400
        assert response.json()["ok"] is False
        assert AccessAttempt.objects.get().failures_since_start == 1
        assert client.get("/dashboard/").status_code == 302

    def test_another_accounts_passkey_is_refused(self, client, doctor, with_passkey):
        other = UserFactory()
        with_authenticator(other)
        password_only(client, other)
        options = _post(client, SIGN_IN_OPTIONS).json()
        response = _post(client, SIGN_IN, {"credential": with_passkey.get(options)})
        assert response.status_code == 400

    def test_after_the_lockout_even_a_right_passkey_is_refused(
        self, client, doctor, with_passkey, settings
    ):
        password_only(client, doctor)
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            _post(client, SIGN_IN_OPTIONS)
            _post(client, SIGN_IN, {"credential": {"id": "x"}})
        options = _post(client, SIGN_IN_OPTIONS).json()
        response = _post(client, SIGN_IN, {"credential": with_passkey.get(options)})
        assert response.status_code == 429
        assert client.get("/dashboard/").status_code == 302


class TestRemoving:
    def test_the_last_factor_of_a_doctor_stays(self, client, doctor, with_passkey):
        client.force_login(doctor)
        passkey = Passkey.objects.get()
        response = client.post(reverse("passkey-remove", args=[passkey.pk]), follow=True)
        assert "must keep a second factor" in response.content.decode()
        assert Passkey.objects.filter(pk=passkey.pk).exists()

    def test_one_of_two_factors_goes(self, client, doctor, with_passkey):
        with_authenticator(doctor)
        client.force_login(doctor)
        passkey = Passkey.objects.get()
        client.post(reverse("passkey-remove", args=[passkey.pk]))
        assert not Passkey.objects.exists()
        assert twofactor.has_second_factor(doctor)

    def test_a_patients_last_factor_goes_with_the_recovery_codes(self, client):
        patient = UserFactory()
        client.force_login(patient)
        assert _register(client, SoftwareAuthenticator()).json()["ok"]
        assert RecoveryCode.objects.filter(user=patient).exists()
        client.post(reverse("passkey-remove", args=[Passkey.objects.get().pk]))
        assert not Passkey.objects.exists()
        assert not RecoveryCode.objects.filter(user=patient).exists()

    def test_nobody_removes_another_persons_passkey(self, client, doctor, with_passkey):
        with_authenticator(doctor)
        client.force_login(UserFactory())
        client.post(reverse("passkey-remove", args=[Passkey.objects.get().pk]))
        assert Passkey.objects.exists()
