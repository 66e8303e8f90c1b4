"""Recovery codes: kept only as hashes, each works once in place of the app's code, new
ones replace the old."""

import pytest
from django.urls import reverse

from qa_portal.accounts import twofactor
from qa_portal.models import RecoveryCode
from tests.factories import DoctorFactory
from tests.signing_in import password_only, with_authenticator

pytestmark = pytest.mark.django_db

VERIFY = reverse("two-factor-verify")
CODES = reverse("two-factor-recovery-codes")


@pytest.fixture
def doctor():
    user = DoctorFactory().user
    with_authenticator(user)
    return user


def test_only_hashes_are_kept(doctor):
    codes = twofactor.issue_recovery_codes(user=doctor)
    stored = list(RecoveryCode.objects.filter(user=doctor).values_list("code_hash", flat=True))
    assert len(stored) == len(codes) == twofactor.RECOVERY_CODE_COUNT
    for code in codes:
        for text in (code, code.replace("-", "")):
            assert not any(text in row for row in stored)
    assert len(set(stored)) == len(stored)


def test_a_code_signs_in_once_and_says_how_many_are_left(client, doctor):
    codes = twofactor.issue_recovery_codes(user=doctor)
    password_only(client, doctor)
    response = client.post(VERIFY, {"code": codes[3].upper()}, follow=True)
    assert response.redirect_chain[0][0] == reverse("two-factor-setup")
    assert "9 codes are left" in response.content.decode()
    assert client.get("/dashboard/").status_code == 200
    again = client.__class__()
    password_only(again, doctor)
    response = again.post(VERIFY, {"code": codes[3]})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert twofactor.recovery_codes_left(doctor) == 9


def test_new_codes_replace_the_old(client, doctor):
    old = twofactor.issue_recovery_codes(user=doctor)
    client.force_login(doctor)
    page = client.get(CODES).content.decode()
    assert "You have 10 unused recovery codes" in page
    response = client.post(CODES)
    assert response["Location"] == CODES
    new = client.get(CODES).context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert RecoveryCode.objects.filter(user=doctor).count() == 10
    assert not twofactor.use_recovery_code(user=doctor, code=old[0])
    assert twofactor.use_recovery_code(user=doctor, code=new[0])


def test_making_codes_needs_the_second_factor_given(client, doctor):
    password_only(client, doctor)
    assert client.post(CODES)["Location"].startswith(VERIFY)
    assert not RecoveryCode.objects.exists()
