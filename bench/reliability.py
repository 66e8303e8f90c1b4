"""Reliability run: simulated users on gunicorn + PostgreSQL, then PostgreSQL restarted
under them.

    .venv/bin/python bench/reliability.py [--users 50] [--seconds 60] [--workers 4]

By default it starts its OWN PostgreSQL cluster (initdb into a temporary directory, port
5499 — never the shared server on 5432), creates a database, migrates, loads the demo data,
collects static files and serves the site with gunicorn (production settings, DEBUG off,
on 127.0.0.1:8497). To use an existing server instead, give its URL and the command that
restarts it (it must be yours to restart):

    .venv/bin/python bench/reliability.py --database-url postgres://…/qa_reliab \\
        --restart-command "pg_ctlcluster --skip-systemctl-redirect 15 reliab restart"

Users: patients (a fifth of them) log in, then loop: open /ask/, send a question, and when
the server confirms it (the redirect to /ask/submitted/<id>/) record that id; open My
questions. Readers loop over the home page, question pages, department and topic pages and
/healthz. Each waits 0.2–1 s between requests. The per-account daily question limit and
the per-address rate limits are raised through their environment settings
(QA_PORTAL_QUESTIONS_PER_DAY, QA_PORTAL_ASKS_PER_HOUR, …) so the simulation is not
throttled.

Phase 1: steady load for --seconds; every 5xx is a failure.
Phase 2: the same load, and after a third of the time PostgreSQL is restarted (fast
shutdown: open connections are cut, transactions in flight roll back). Answers while it is
down must be 503 with Retry-After (a 500 is a failure); the site must serve again by itself
(time to recovery is printed); afterwards every question a patient was told was saved must
be in the database.

Prints the figures and exits non-zero if any check fails.
"""

import argparse
import http.client
import os
import pwd
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
PG_BIN = Path("/usr/lib/postgresql")
PASSWORD = "reliability-run-passphrase"


