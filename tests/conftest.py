import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests run with production settings, less what needs HTTPS or collected static files."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "en"
    # Hashing with production strength costs seconds per user created.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
