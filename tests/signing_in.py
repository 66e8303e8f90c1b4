"""Signing in, in tests: tests/conftest.py makes every forced login one that has given its
second factor; these helpers make the other kinds."""


def password_only(client, user):
    """Log in as after the password step alone: the second factor still to give."""
    client.password_only = True
    try:
        client.force_login(user)
    finally:
        client.password_only = False