# -- PostgreSQL ---------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found and name != "initdb":
        return found
    versions = sorted(PG_BIN.glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    for directory in versions:
        if (directory / name).exists():
            return str(directory / name)
    raise SystemExit(f"{name} not found (install postgresql)")


class OwnCluster:
    """A throwaway PostgreSQL cluster in a temporary directory, on its own port. initdb
    and the server refuse to run as root, so as root they run as the postgres user."""

    def __init__(self, directory: Path, port: int):
        self.directory = directory
        self.data = directory / "data"
        self.port = port
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            owner = pwd.getpwnam("postgres")
            os.chown(directory, owner.pw_uid, owner.pw_gid)

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        self._run(pg_tool("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c max_connections=200 -c fsync=on"
        )
        self._run(pg_tool("pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.directory / "server.log"), "-w", "start")  # fmt: skip

    def restart_command(self) -> list[str]:
        return [*self.as_user, pg_tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                "restart"]  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, pg_tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


# -- the site -----------------------------------------------------------------------------


def site_env(database_url: str, static_root: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "QA_PORTAL_"))
    }
    env.update(
        DJANGO_SECRET_KEY="reliability-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_BEHIND_PROXY="0",
        DJANGO_STATIC_ROOT=static_root,
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        # Limits meant for one person would throttle fifty simulated ones behind one IP.
        QA_PORTAL_QUESTIONS_PER_DAY="1000000",
        QA_PORTAL_ASKS_PER_HOUR="1000000",
        QA_PORTAL_SIGNUPS_PER_HOUR="1000000",
        QA_PORTAL_PASSWORD_RESETS_PER_HOUR="1000000",
        QA_PORTAL_REPORTS_PER_HOUR="1000000",
        QA_PORTAL_LOGIN_FAILURE_LIMIT="1000000",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


CREATE_PATIENTS = """
from qa_portal.models import User
for number in range({count}):
    user, _ = User.objects.get_or_create(email=f"reliability{{number}}@example.org")
    user.set_password({password!r})
    user.save()
"""


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            GUNICORN,
            "qa_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--error-logfile",
            str(log),
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            if request("127.0.0.1", port, "GET", "/healthz")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start; see " + str(log))


# -- the simulated users ------------------------------------------------------------------


def request(host, port, method, path, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    finally:
        connection.close()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.errors = Counter()  # connection errors, by kind
        self.latencies = []
        self.server_errors = []  # (time, status, path)
        self.confirmed = {}  # question id -> submission token
        self.asked = 0

    def record(self, status, path, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            if status >= 500:
                self.server_errors.append((time.monotonic(), status, path))


class User:
    def __init__(self, port: int, stats: Stats, stop: threading.Event):
        self.port = port
        self.stats = stats
        self.stop = stop
        self.cookies = {}

    def call(self, method, path, form=None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            status, message, content = request("127.0.0.1", self.port, method, path, body, headers)
        except OSError as error:
            with self.stats.lock:
                self.stats.errors[type(error).__name__] += 1
            return None, None, b""
        self.stats.record(status, path, time.monotonic() - started)
        for header in message.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return status, message, content

    def pause(self):
        self.stop.wait(random.uniform(0.2, 1.0))


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reader(User):
    def __init__(self, *args, paths: list[str]):
        super().__init__(*args)
        self.paths = paths

    def run(self):
        while not self.stop.is_set():
            self.call("GET", random.choice(self.paths))
            self.pause()


class Patient(User):
    def __init__(self, *args, email: str, departments: list[int]):
        super().__init__(*args)
        self.email = email
        self.departments = departments
        self.logged_in = False

    def log_in(self) -> bool:
        status, _message, content = self.call("GET", "/accounts/login/")
        token = CSRF.search(content or b"")
        if status != 200 or not token:
            return False
        status, message, _content = self.call(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": self.email,
                "password": PASSWORD,
            },  # fmt: skip
        )
        self.logged_in = status == 302 and "/accounts/login/" not in message["Location"]
        return self.logged_in

    def ask(self):
        status, _message, content = self.call("GET", "/ask/")
        if status == 302:  # the session is gone (it never should be): log in again
            self.logged_in = False
            return
        token = CSRF.search(content or b"")
        if status != 200 or not token:
            return
        submission = str(uuid.uuid4())
        number = random.randrange(10**6)
        with self.stats.lock:
            self.stats.asked += 1
        status, message, _content = self.call(
            "POST",
            "/ask/",
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "department": str(random.choice(self.departments)),
                "title": f"Simulated question {number}: tingling in my feet at night",
                "body": "My feet tingle most nights after work. It stops in the morning.",
                "nickname": "SIM",
                "age_range": "30~39",
                "gender": "female",
                "consent": "on",
                "submission_token": submission,
            },
        )
        if status == 302:
            found = re.search(r"/ask/submitted/(\d+)/", message["Location"])
            if found:
                with self.stats.lock:
                    self.stats.confirmed[int(found.group(1))] = submission

    def run(self):
        while not self.stop.is_set():
            if not self.logged_in and not self.log_in():
                self.pause()
                continue
            self.ask()
            self.pause()
            self.call("GET", "/my/questions/")
            self.pause()


class HealthWatch:
    """Polls /healthz every 100 ms and remembers when it stopped and started answering 200."""

    def __init__(self, port: int, stop: threading.Event):
        self.port = port
        self.stop = stop
        self.samples = []  # (time, ok)

    def run(self):
        while not self.stop.is_set():
            try:
                status = request("127.0.0.1", self.port, "GET", "/healthz", timeout=10)[0]
            except OSError:
                status = None
            self.samples.append((time.monotonic(), status == 200))
            self.stop.wait(0.1)


def run_load(port, users, seconds, paths, departments, emails, restart=None):
    """Run the users for `seconds`; with `restart` (a command), restart PostgreSQL after a
    third of the time. Returns the stats, the health samples and the restart times."""
    stats, stop = Stats(), threading.Event()
    patients = max(1, users // 5)
    workers = [
        Patient(port, stats, stop, email=emails[index], departments=departments)
        for index in range(patients)
    ]
    workers += [Reader(port, stats, stop, paths=paths) for _ in range(users - patients)]
    watch = HealthWatch(port, stop)
    threads = [threading.Thread(target=w.run, daemon=True) for w in [*workers, watch]]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    restart_times = None
    if restart:
        time.sleep(seconds / 3)
        began = time.monotonic()
        subprocess.run(restart, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        restart_times = (began, time.monotonic())
    time.sleep(max(0, started + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return stats, watch.samples, restart_times, time.monotonic() - started


def summary(stats: Stats, elapsed: float) -> str:
    total = sum(stats.statuses.values())
    latencies = sorted(stats.latencies) or [0]
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1 if len(latencies) > 1 else 0] * 1000
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(stats.statuses.items()))
    errors = ", ".join(f"{kind}: {count}" for kind, count in stats.errors.items()) or "none"
    return (
        f"  requests {total} in {elapsed:.0f} s ({total / elapsed:.0f}/s), "
        f"p50 {p50:.0f} ms, p99 {p99:.0f} ms\n"
        f"  statuses {statuses}\n"
        f"  connection errors {errors}\n"
        f"  questions sent {stats.asked}, confirmed saved {len(stats.confirmed)}"
    )


def missing_questions(database_url: str, confirmed: dict) -> list[int]:
    if not confirmed:
        return []
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT id, submission_token::text FROM questions_question WHERE id = ANY(%s)",
            [list(confirmed)],
        ).fetchall()
    saved = dict(rows)
    return sorted(pk for pk, token in confirmed.items() if saved.get(pk) != token)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8497, help="gunicorn port")
    parser.add_argument("--pg-port", type=int, default=5499, help="port of the own cluster")
    parser.add_argument("--database-url", help="use this database instead of an own cluster")
    parser.add_argument("--restart-command", help="restarts the server of --database-url")
    options = parser.parse_args()
    if options.database_url and not options.restart_command:
        parser.error("--database-url needs --restart-command")

    failures = []
    with tempfile.TemporaryDirectory(prefix="qa-reliability-") as temp:
        directory = Path(temp)
        cluster = None
        if options.database_url:
            database_url = options.database_url
            restart = shlex.split(options.restart_command)
        else:
            cluster = OwnCluster(directory, options.pg_port)
            print(f"Starting a PostgreSQL cluster on port {options.pg_port} in {directory}")
            cluster.start()
            server = f"postgres://postgres@127.0.0.1:{options.pg_port}"
            with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
                connection.execute("CREATE DATABASE qa_reliability")
            database_url = f"{server}/qa_reliability"
            restart = cluster.restart_command()
        server_process = None
        try:
            env = site_env(database_url, str(directory / "static"))
            print("Migrating, loading the demo data, collecting static files")
            manage(env, "migrate", "--noinput")
            manage(env, "load_demo")
            manage(env, "collectstatic", "--noinput")
            patients = max(1, options.users // 5)
            manage(env, "shell", "-c", CREATE_PATIENTS.format(count=patients, password=PASSWORD))
            emails = [f"reliability{number}@example.org" for number in range(patients)]
            with psycopg.connect(database_url) as connection:
                questions = connection.execute(
                    "SELECT id, slug FROM questions_question WHERE status = 'answered' "
                    "ORDER BY id LIMIT 50"
                ).fetchall()
                departments = connection.execute(
                    "SELECT id, slug FROM specialists_department"
                ).fetchall()
                topics = connection.execute("SELECT slug FROM questions_faqtopic LIMIT 10")
                topic_slugs = [row[0] for row in topics.fetchall()]
            paths = ["/", "/departments/", "/topics/", "/healthz"]
            paths += [f"/questions/{pk}/{urllib.parse.quote(slug)}/" for pk, slug in questions]
            paths += [f"/departments/{slug}/" for _pk, slug in departments]
            paths += [f"/topics/{urllib.parse.quote(slug)}/" for slug in topic_slugs]
            department_ids = [pk for pk, _slug in departments]

            log = directory / "gunicorn.log"
            server_process = start_gunicorn(env, options.port, options.workers, log)
            pids = sorted(
                subprocess.run(
                    ["pgrep", "-P", str(server_process.pid)], capture_output=True, text=True
                ).stdout.split()  # fmt: skip
            )
            print(f"gunicorn on 127.0.0.1:{options.port}, {options.workers} workers {pids}")

            print(f"\nPhase 1: {options.users} users for {options.seconds} s")
            stats, _samples, _times, elapsed = run_load(
                options.port, options.users, options.seconds, paths, department_ids, emails
            )
            print(summary(stats, elapsed))
            five = sum(count for code, count in stats.statuses.items() if code >= 500)
            print(f"  5xx: {five}")
            if five or stats.errors:
                failures.append(f"phase 1: {five} 5xx, {sum(stats.errors.values())} errors")
            missing = missing_questions(database_url, stats.confirmed)
            print(f"  confirmed questions missing from the database: {len(missing)}")
            if missing:
                failures.append(f"phase 1: questions told saved but missing: {missing}")

            print(f"\nPhase 2: {options.users} users for {options.seconds} s, PostgreSQL "
                  f"restarted after {options.seconds // 3} s")  # fmt: skip
            stats, samples, (began, ended), elapsed = run_load(
                options.port, options.users, options.seconds, paths, department_ids, emails,
                restart=restart,
            )  # fmt: skip
            print(summary(stats, elapsed))
            by_status = Counter(status for _t, status, _p in stats.server_errors)
            print(f"  5xx: {dict(by_status) or 0} (503 expected while the database is down)")
            if any(status != 503 for status in by_status):
                failures.append(f"phase 2: 5xx other than 503: {dict(by_status)}")
            down = [t for t, ok in samples if not ok and t >= began]
            recovered = [t for t, ok in samples if ok and t >= ended]
            print(f"  PostgreSQL restart took {ended - began:.1f} s (pg_ctl restart -m fast)")
            if down:
                print(
                    f"  /healthz not ok from +{down[0] - began:.2f} s to +{down[-1] - began:.2f} s"
                )
            if recovered:
                print(f"  site serving again {recovered[0] - ended:.2f} s after PostgreSQL was "
                      f"back ({recovered[0] - began:.2f} s after the restart began)")  # fmt: skip
            else:
                failures.append("phase 2: the site did not recover")
            last_503 = max((t for t, s, _p in stats.server_errors if s == 503), default=None)
            if last_503 is not None:
                print(f"  last 503 to a user at +{last_503 - began:.2f} s after the restart began")
            missing = missing_questions(database_url, stats.confirmed)
            print(f"  confirmed questions missing from the database: {len(missing)}")
            if missing:
                failures.append(f"phase 2: questions told saved but missing: {missing}")
            after = sorted(
                subprocess.run(
                    ["pgrep", "-P", str(server_process.pid)], capture_output=True, text=True
                ).stdout.split()  # fmt: skip
            )
            logged = log.read_text(errors="replace").splitlines()
            unavailable = [line for line in logged if "Database unavailable" in line]
            print(f"  log lines 'Database unavailable': {len(unavailable)}; for example:")
            for line in unavailable[:2]:
                print(f"    {line}")
            print(f"  gunicorn workers before {pids}, after {after} "
                  f"({'the same' if after == pids else 'CHANGED'})")  # fmt: skip
        finally:
            if server_process is not None:
                os.killpg(server_process.pid, signal.SIGTERM)
                server_process.wait(timeout=30)
            if cluster is not None:
                cluster.stop()
    print()
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("PASSED: no 5xx under load; only 503 while PostgreSQL restarted; recovered by "
          "itself; every confirmed question saved")  # fmt: skip


if __name__ == "__main__":
    main()
