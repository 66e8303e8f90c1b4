"""Signing in safely: the second factor (authenticator apps, passkeys, recovery codes),
browsers a person has used or asked us to remember, the browsers signed in now, and the
security events of each account."""
