"""The router and the replicas' health (machinery.replicas): what goes to the primary
whatever the request, and a real streaming replica checked as it lags, stops and returns."""

import contextlib
import copy
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connections, transaction
from django.db.utils import load_backend
from django.test import RequestFactory
from django.urls import ResolverMatch

from machinery import replicas
from qa_portal.models import User
from tests.replica_world import ALIAS, replica_fixture  # noqa: F401

PRIMARY = "default"


def test_writes_go_to_the_primary_and_only_it_is_migrated():
    """Writes always go to the primary; migrations run on the primary only (the replicas
    replay them); objects read from either may be related."""
    router = replicas.ReplicaRouter()
    assert router.db_for_write(User) == PRIMARY
    assert router.allow_migrate(PRIMARY, "questions") is True
    assert router.allow_migrate(ALIAS, "questions") is False
    assert router.allow_relation(User(), User()) is True


def _through_middleware(view, method="GET", cookies=None):
    """Run `view` behind the middleware, as the page named "public" on its list."""

    class Middleware(replicas.ReplicaReadsMiddleware):
        read_views = frozenset({"public"})

    request = getattr(RequestFactory(), method.lower())("/public/")
    request.COOKIES.update(cookies or {})
    request.resolver_match = ResolverMatch(view, (), {}, url_name="public")

    def get_response(request):
        middleware.process_view(request, view, (), {})  # as Django does before the view
        return view(request)

    middleware = Middleware(get_response)
    return middleware(request)


@pytest.mark.django_db
def test_a_transaction_reads_from_the_primary(replica):
    """Inside a transaction a page reads from the primary, even on a page allowed a
    replica, and goes on doing so after it (the transaction may have written)."""
    seen = []

    def view(request):
        router = replicas.ReplicaRouter()
        seen.append(router.db_for_read(User))
        with transaction.atomic():
            seen.append(router.db_for_read(User))
        seen.append(router.db_for_read(User))
        return "response"

    _through_middleware(view)
    assert seen == [ALIAS, PRIMARY, PRIMARY]


@pytest.mark.django_db
def test_a_replica_is_checked_every_few_seconds_not_every_read(replica):
    """A replica in use is checked again only after CHECK_SECONDS: reads cost no check."""
    router = replicas.ReplicaRouter()

    def view(request):
        return [router.db_for_read(User) for _ in range(3)]

    for _ in range(5):
        assert _through_middleware(view) == [ALIAS] * 3
    assert replica.checks == 1
    assert replicas.replica(ALIAS).next_check - time.monotonic() <= replicas.CHECK_SECONDS


# -- a real streaming replica -------------------------------------------------------------


def _tool(name: str) -> str | None:
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / name).exists():
            return str(directory / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clusters:
    """A primary (initdb) and its streaming replica (pg_basebackup -R), in a temporary
    directory on free ports; as root, run as the postgres user (initdb refuses root)."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="qa-replica-test-"))
        self.as_user = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.primary_port, self.replica_port = _free_port(), _free_port()

    def run(self, *args) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=60)

    def pg_ctl(self, name: str, action: str, port: int | None = None) -> None:
        args = [_tool("pg_ctl"), "-D", str(self.directory / name), "-w", "-m", "fast"]
        if port:
            options = f"-p {port} -c listen_addresses=127.0.0.1 -k {self.directory}"
            args += ["-o", options, "-l", str(self.directory / f"{name}.log")]
        self.run(*args, action)

    def start(self) -> None:
        self.run(_tool("initdb"), "-D", str(self.directory / "primary"), "-U", "postgres",
                 "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.pg_ctl("primary", "start", self.primary_port)
        self.run(_tool("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port),
                 "-U", "postgres", "-D", str(self.directory / "replica"), "-R",
                 "-X", "stream", "-c", "fast")  # fmt: skip
        self.pg_ctl("replica", "start", self.replica_port)

    def stop(self) -> None:
        for name in ("replica", "primary"):
            with contextlib.suppress(subprocess.CalledProcessError):
                self.pg_ctl(name, "stop")
        shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/postgres"


@pytest.fixture
def clusters():
    if not (_tool("initdb") and _tool("pg_basebackup") and _tool("pg_ctl")):
        pytest.skip("initdb, pg_basebackup or pg_ctl is not installed")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("run as root without a postgres user to run initdb as")
        if not shutil.which("runuser"):
            pytest.skip("run as root without runuser")
    made = Clusters()
    try:
        made.start()
    except (subprocess.SubprocessError, OSError) as error:
        made.stop()
        pytest.skip(f"could not start a primary and a replica here: {error}")
    yield made
    made.stop()


def _wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.postgres
def test_a_real_streaming_replica_is_used_skipped_when_behind_or_down_and_taken_back(
    settings, clusters, caplog
):
    """Against a real replica (pg_basebackup -R): up with no lag while the primary is idle;
    skipped while its replay is paused behind a write; skipped while stopped; taken back
    when it has caught up and when it is started again, each change logged once."""
    server = copy.deepcopy(connections[PRIMARY].settings_dict)
    server.update(HOST="127.0.0.1", PORT=str(clusters.replica_port), NAME="postgres",
                  USER="postgres", PASSWORD="")  # fmt: skip
    wrapper = load_backend(server["ENGINE"]).DatabaseWrapper(server, "replica_real")
    connections._connections.replica_real = wrapper
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    known = replicas.Replica("replica_real")
    primary = psycopg.connect(clusters.url(clusters.primary_port), autocommit=True)
    standby = psycopg.connect(clusters.url(clusters.replica_port), autocommit=True)
    try:
        known.check()
        assert (known.state, known.lag) == (replicas.UP, 0)  # an idle primary: no lag
        time.sleep(1)
        known.check()
        assert (known.state, known.lag) == (replicas.UP, 0)

        primary.execute("CREATE TABLE seen (n int)")
        primary.execute("INSERT INTO seen VALUES (1)")
        assert _wait_for(lambda: standby.execute("SELECT to_regclass('seen')").fetchone()[0])

        standby.execute("SELECT pg_wal_replay_pause()")
        primary.execute("INSERT INTO seen VALUES (2)")
        time.sleep(1)
        known.check()
        assert known.state == replicas.LAGGING and known.lag > 0.5

        standby.execute("SELECT pg_wal_replay_resume()")
        assert _wait_for(lambda: standby.execute("SELECT count(*) FROM seen").fetchone()[0] == 2)
        known.check()
        assert (known.state, known.lag) == (replicas.UP, 0)

        standby.close()
        clusters.pg_ctl("replica", "stop")
        known.check()
        assert known.state == replicas.DOWN
        clusters.pg_ctl("replica", "start", clusters.replica_port)
        assert _wait_for(lambda: known.check() or known.state == replicas.UP)
    finally:
        known._close_probe()
        primary.close()
        standby.close()
        wrapper.close()
        delattr(connections._connections, "replica_real")
    logged = [
        record.getMessage() for record in caplog.records if "replica_real" in record.getMessage()
    ]
    expected = ["in use", "behind the primary (more than", "is back", "does not answer", "is back"]
    assert len(logged) == len(expected), logged
    assert all(part in message for part, message in zip(expected, logged, strict=True)), logged
