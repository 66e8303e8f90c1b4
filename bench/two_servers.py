"""Proof that app servers share nothing but PostgreSQL and Redis: two gunicorn instances,
as two machines, behind HAProxy.

    .venv/bin/python bench/two_servers.py [--load-seconds 6] [--seconds 5] [--keep-database]

Creates (drops first) the PostgreSQL database qa_two_bench, migrates it, loads the demo
data and collects static files; flushes its own Redis database (--redis-url). Then starts
two gunicorn instances, A and B (production settings, DEBUG off, 2 sync workers each),
each in its own process group on its own port with its own metrics directory, and
HAProxy (Debian's) in front of them: round robin, health checks on /healthz, `retries 2`
and `option redispatch`. Some limits are set low for the run (3 reports an hour, lockout
after 3 failed logins) and one high (the writer's "This answered my question too").

It shows, and exits non-zero if one fails:
1. a reply published over HTTP through A (a demo doctor logs in with the login form) is on
   B's cached question page (warmed first, read anonymously) within a second;
2. question page views read N times, half on A and half on B, are all in the database
   after `manage.py flush_view_counts`;
3. a rate limit counts across both: reports posted alternately to A and B are refused
   after the third;
4. a session made on A is logged in on B, and logging out on B logs out on A;
5. the login lockout counts across both: three failures alternated over A and B lock the
   account on both, even with the right password;
6. either server stopped mid-load costs no acknowledged write: concurrent writers through
   HAProxy ("This answered my question too", one row per new browser) while A is stopped
   with SIGTERM, then (A back) while B is killed with SIGKILL, then (B back) while A is
   drained in HAProxy first and stopped: every write answered 200 has its row, the other
   server answers after the stop, and the drained stop fails no request at all.
Before 6, while both serve, wrk measures an anonymous question page from A alone and
through HAProxy. Needs Debian's haproxy and wrk. Run on 2 shared cores, each writer run
and wrk run is kept to a few seconds.
"""

import argparse
import hashlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http_cache import Checks, get, prepare_database  # noqa: E402
from bench.run import PYTHON, site_env, start, stop, wrk  # noqa: E402

BALANCER_PORT, A_PORT, B_PORT = 8630, 8631, 8632
DATABASE = "qa_two_bench"
PASSWORD = "two-servers-proof-" + secrets.token_urlsafe(8)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One browser's cookies, sent to whichever server it is pointed at, as if both stood
    behind one address. The site's cookies are Secure (DEBUG off), which a browser would
    not send over plain HTTP: this one does, as the TLS front would carry them."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer.status, answer.headers, text

    def post_form(self, port: int, form_path: str, fields: dict, action: str | None = None):
        """GET the page with the form (for its CSRF token), then POST it."""
        status, _, page = self.request(port, "GET", form_path)
        match = TOKEN.search(page)
        if match is None:
            raise RuntimeError(f"no CSRF token on {form_path} (status {status})")
        return self.request(
            port, "POST", action or form_path, {"csrfmiddlewaretoken": match[1], **fields}
        )

    def log_in(self, port: int, email: str, password: str):
        return self.post_form(port, "/accounts/login/", {"username": email, "password": password})


def haproxy_config(work: Path) -> Path:
    config = work / "haproxy.cfg"
    config.write_text(
        f"""global
    maxconn 2000
    stats socket {work}/haproxy.sock mode 600 level admin

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    retries 2
    option redispatch

frontend site
    bind 127.0.0.1:{BALANCER_PORT}
    default_backend servers

backend servers
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    default-server inter 500ms fall 2 rise 2
    http-response set-header X-Served-By %s
    server a 127.0.0.1:{A_PORT} check
    server b 127.0.0.1:{B_PORT} check
"""
    )
    return config


def haproxy_command(work: Path, command: str) -> str:
    """One command on HAProxy's runtime API (its stats socket)."""
    with socket.socket(socket.AF_UNIX) as connection:
        connection.connect(str(work / "haproxy.sock"))
        connection.sendall(command.encode() + b"\n")
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    return data.decode()


