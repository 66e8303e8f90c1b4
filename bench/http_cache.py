"""Proof of the shared HTTP cache on loopback: Varnish with deploy/varnish/default.vcl in
front of gunicorn, purged by the site.

    .venv/bin/python bench/http_cache.py [--seconds 10] [--workers 2] [--connections 16]

Creates (drops first) the PostgreSQL database qa_cache_bench on the local server, migrates
it and loads the demo data, collects static files, then serves the site with gunicorn
(production settings, DEBUG off, 127.0.0.1:8611) and starts varnishd (127.0.0.1:6181,
its own working directory, 64 MB of memory) with the repository's VCL pointed at that
gunicorn. The site and this script share Redis (--redis-url, a database of its own,
flushed at the start) so that the in-app page cache is invalidated across processes too.

It shows, and exits non-zero if one fails:
1. an anonymous question page is a MISS, then a HIT, with the site's shared headers;
2. a reply published through the service layer, in this process, with
   QA_PORTAL_CACHE_PURGE_URLS pointing at Varnish, is on the page read through Varnish
   within a second of the commit (the purge is a task run by `manage.py db_worker
   --interval 0.2`, as in production);
3. a logged-in reader (a real session cookie) is never given a cached page;
4. English and Traditional Chinese get their own copies, chosen by Accept-Language or the
   django_language cookie.
Then wrk measures the question page through Varnish, straight from gunicorn (whose own
page cache answers it) and the ceiling (bench/ceiling.py: a bare Django view returning the
same bytes). Needs Debian's varnish and wrk.
"""

import argparse
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PYTHON, site_env, start, stop, worker_rss_mb, wrk  # noqa: E402

SITE_PORT, CACHE_PORT, CEILING_PORT = 8611, 6181, 8612
DATABASE = "qa_cache_bench"


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    answer = connection.getresponse()
    body = answer.read().decode("utf-8", "replace")
    found = {name.lower(): value for name, value in answer.getheaders()}
    connection.close()
    return answer.status, found, body


def language_of(body: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', body)
    return match[1] if match else "?"


class Checks:
    def __init__(self):
        self.failed = []

    def check(self, what: str, ok: bool, detail: str = "") -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}" + (f"  ({detail})" if detail else ""))
        if not ok:
            self.failed.append(what)

    def finish(self, passed: str) -> None:
        """Say what failed and exit 1, or say what passed."""
        if self.failed:
            print(f"\nFAILED: {', '.join(self.failed)}")
            raise SystemExit(1)
        print(f"\nPASSED: {passed}")


