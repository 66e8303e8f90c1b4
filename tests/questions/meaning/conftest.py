import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo archive with the vectors of its meaning (the real encoder, as `make run`
    has them)."""
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