def haproxy_stats(work: Path) -> dict:
    """{server: {column: value}} from HAProxy's statistics."""
    lines = haproxy_command(work, "show stat").splitlines()
    columns = lines[0].lstrip("# ").split(",")
    rows = {}
    for line in lines[1:]:
        if line:
            row = dict(zip(columns, line.split(","), strict=False))
            if row["pxname"] == "servers":
                rows[row["svname"]] = row
    return rows


def wait_until_up(work: Path, servers: tuple, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stats = haproxy_stats(work)
        if all(stats[name]["status"] == "UP" for name in servers):
            return
        time.sleep(0.1)
    raise SystemExit(f"HAProxy does not see {servers} up")


def write_under_load(reply_pk: int, token: str, seconds: float, threads: int, stop_at, stopper):
    """Writers through HAProxy: each POST is a new browser saying the reply helped (one row
    each). `stopper()` is called `stop_at` seconds in. Returns what each request got."""
    outcomes = []  # (browser token, status or error name, served by, before the stop)
    lock = threading.Lock()
    stopped = threading.Event()
    end = time.monotonic() + seconds
    body = urlencode({"csrfmiddlewaretoken": token})

    def writer():
        while time.monotonic() < end:
            browser = secrets.token_urlsafe(24)
            connection = http.client.HTTPConnection("127.0.0.1", BALANCER_PORT, timeout=30)
            before = not stopped.is_set()
            try:
                connection.request(
                    "POST",
                    f"/replies/{reply_pk}/helped/",
                    body=body,
                    headers={
                        "Host": "127.0.0.1",
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"__Host-csrftoken={token}; qa_browser={browser}",
                    },
                )
                answer = connection.getresponse()
                answer.read()
                result = (browser, answer.status, answer.getheader("X-Served-By", "-"), before)
            except (OSError, http.client.HTTPException) as error:
                result = (browser, type(error).__name__, "-", before)
            finally:
                connection.close()
            with lock:
                outcomes.append(result)

    workers = [threading.Thread(target=writer) for _ in range(threads)]
    for thread in workers:
        thread.start()
    time.sleep(stop_at)
    stopper()
    stopped.set()
    for thread in workers:
        thread.join()
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="each wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--load-seconds", type=float, default=6, help="each writer run")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--views", type=int, default=40)
    parser.add_argument(
        "--admin-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help=f"a PostgreSQL database to create {DATABASE} from",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--keep-database", action="store_true")
    options = parser.parse_args()
    for tool in ("haproxy", "wrk"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install -y haproxy wrk")

    work = Path(tempfile.mkdtemp(prefix="qa-two-servers-"))
    database_url = options.admin_url.rsplit("/", 1)[0] + "/" + DATABASE
    env = site_env(str(work / "static"), page_cache=True)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=options.redis_url,
        DJANGO_LOG_LEVEL="ERROR",  # refused logins and reports are the point here
        # Tasks (the patient's e-mail) are queued, as in production, and left there: no
        # check needs them run, and the publishing request does not wait for them.
        QA_PORTAL_TASKS="database",
        QA_PORTAL_REPORTS_PER_HOUR="3",
        QA_PORTAL_LOGIN_FAILURE_LIMIT="3",
        QA_PORTAL_HELPED_PER_HOUR="1000000",
    )

    import redis

    redis.Redis.from_url(options.redis_url).flushdb()
    print(f"== database {DATABASE}: migrate and load_demo")
    prepare_database(options.admin_url, env, DATABASE)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)  # this process reads the database the servers write

    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "qa_portal.settings"
    django.setup()
    from django.contrib.auth import get_user_model

    from questions.models import Question, Reply, ReplyHelped, Report
    from specialists.models import Doctor

    public = list(Question.objects.public().order_by("pk")[:3])
    question, counted_question, reported_question = public
    replied = Reply.objects.filter(question=question).values("doctor")
    doctor = (
        Doctor.objects.filter(department=question.department, user__is_active=True)
        .exclude(pk__in=replied)
        .select_related("user")
        .first()
    )
    patient = get_user_model().objects.get(email="demo.patient@example.org")
    for user in (doctor.user, patient):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    helped_reply = Reply.objects.published().filter(question=counted_question).first()

    servers: dict[str, subprocess.Popen] = {}
    ports = {"a": A_PORT, "b": B_PORT}

    def start_server(name: str) -> None:
        server_env = dict(env, PROMETHEUS_MULTIPROC_DIR=str(work / f"metrics-{name}"))
        with open(work / f"{name}.log", "a") as log:  # noqa: SIM115 (gunicorn keeps it)
            servers[name] = start(["qa_portal.wsgi"], server_env, ports[name], 2, log=log)

    balancer = None
    checks = Checks()
    try:
        start_server("a")
        start_server("b")
        balancer = subprocess.Popen(
            ["haproxy", "-db", "-f", str(haproxy_config(work))],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            if (work / "haproxy.sock").exists():
                break
            time.sleep(0.1)
        wait_until_up(work, ("a", "b"))
        print(f"A :{A_PORT}, B :{B_PORT}, HAProxy :{BALANCER_PORT}, 2 sync workers each")

        path = question.get_absolute_url()
        print(f"\n== 1. a reply published through A is on B's cached page ({path})")
        doctor_browser = Browser()
        status, headers, _ = doctor_browser.log_in(A_PORT, doctor.user.email, PASSWORD)
        checks.check(
            f"Dr. {doctor.name} logs in through A's login form",
            status == 302 and "__Host-sessionid" in doctor_browser.cookies,
            f"{status} → {headers.get('Location')}",
        )
        for _ in range(6):  # both of B's workers hold the page, in Redis and a copy each
            get(B_PORT, path)
        marker = f"Proof-{int(time.time())}: a reply published through server A."
        form_path = f"/dashboard/questions/{question.pk}/"
        status, _, page = doctor_browser.request(A_PORT, "GET", form_path)
        fields = {
            "csrfmiddlewaretoken": TOKEN.search(page)[1],
            "body": marker + " Rest, drink water and see your doctor if it lasts.",
            "action": "publish",
        }
        seen = {}

        def watch_b():
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if marker in get(B_PORT, path)[2]:
                    seen["at"] = time.time()
                    return
                time.sleep(0.002)

        watcher = threading.Thread(target=watch_b)
        watcher.start()
        sent = time.time()
        status, headers, _ = doctor_browser.request(A_PORT, "POST", form_path, fields)
        acknowledged = time.time()
        watcher.join()
        checks.check(
            "A publishes it", status == 302, f"{status}, {1000 * (acknowledged - sent):.0f} ms"
        )
        # The reply's publication time is taken in its transaction, just before the commit:
        # the delay from it is an upper bound on the delay from the commit.
        reply = Reply.objects.filter(question=question, doctor=doctor).first()
        published = reply.published_at.timestamp() if reply else None
        delay = seen["at"] - published if "at" in seen and published else None
        later = [marker in get(B_PORT, path)[2] for _ in range(10)]
        checks.check(
            "on B's cached question page within a second",
            delay is not None and delay < 1,
            "not seen in 10 s"
            if delay is None
            else f"{delay * 1000:.0f} ms after its publication time; A answered the POST "
            f"{(acknowledged - published) * 1000:.0f} ms after it",
        )
        checks.check("and on every read of B after it", all(later), f"{sum(later)}/10")

        print(f"\n== 2. view counts add up across A and B ({options.views} reads)")
        counted_path = counted_question.get_absolute_url()
        before = Question.objects.get(pk=counted_question.pk).view_count
        for number in range(options.views):
            get(A_PORT if number % 2 else B_PORT, counted_path)
        flushed = subprocess.run(
            [PYTHON, "manage.py", "flush_view_counts"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        deadline, after = time.monotonic() + 5, before
        while after < before + options.views and time.monotonic() < deadline:
            time.sleep(0.05)
            after = Question.objects.get(pk=counted_question.pk).view_count
        checks.check(
            f"{options.views} reads, half on each: the count rose by {options.views}",
            after - before == options.views,
            f"{before} → {after}; flush_view_counts: {flushed}",
        )

        print("\n== 3. a rate limit counts across A and B (3 reports an hour per address)")
        if 3600 - time.time() % 3600 < 20:
            time.sleep(3600 - time.time() % 3600 + 1)  # not across the hour's window
        reader = Browser()
        report_path = f"/report/{reported_question.pk}/"
        statuses = []
        for number in range(5):
            port = A_PORT if number % 2 == 0 else B_PORT
            status, _, _ = reader.post_form(
                port, report_path, {"reason": "other", "text": f"report {number}", "website": ""}
            )
            statuses.append(f"{'AB'[number % 2]} {status}")
        rows = Report.objects.filter(question=reported_question).count()
        checks.check(
            "posted A, B, A, B, A: three taken, then 429 on both",
            [s.split()[1] for s in statuses] == ["200", "200", "200", "429", "429"] and rows == 3,
            f"{', '.join(statuses)}; {rows} reports saved",
        )

        print("\n== 4. a session made on A is logged in on B")
        status_b, headers_b, _ = doctor_browser.request(B_PORT, "GET", "/dashboard/")
        checks.check(
            "A's session cookie opens the dashboard on B",
            status_b == 200,
            f"{status_b} {headers_b.get('Location') or ''}".strip(),
        )
        status, _, _ = doctor_browser.post_form(
            B_PORT, "/dashboard/", {}, action="/accounts/logout/"
        )
        status_a, headers_a, _ = doctor_browser.request(A_PORT, "GET", "/dashboard/")
        checks.check(
            "logged out on B, logged out on A",
            status_a == 302 and "/accounts/login/" in headers_a.get("Location", ""),
            f"logout {status}; A then answers {status_a} → {headers_a.get('Location')}",
        )

        print("\n== 5. the login lockout counts across A and B (3 failures)")
        attempts = []
        for number, port in enumerate((A_PORT, B_PORT, A_PORT)):
            status, _, _ = Browser().log_in(port, patient.email, f"wrong-{number}")
            attempts.append(f"{'AB'[number % 2]} {status}")
        results = {}
        for name, port in (("B", B_PORT), ("A", A_PORT)):
            browser = Browser()
            status, _, _ = browser.log_in(port, patient.email, PASSWORD)
            results[name] = (status, "__Host-sessionid" in browser.cookies)
        checks.check(
            "failures A, B, A; then the right password is refused on B and on A",
            all(status in (403, 429) and not session for status, session in results.values()),
            f"failures {', '.join(attempts)}; right password: "
            + ", ".join(f"{name} {status}" for name, (status, _) in results.items()),
        )

        print(
            f"\n== the question page under load ({options.seconds} s each, "
            f"{options.connections} connections)"
        )
        rows_wrk = [
            (
                "A alone",
                wrk(f"http://127.0.0.1:{A_PORT}{path}", options.seconds, options.connections),
            ),
            (
                "HAProxy → A + B",
                wrk(
                    f"http://127.0.0.1:{BALANCER_PORT}{path}", options.seconds, options.connections
                ),
            ),
        ]
        print(f"  {'':<18}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}")
        for name, row in rows_wrk:
            print(
                f"  {name:<18}{row['rps']:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}"
                f"{row['errors']:>9}"
            )

        print("\n== 6. a server stopped mid-load costs no acknowledged write")
        token_browser = Browser()
        token_browser.request(BALANCER_PORT, "GET", f"/replies/{helped_reply.pk}/helped/")
        # The cookie's secret is also a valid form token (Django accepts it unmasked).
        csrf = token_browser.cookies["__Host-csrftoken"]

        def stopper(name: str, how: str, drain: bool):
            def stop_server():
                if drain:  # the orderly way: no new request to it, then wait for its last
                    haproxy_command(work, f"set server servers/{name} state drain")
                    deadline = time.monotonic() + 10
                    while time.monotonic() < deadline:
                        if haproxy_stats(work)[name]["scur"] == "0":
                            break
                        time.sleep(0.01)
                os.killpg(servers[name].pid, getattr(signal, how))

            return stop_server

        phases = (
            ("a", "SIGTERM", False),
            ("b", "SIGKILL", False),
            ("a", "SIGTERM", True),
        )
        for name, how, drain in phases:
            for other, process in list(servers.items()):
                if process.poll() is not None:
                    start_server(other)
            wait_until_up(work, ("a", "b"))
            label = f"{name.upper()} {'drained, then ' if drain else ''}stopped with {how}"
            stats_before = haproxy_stats(work)
            started = time.monotonic()
            outcomes = write_under_load(
                helped_reply.pk,
                csrf,
                options.load_seconds,
                options.writers,
                options.load_seconds / 3,
                stopper(name, how, drain),
            )
            elapsed = time.monotonic() - started
            servers[name].wait(timeout=60)
            stats_after = haproxy_stats(work)
            acknowledged = {browser for browser, status, _, _ in outcomes if status == 200}
            hashes = [hashlib.sha256(b.encode()).hexdigest() for b in acknowledged]
            found = ReplyHelped.objects.filter(reply=helped_reply, browser__in=hashes).count()
            attempted = [hashlib.sha256(b.encode()).hexdigest() for b, *_ in outcomes]
            rows_all = ReplyHelped.objects.filter(reply=helped_reply, browser__in=attempted).count()
            failures: dict = {}
            for _, status, _, _ in outcomes:
                if status != 200:
                    failures[status] = failures.get(status, 0) + 1
            served_after = {}
            for _, status, by, before_stop in outcomes:
                if status == 200 and not before_stop:
                    served_after[by] = served_after.get(by, 0) + 1
            retries = sum(
                int(stats_after[s]["wretr"] or 0) - int(stats_before[s]["wretr"] or 0)
                for s in ("a", "b")
            )
            redispatches = sum(
                int(stats_after[s]["wredis"] or 0) - int(stats_before[s]["wredis"] or 0)
                for s in ("a", "b")
            )
            print(
                f"  {label} {options.load_seconds / 3:.1f} s into "
                f"{elapsed:.1f} s of {options.writers} writers: {len(outcomes)} requests "
                f"({len(outcomes) / elapsed:.0f}/s), {len(acknowledged)} answered 200, "
                f"others {failures or 'none'}; after the stop, 200s served by {served_after}; "
                f"HAProxy retries {retries}, redispatches {redispatches}"
            )
            checks.check(
                f"{label}: every acknowledged write has its row",
                found == len(acknowledged) and len(acknowledged) > 0,
                f"{found}/{len(acknowledged)} acknowledged found; {rows_all} rows for "
                f"{len(outcomes)} attempts",
            )
            checks.check(
                f"{label}: the balancer kept serving on the other",
                served_after.get("b" if name == "a" else "a", 0) > 0,
            )
            if drain:
                checks.check(f"{label}: not one request failed", not failures)
    finally:
        if balancer is not None:
            balancer.terminate()
            balancer.wait(timeout=20)
        for process in servers.values():
            if process.poll() is None:
                stop(process)
        from django.db import connections

        connections.close_all()
        if not options.keep_database:
            import psycopg

            with psycopg.connect(options.admin_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        redis.Redis.from_url(options.redis_url).flushdb()
        if checks.failed:
            for name in servers:
                lines = (work / f"{name}.log").read_text().splitlines()
                print(f"\n-- the end of {name.upper()}'s log", *lines[-20:], sep="\n")
        shutil.rmtree(work, ignore_errors=True)

    checks.finish(
        "a reply through A on B's cached page within a second; view counts, a rate limit, "
        "sessions and the login lockout count across both; either server stopped mid-load "
        "lost no acknowledged write"
    )


if __name__ == "__main__":
    main()