def prepare_database(admin_url: str, env: dict, database: str = DATABASE) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def start_varnish(work: Path) -> subprocess.Popen:
    vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
    vcl = vcl.replace('.port = "8000";', f'.port = "{SITE_PORT}";')
    (work / "site.vcl").write_text(vcl)
    (work / "varnish").mkdir()
    process = subprocess.Popen(
        [
            "varnishd",
            "-F",
            "-n",
            str(work / "varnish"),
            "-a",
            f"127.0.0.1:{CACHE_PORT}",
            "-f",
            str(work / "site.vcl"),
            "-s",
            "malloc,64m",
            "-T",
            "none",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            get(CACHE_PORT, "/robots.txt")
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("varnishd did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--admin-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL database to create qa_cache_bench from",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument(
        "--worker-interval", type=float, default=0.2, help="db_worker's polling interval, seconds"
    )
    options = parser.parse_args()
    for tool in ("varnishd", "wrk"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install -y varnish wrk")

    work = Path(tempfile.mkdtemp(prefix="qa-http-cache-"))
    os.chmod(work, 0o755)  # varnishd's child runs as Debian's vcache user
    database_url = options.admin_url.rsplit("/", 1)[0] + "/" + DATABASE
    env = site_env(str(work / "static"), page_cache=True)
    env.update(DATABASE_URL=database_url, REDIS_URL=options.redis_url)

    import redis

    redis.Redis.from_url(options.redis_url).flushdb()
    print(f"== database {DATABASE}: migrate and load_demo")
    prepare_database(options.admin_url, env)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    env["QA_PORTAL_CACHE_PURGE_URLS"] = f"http://127.0.0.1:{CACHE_PORT}"
    # Tasks (the purge among them) queued in the database and run by db_worker, as in
    # production; its polling interval is part of the delay measured.
    env["QA_PORTAL_TASKS"] = "database"
    os.environ.update(env)  # this process publishes the reply against the same site

    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "qa_portal.settings"
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from questions import services
    from questions.models import Question, Reply
    from specialists.models import Doctor

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    question = Question.objects.public().order_by("pk").first()
    path = question.get_absolute_url()
    replied = Reply.objects.filter(question=question).values("doctor")
    doctor = (
        Doctor.objects.filter(department=question.department, user__is_active=True)
        .exclude(pk__in=replied)
        .select_related("user")
        .first()
    )

    site = cache = ceiling = worker = None
    checks = Checks()
    try:
        site = start(["qa_portal.wsgi"], env, SITE_PORT, options.workers)
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", str(options.worker_interval)],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        cache = start_varnish(work)
        time.sleep(3)  # db_worker's start-up, so that it is polling when the reply comes

        print(f"\n== 1. an anonymous question page ({path})")
        _, first_headers, _ = get(CACHE_PORT, path)
        _, second_headers, body = get(CACHE_PORT, path)
        checks.check(
            "first read is a MISS",
            first_headers.get("x-cache") == "MISS",
            first_headers.get("x-cache", ""),
        )
        checks.check(
            "second read is a HIT",
            second_headers.get("x-cache") == "HIT",
            f"Age {second_headers.get('age')}",
        )
        print(f"       Cache-Control: {second_headers.get('cache-control')}")
        print(f"       Vary: {second_headers.get('vary')}")
        checks.check("no X-Cache-Tags reaches the reader", "x-cache-tags" not in second_headers)

        print("\n== 2. a reply published shows through the cache")
        if doctor is None:
            checks.check("a doctor of the department who has not replied", False)
        else:
            marker = f"Proof-{int(time.time())}: a reply published through the service."
            committed = []

            def publish():
                # The time of the commit is taken first among the commit's callbacks:
                # the page cache's forget and the purge task come after it.
                with transaction.atomic():
                    transaction.on_commit(lambda: committed.append(time.monotonic()))
                    services.publish_reply(doctor=doctor, question=question, body=marker)

            writer = threading.Thread(target=publish)
            writer.start()
            seen_at, polls = None, 0
            deadline = time.monotonic() + 30
            while seen_at is None and time.monotonic() < deadline:
                body = get(CACHE_PORT, path)[2]
                polls += 1
                if marker in body:
                    seen_at = time.monotonic()
                else:
                    time.sleep(0.005)
            writer.join()
            delay = seen_at - committed[0] if seen_at and committed else None
            checks.check(
                "the new reply is on the page through Varnish within a second",
                delay is not None and delay < 1,
                f"{delay * 1000:.0f} ms after the commit, {polls} reads"
                if delay is not None
                else "not seen",
            )
            _, again, _ = get(CACHE_PORT, path)
            checks.check("and the page is cached again", again.get("x-cache") == "HIT")

        print("\n== 3. a logged-in reader never gets a cached page")
        reader = doctor.user if doctor else question.author
        session = SessionStore()
        session[SESSION_KEY] = str(reader.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
        session.create()
        cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}
        results = [get(CACHE_PORT, path, cookie) for _ in range(3)]
        checks.check(
            "three reads with a session cookie: none is a HIT",
            all(headers.get("x-cache") == "PASS" for _, headers, _ in results),
            ", ".join(headers.get("x-cache", "?") for _, headers, _ in results),
        )
        _, headers, body = results[-1]
        checks.check(
            "the page is rendered for them (Log out) and private",
            ("Log out" in body or "登出" in body) and "private" in headers.get("cache-control", ""),
            headers.get("cache-control", ""),
        )
        _, anonymous, body = get(CACHE_PORT, path)
        checks.check(
            "the anonymous copy is untouched",
            anonymous.get("x-cache") == "HIT" and "Log out" not in body,
        )

        print("\n== 4. each language its own copy")
        chinese = {"Accept-Language": "zh-TW,zh;q=0.9,en;q=0.8"}
        _, miss, body = get(CACHE_PORT, path, chinese)
        checks.check(
            "zh-TW: first read a MISS, in zh-hant",
            miss.get("x-cache") == "MISS" and language_of(body) == "zh-hant",
            f"{miss.get('x-cache')}, lang {language_of(body)}",
        )
        _, hit, body = get(CACHE_PORT, path, {"Accept-Language": "zh-Hant-HK"})
        checks.check(
            "zh-Hant-HK: the same Chinese copy, a HIT",
            hit.get("x-cache") == "HIT" and language_of(body) == "zh-hant",
        )
        _, hit, body = get(CACHE_PORT, path, {"Accept-Language": "en-GB,en;q=0.9"})
        checks.check(
            "en-GB: the English copy, a HIT",
            hit.get("x-cache") == "HIT" and language_of(body) == "en",
        )
        chosen = {"Accept-Language": "en-US", "Cookie": "django_language=zh-hant; _ga=x"}
        _, hit, body = get(CACHE_PORT, path, chosen)
        checks.check(
            "English browser that chose Chinese (cookie): the Chinese copy",
            hit.get("x-cache") == "HIT" and language_of(body) == "zh-hant",
        )

        print("\n== 5. the question page under load")
        page = get(SITE_PORT, path)[2].encode()
        (work / "page.html").write_bytes(page)
        ceiling_env = dict(os.environ, CEILING_TEMPLATE=str(work / "page.html"))
        ceiling = start(["bench.ceiling:application"], ceiling_env, CEILING_PORT, options.workers)
        rows = []
        for name, port in (
            ("ceiling (bare view)", CEILING_PORT),
            ("gunicorn direct", SITE_PORT),
            ("through Varnish", CACHE_PORT),
            ("ceiling again", CEILING_PORT),
        ):
            target = "/" if port == CEILING_PORT else path
            rows.append(
                (
                    name,
                    wrk(f"http://127.0.0.1:{port}{target}", options.seconds, options.connections),
                )
            )
        top = (rows[0][1]["rps"] + rows[-1][1]["rps"]) / 2
        print(
            f"\n{len(page):,}-byte question page; {options.workers} sync gunicorn workers; "
            f"{options.connections} connections; {options.seconds}s each; "
            f"{os.cpu_count()} cores\n"
        )
        print(f"{'':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'ceiling':>10}{'non-2xx':>9}")
        for name, row in rows:
            print(
                f"{name:<22}{row['rps']:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}"
                f"{row['rps'] / top:>10.1%}{row['errors']:>9}"
            )
        print(f"\nlargest gunicorn worker RSS: {worker_rss_mb(site):.0f} MB")
    finally:
        for process in (ceiling, site, worker):
            if process is not None:
                stop(process)
        if cache is not None:
            cache.terminate()
            cache.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)

    checks.finish(
        "MISS then HIT; a new reply through the cache within a second; no cached page for a "
        "logged-in reader; one copy per language"
    )


if __name__ == "__main__":
    main()
