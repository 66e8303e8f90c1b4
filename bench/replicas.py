"""Read replicas proven on this machine: a real streaming replica, gunicorn and wrk.

    .venv/bin/python bench/replicas.py [--seconds 10] [--pg-port 55432] [--port 58497]

It makes its OWN two PostgreSQL clusters in a temporary directory (never the shared server
on 5432): a primary (initdb, port --pg-port) and a streaming replica of it
(`pg_basebackup -R`, the next port). As root, the servers run as the postgres user
(initdb refuses root). It migrates and loads the demo data into the primary, then serves
the site with gunicorn (2 workers, production settings, DEBUG off) with
DATABASE_URL=primary and DATABASE_REPLICA_URLS=replica, the page cache off (so that every
page view reads the database) and view counts never flushed (so that anonymous reads
never write), and shows:

1. anonymous reads (wrk on question pages, department pages, the API and search) served
   by the replica: its pg_stat_database counters move, the primary's do not;
2. read-your-writes: with the replica's replay paused (behind the primary, as a lagging
   replica is), a patient asks a question and sees it at once on My questions, though the
   replica has not got it; the replica, now behind by more than
   QA_PORTAL_REPLICA_MAX_LAG_SECONDS, is skipped (/healthz says lagging) and taken back
   once replay resumes;
3. the replica stopped in the middle of a wrk run (pg_ctl stop -m fast) and started again,
   while a patient keeps asking: no 5xx, the reads on the primary while it is down, back
   on the replica after, and every question the site acknowledged is in the database.

Prints the figures and exits non-zero if a check fails. Needs wrk (apt-get install wrk).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg
from reliability import (
    CSRF,
    PASSWORD,
    OwnCluster,
    Stats,
    User,
    manage,
    pg_tool,
    request,
    site_env,
    start_gunicorn,
)

ROOT = Path(__file__).resolve().parent.parent
EMAIL = "replica.patient@example.org"
BENCH = "bench-replicas"  # this script's own connections, told apart in the primary's log

CREATE_PATIENT = f"""
from django.utils import timezone
from qa_portal.models import User
user, _ = User.objects.get_or_create(email={EMAIL!r})
user.set_password({PASSWORD!r})
user.email_verified_at = timezone.now()
user.save()
"""

# wrk: cycles through the paths; counts the answers by status across its threads.
WRK_SCRIPT = """
paths = {%s}
counter = 0
threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do total[code] = (total[code] or 0) + n end
  end
  for code, n in pairs(total) do io.write(string.format("status %%d %%d\\n", code, n)) end
end
"""


class Replica:
    """A streaming replica of an OwnCluster, made with pg_basebackup -R."""

    def __init__(self, primary: OwnCluster, port: int):
        self.primary = primary
        self.data = primary.directory / "replica"
        self.port = port
        self.as_user = primary.as_user

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, pg_tool("pg_ctl"), "-D", str(self.data), *args],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip

    def create(self) -> None:
        subprocess.run([*self.as_user, pg_tool("pg_basebackup"), "-h", "127.0.0.1", "-p",
                        str(self.primary.port), "-U", "postgres", "-D", str(self.data), "-R",
                        "-X", "stream", "-c", "fast"], check=True)  # fmt: skip
        self.start()

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-k {self.primary.directory} -c max_connections=200")  # fmt: skip
        self._pg_ctl("-o", options, "-l", str(self.primary.directory / "replica.log"), "-w",
                     "start")  # fmt: skip

    def stop(self, check: bool = True) -> None:
        try:
            self._pg_ctl("-m", "fast", "-w", "stop")
        except subprocess.CalledProcessError:
            if check:
                raise


def counters(url: str, database: str) -> dict | None:
    """The database's pg_stat_database counters, or None when the server does not answer."""
    try:
        with psycopg.connect(url, connect_timeout=2, autocommit=True,
                             application_name=BENCH) as connection:  # fmt: skip
            row = connection.execute(
                "SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database "
                "WHERE datname = %s",
                [database],
            ).fetchone()
    except psycopg.Error:
        return None
    return {"xact_commit": row[0], "tup_returned": row[1], "tup_fetched": row[2]}


