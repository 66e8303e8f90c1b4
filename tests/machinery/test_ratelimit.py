"""machinery.ratelimit: who the client is, behind the proxies the site trusts."""

from machinery.ratelimit import client_ip


def test_client_ip_behind_trusted_proxies(rf, settings):
    """Behind one proxy the client is the last X-Forwarded-For entry; what the client sent
    itself stands further left and is ignored."""
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
