"""gunicorn's configuration, read from the directory gunicorn starts in (README, Running in
production). Command-line options still apply; this file only adds hooks.

With PROMETHEUS_MULTIPROC_DIR set, every worker writes its metrics to files there and a
scrape of /metrics adds them up (machinery.metrics). The directory is emptied when gunicorn
starts, so numbers from an earlier run are not added in, and a worker that exits has its
live gauges removed; its counters stay in the sums, as Prometheus expects of counters.
"""

import os
from pathlib import Path

from prometheus_client import multiprocess


def _metrics_directory() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    directory = _metrics_directory()
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    if _metrics_directory():
        multiprocess.mark_process_dead(worker.pid)
