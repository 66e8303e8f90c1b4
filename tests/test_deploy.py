"""deploy/ holds what an operations team installs: the systemd units, the task worker and
timers, the TLS front, the cache and an environment file per role. CI verifies the units
(systemd-analyze) and compiles the cache's configuration (varnishd -C); these tests pin
that they name what exists."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _units(pattern):
    return sorted((DEPLOY / "systemd").glob(pattern))


def test_every_command_the_units_run_exists():
    commands = get_commands()
    run = [
        match
        for unit in _units("*.service")
        for match in re.findall(r"manage\.py (\w+)", unit.read_text())
    ]
    assert run and all(name in commands for name in run), run


def test_every_timer_starts_a_service_of_its_own():
    for timer in _units("*.timer"):
        assert (timer.with_suffix(".service")).exists(), timer.name
        assert "OnCalendar=" in timer.read_text()
    # The periodic work the site has: digests, sessions, task results, the index of meaning.
    assert {timer.stem for timer in _units("*.timer")} == {
        "qa-portal-digests", "qa-portal-clearsessions", "qa-portal-prune-tasks",
        "qa-portal-meaning-index",
    }  # fmt: skip


def test_the_environment_files_use_only_documented_variables():
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    for env in (DEPLOY / "env").glob("*.env"):
        used = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", env.read_text(), re.M))
        assert used <= documented, (env.name, used - documented)


def test_the_pieces_agree_on_their_ports():
    web = (DEPLOY / "systemd" / "qa-portal-web.service").read_text()
    vcl = (DEPLOY / "varnish" / "default.vcl").read_text()
    nginx = (DEPLOY / "nginx" / "qa-portal.conf").read_text()
    assert "--bind 127.0.0.1:8000" in web
    assert re.search(r'\.host = "127\.0\.0\.1";\s*\.port = "8000";', vcl)
    assert "proxy_pass http://127.0.0.1:6081;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert (
        "QA_PORTAL_CACHE_PURGE_URLS=http://127.0.0.1:6081"
        in (DEPLOY / "env" / "web.env").read_text()
    )
