import pytest

from tests.factories import DepartmentFactory, DoctorFactory

pytestmark = pytest.mark.django_db


def test_department_slug_is_filled_from_its_name():
    """A department saved without a slug gets one from its name."""
    department = DepartmentFactory(name="Obstetrics and Gynecology", slug="")
    assert department.slug == "obstetrics-and-gynecology"
    assert department.get_absolute_url() == "/departments/obstetrics-and-gynecology/"


def test_doctor_signature_names_department_and_hospital():
    """A reply is signed "Dr. NAME, DEPARTMENT Department, HOSPITAL." as on the reference page."""
    doctor = DoctorFactory(
        name="Yeh Po-Shou",
        slug="",
        department=DepartmentFactory(name="Neurology", slug="neurology"),
        hospital="Hsinchu Hospital",
    )
    assert doctor.signature == "Dr. Yeh Po-Shou, Neurology Department, Hsinchu Hospital."
    assert doctor.get_absolute_url() == "/doctors/yeh-po-shou/"
