"""A read replica for tests, whose health the test decides, and a record of where each
read went (machinery.replicas).

`replica` is "replica_1" running its queries on the test's own connection, inside the
test's transaction: the pages work and every routing decision is recorded. `broken_replica`
is "replica_1" on a server that cannot be reached, for a read that fails under a request.
"""

import copy

import pytest
from django.db import OperationalError, connections
from django.db.utils import load_backend

from machinery import replicas

ALIAS = "replica_1"


class FakeReplica:
    """What the next health checks of the replica find, and where reads went."""

    def __init__(self):
        self.lag: float | None = 0.0
        self.down = False
        self.well_checks: int | None = None  # found well this many more times, then down
        self.checks = 0
        self.reads: list[str] = []  # the alias of each read, in order

    def measure(self, known) -> float | None:
        self.checks += 1
        if self.well_checks is not None:
            self.down = self.well_checks <= 0
            self.well_checks -= 1
        if self.down:
            raise OperationalError("connection refused (a test's replica)")
        return self.lag

    def due(self) -> None:
        """The next read checks the replica again, as after a few seconds."""
        replicas.replica(ALIAS).next_check = 0.0

    def clear(self) -> None:
        self.reads.clear()


def _install(settings, monkeypatch) -> FakeReplica:
    settings.DATABASE_REPLICAS = [ALIAS]
    fake = FakeReplica()
    monkeypatch.setattr(replicas, "measure", fake.measure)
    replicas.forget_states()
    original = replicas.ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        alias = original(self, model, **hints)
        fake.reads.append(alias)
        return alias

    monkeypatch.setattr(replicas.ReplicaRouter, "db_for_read", recording)
    return fake


@pytest.fixture(name="replica")
def replica_fixture(settings, monkeypatch):
    fake = _install(settings, monkeypatch)
    setattr(connections._connections, ALIAS, connections["default"])
    yield fake
    delattr(connections._connections, ALIAS)
    replicas.forget_states()


@pytest.fixture(name="broken_replica")
def broken_replica_fixture(settings, monkeypatch):
    """The health check finds it well, but every query on it fails to connect."""
    fake = _install(settings, monkeypatch)
    broken = copy.deepcopy(connections["default"].settings_dict)
    if broken["ENGINE"].endswith("sqlite3"):
        broken["NAME"] = "/nonexistent-directory/replica.sqlite3"
    else:
        broken.update(HOST="127.0.0.1", PORT="1")
    # Made here rather than declared in connections.settings: Django's tests allow a
    # connection made on the fly.
    wrapper = load_backend(broken["ENGINE"]).DatabaseWrapper(broken, ALIAS)
    setattr(connections._connections, ALIAS, wrapper)
    yield fake
    wrapper.close()
    delattr(connections._connections, ALIAS)
    replicas.forget_states()