def delta(after: dict | None, before: dict | None) -> dict | None:
    if after is None or before is None:
        return None
    return {key: after[key] - before[key] for key in after}


# A backend reports its counters when it goes idle, at most once a second (PostgreSQL 15).
STATS_FLUSH_SECONDS = 3


def wrk(port: int, paths: list[str], seconds: int, script_path: Path) -> dict:
    quoted = ", ".join(json.dumps(path) for path in paths)
    script_path.write_text(WRK_SCRIPT % quoted)
    result = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", str(script_path), f"http://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        check=True,
    )
    statuses = {
        int(code): int(count) for code, count in re.findall(r"^status (\d+) (\d+)$",
                                                            result.stdout, re.M)
    }  # fmt: skip
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    return {"statuses": statuses, "rate": float(rate.group(1)) if rate else 0.0,
            "total": sum(statuses.values()), "output": result.stdout}  # fmt: skip


class Patient(User):
    def log_in(self) -> bool:
        status, _message, content = self.call("GET", "/accounts/login/")
        token = CSRF.search(content or b"")
        status, message, _content = self.call(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": EMAIL,
             "password": PASSWORD},
        )  # fmt: skip
        return status == 302 and "/accounts/login/" not in message["Location"]

    def ask(self, department: int) -> tuple[int | None, str, dict]:
        """Ask a question: (its id when the site acknowledged it, its title, the cookies the
        answer set)."""
        status, _message, content = self.call("GET", "/ask/")
        token = CSRF.search(content or b"")
        if status != 200 or not token:
            return None, "", {}
        title = f"Replica run question {uuid.uuid4().hex[:10]}: numb fingers in the morning"
        status, message, _content = self.call(
            "POST",
            "/ask/",
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "department": str(department),
                "title": title,
                "body": "My fingers are numb for an hour after I wake up. It started last week.",
                "nickname": "REPLICA",
                "age_range": "30~39",
                "gender": "female",
                "consent": "on",
                "submission_token": str(uuid.uuid4()),
            },
        )
        set_cookies = message.get_all("Set-Cookie") if message else []
        found = re.search(r"/ask/submitted/(\d+)/", message["Location"]) if status == 302 else None
        return (int(found.group(1)) if found else None), title, set_cookies or []


def healthz(port: int) -> dict:
    return json.loads(request("127.0.0.1", port, "GET", "/healthz")[2])


def wait_until(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--pg-port", type=int, default=55432, help="the primary's port")
    parser.add_argument("--port", type=int, default=58497, help="gunicorn's port")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")

    failures = []

    def check(ok: bool, what: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory(prefix="qa-replicas-") as temp:
        directory = Path(temp)
        primary = OwnCluster(directory, options.pg_port)
        replica = Replica(primary, options.pg_port + 1)
        server_process = None
        try:
            print(f"Primary on port {primary.port}, replica on {replica.port}, in {directory}")
            primary.start()
            primary_server = f"postgres://postgres@127.0.0.1:{primary.port}"
            replica_server = f"postgres://postgres@127.0.0.1:{replica.port}"
            with psycopg.connect(f"{primary_server}/postgres", autocommit=True) as connection:
                connection.execute("CREATE DATABASE qa_replicas")
            primary_url, replica_url = (
                f"{primary_server}/qa_replicas",
                f"{replica_server}/qa_replicas",
            )
            env = site_env(primary_url, str(directory / "static"))
            print("Migrating, loading the demo data, collecting static files (on the primary)")
            manage(env, "migrate", "--noinput")
            manage(env, "load_demo")
            manage(env, "collectstatic", "--noinput")
            manage(env, "shell", "-c", CREATE_PATIENT)
            t0 = time.monotonic()
            replica.create()
            print(f"Replica made with pg_basebackup -R in {time.monotonic() - t0:.1f} s")

            with psycopg.connect(primary_url) as connection:
                questions = connection.execute(
                    "SELECT id, slug FROM questions_question WHERE status = 'answered' "
                    "ORDER BY id LIMIT 20"
                ).fetchall()
                departments = connection.execute(
                    "SELECT id, slug FROM specialists_department ORDER BY id"
                ).fetchall()
            paths = [f"/questions/{pk}/{urllib.parse.quote(slug)}/" for pk, slug in questions]
            paths += [f"/departments/{slug}/" for _pk, slug in departments[:3]]
            paths += ["/api/questions/", "/search/?q=sleep", "/"]

            env.update(
                DATABASE_REPLICA_URLS=replica_url,
                QA_PORTAL_PAGE_CACHE_SECONDS="0",
                QA_PORTAL_VIEW_COUNT_FLUSH_EVERY="1000000000",
                QA_PORTAL_READ_YOUR_WRITES_SECONDS="10",
                QA_PORTAL_REPLICA_MAX_LAG_SECONDS="5",
                DJANGO_LOG_LEVEL="INFO",  # the replicas' log lines
            )
            log = directory / "gunicorn.log"
            server_process = start_gunicorn(env, options.port, 2, log)
            print(f"gunicorn on 127.0.0.1:{options.port}, 2 workers; /healthz: "
                  f"{healthz(options.port)}")  # fmt: skip
            for path in paths:  # warm both workers' caches of fragments and compiled SQL
                request("127.0.0.1", options.port, "GET", path)
            script = directory / "paths.lua"

            # -- 1. anonymous reads on the replica ----------------------------------------
            print(f"\n1. Anonymous reads: wrk -t2 -c8 -d{options.seconds}s over {len(paths)} "
                  "public pages (question, department, API, search, home)")  # fmt: skip
            # Every statement the primary runs is logged, with the client's name.
            with psycopg.connect(f"{primary_server}/postgres", autocommit=True) as connection:
                connection.execute("ALTER SYSTEM SET log_statement = 'all'")
                connection.execute("ALTER SYSTEM SET log_line_prefix = '[%a] '")
                connection.execute("SELECT pg_reload_conf()")
            server_log = primary.directory / "server.log"
            log_start = server_log.stat().st_size
            time.sleep(STATS_FLUSH_SECONDS)
            before = counters(primary_url, "qa_replicas"), counters(replica_url, "qa_replicas")
            run = wrk(options.port, paths, options.seconds, script)
            time.sleep(STATS_FLUSH_SECONDS)
            after = counters(primary_url, "qa_replicas"), counters(replica_url, "qa_replicas")
            on_primary, on_replica = delta(after[0], before[0]), delta(after[1], before[1])
            print(f"  requests {run['total']} ({run['rate']:.0f}/s), statuses {run['statuses']}")
            print(f"  replica pg_stat_database: {on_replica}")
            print(f"  primary pg_stat_database: {on_primary} (this script's readings and "
                  "autovacuum's)")  # fmt: skip
            five = sum(n for code, n in run["statuses"].items() if code >= 500)
            check(five == 0 and set(run["statuses"]) == {200}, "every answer 200, no 5xx")
            check(on_replica["xact_commit"] >= run["total"], "the replica ran the reads "
                  "(at least one transaction per request)")  # fmt: skip
            with server_log.open(errors="replace") as logged:
                logged.seek(log_start)
                statements = [line.strip() for line in logged
                              if "statement:" in line and f"[{BENCH}]" not in line]  # fmt: skip
            print(f"  statements the primary ran for the site meanwhile: {len(statements)}")
            for line in statements[:10]:
                print(f"    {line[:150]}")
            check(not statements and on_primary["xact_commit"] < run["total"] / 10,
                  "the primary ran nothing for the site; its counters stayed still")  # fmt: skip

            # -- 2. read-your-writes while the replica lags --------------------------------
            print("\n2. Read-your-writes with the replica's replay paused")
            with psycopg.connect(replica_url, autocommit=True) as standby:
                standby.execute("SELECT pg_wal_replay_pause()")
                stats = Stats()
                patient = Patient(options.port, stats, threading.Event())
                check(patient.log_in(), "the patient logged in")
                pk, title, set_cookies = patient.ask(departments[0][0])
                check(pk is not None, "the question was acknowledged (redirect to submitted)")
                status, _m, page = patient.call("GET", "/my/questions/")
                check(status == 200 and title.encode() in page,
                      "the patient sees it at once on My questions")  # fmt: skip
                check(any(c.startswith("qa_rw=") and "Max-Age=10" in c for c in set_cookies),
                      "the ask's answer set the read-your-writes cookie (qa_rw, 10 s)")  # fmt: skip
                on_standby = standby.execute(
                    "SELECT count(*) FROM questions_question WHERE title = %s", [title]
                ).fetchone()[0]
                check(on_standby == 0, "the replica does not have it yet (replay paused)")
                lagging = wait_until(
                    lambda: healthz(options.port)["replicas"]["replica_1"]["state"] == "lagging",
                    seconds=20,
                )  # fmt: skip
                print(f"  /healthz: {healthz(options.port)}")
                check(lagging, "the lagging replica is skipped (/healthz: lagging)")
                before = counters(primary_url, "qa_replicas")
                run = wrk(options.port, paths, 3, script)
                time.sleep(STATS_FLUSH_SECONDS)
                moved = delta(counters(primary_url, "qa_replicas"), before)
                print(f"  wrk 3 s while it lags: {run['total']} requests, statuses "
                      f"{run['statuses']}; primary {moved}")  # fmt: skip
                check(set(run["statuses"]) == {200} and moved["xact_commit"] >= run["total"],
                      "while it lags, the anonymous reads go to the primary, all 200")  # fmt: skip
                standby.execute("SELECT pg_wal_replay_resume()")
                back = wait_until(
                    lambda: healthz(options.port)["replicas"]["replica_1"]["state"] == "up",
                    seconds=20,
                )  # fmt: skip
                check(back, "replay resumed: the replica is taken back (/healthz: up)")

            # -- 3. the replica stopped and started under load -----------------------------
            seconds = max(options.seconds * 3, 24)
            print(f"\n3. wrk for {seconds} s; the replica stopped at +{seconds // 4} s and "
                  f"started at +{seconds // 2} s; a patient asking all along")  # fmt: skip
            stop_asking = threading.Event()
            acknowledged, asked = {}, [0]

            def keep_asking():
                while not stop_asking.is_set():
                    asked[0] += 1
                    pk, title, _cookies = patient.ask(departments[1][0])
                    if pk is not None:
                        acknowledged[pk] = title
                    stop_asking.wait(0.3)

            samples = []  # (seconds since the start, primary counters, replica counters)
            done = threading.Event()

            def sample():
                while not done.is_set():
                    samples.append((time.monotonic() - started,
                                    counters(primary_url, "qa_replicas"),
                                    counters(replica_url, "qa_replicas")))  # fmt: skip
                    done.wait(1.0)

            results = {}
            started = time.monotonic()
            threads = [
                threading.Thread(target=lambda: results.update(wrk(options.port, paths, seconds,
                                                                   script))),
                threading.Thread(target=keep_asking),
                threading.Thread(target=sample),
            ]  # fmt: skip
            for thread in threads:
                thread.start()
            time.sleep(seconds // 4)
            stopped_at = time.monotonic() - started
            replica.stop()
            print(f"  replica stopped at +{stopped_at:.1f} s (pg_ctl stop -m fast)")
            time.sleep(max(0.0, seconds // 2 - (time.monotonic() - started)))
            restarted_at = time.monotonic() - started
            replica.start()
            print(f"  replica started at +{restarted_at:.1f} s, ready at "
                  f"+{time.monotonic() - started:.1f} s")  # fmt: skip
            threads[0].join()
            stop_asking.set()
            threads[1].join()
            time.sleep(STATS_FLUSH_SECONDS)
            done.set()
            threads[2].join()
            statuses = results.get("statuses", {})
            print(f"  wrk: {results.get('total')} requests ({results.get('rate', 0):.0f}/s), "
                  f"statuses {statuses}")  # fmt: skip
            five = sum(n for code, n in statuses.items() if code >= 500)
            check(five == 0 and set(statuses) == {200}, "no 5xx: every anonymous read 200")

            def rate(series, start, end, index):
                points = [(t, c[index]) for t, *c in series if start <= t <= end and c[index]]
                if len(points) < 2:
                    return None
                (t1, a), (t2, b) = points[0], points[-1]
                return (b["xact_commit"] - a["xact_commit"]) / (t2 - t1)

            windows = {
                "before the stop": (1, stopped_at),
                "while stopped": (stopped_at + 1, restarted_at),
                "after the start": (restarted_at + 3, seconds),
            }
            print("  transactions per second (pg_stat_database, sampled each second):")
            measured = {}
            for name, (start, end) in windows.items():
                measured[name] = (rate(samples, start, end, 0), rate(samples, start, end, 1))
                primary_rate, replica_rate = measured[name]
                shown = lambda x: "down" if x is None else f"{x:7.0f}"  # noqa: E731
                print(f"    {name:16} primary {shown(primary_rate)}   replica "
                      f"{shown(replica_rate)}")  # fmt: skip
            p_before, r_before = measured["before the stop"]
            p_down, _ = measured["while stopped"]
            p_after, r_after = measured["after the start"]
            # The patient's writes and reads are on the primary all along: the anonymous
            # reads are what moves from one server to the other.
            check(bool(r_before and r_before > 20), "before the stop the reads are on the replica")
            check(bool(p_down and p_before is not None and p_down - p_before > r_before / 2),
                  "while it is stopped they are on the primary")  # fmt: skip
            check(bool(r_after and r_after > r_before / 2 and p_after is not None
                       and p_after < p_down / 1.5),
                  "once it is back they are on the replica again")  # fmt: skip
            missing = missing_questions_by_title(primary_url, acknowledged)
            print(f"  patient: {asked[0]} questions sent, {len(acknowledged)} acknowledged, "
                  f"{len(missing)} of them missing on the primary")  # fmt: skip
            check(not missing and len(acknowledged) > 0, "no acknowledged write lost")
            caught_up = wait_until(
                lambda: not missing_questions_by_title(replica_url, acknowledged), seconds=30
            )
            check(caught_up, "the replica has every acknowledged question too once caught up")
            logged = [line for line in log.read_text(errors="replace").splitlines()
                      if "machinery.replicas" in line]  # fmt: skip
            print(f"  log lines of machinery.replicas ({len(logged)}):")
            for line in logged:
                print(f"    {line[line.index('machinery.replicas') :][:160]}")
        finally:
            if server_process is not None:
                os.killpg(server_process.pid, signal.SIGTERM)
                server_process.wait(timeout=30)
            replica.stop(check=False)
            primary.stop()
    print()
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("PASSED: anonymous reads on the replica; read-your-writes while it lags; a lagging "
          "or stopped replica skipped without a 5xx and taken back; no acknowledged write "
          "lost")  # fmt: skip


def missing_questions_by_title(url: str, acknowledged: dict) -> list[int]:
    """The acknowledged question ids whose row (with that title) is not on this server."""
    if not acknowledged:
        return []
    try:
        with psycopg.connect(url, connect_timeout=2) as connection:
            rows = dict(connection.execute(
                "SELECT id, title FROM questions_question WHERE id = ANY(%s)",
                [list(acknowledged)],
            ).fetchall())  # fmt: skip
    except psycopg.Error:
        return sorted(acknowledged)
    return sorted(pk for pk, title in acknowledged.items() if rows.get(pk) != title)


if __name__ == "__main__":
    main()
