"""Load benchmark: serve the site with gunicorn (production settings, DEBUG off) and drive
each page with wrk for a fixed time; measure the ceiling (bench/ceiling.py) in the same
run; print one table with req/s, p50, p99, the ratio to the ceiling and worker memory.

    DATABASE_URL=postgres://…/qa_bench [REDIS_URL=redis://127.0.0.1:6379/0] \\
        .venv/bin/python bench/run.py [--seconds 10] [--workers 2] [--connections 16]

Needs an archive made by `manage.py generate_archive` and Debian's wrk.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")


def site_env(static_root: str, page_cache: bool) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=static_root,
        DJANGO_LOG_LEVEL="WARNING",
        QA_PORTAL_PAGE_CACHE_SECONDS="600" if page_cache else "0",
        QA_PORTAL_VIEW_COUNT_FLUSH_EVERY="1000",
    )
    return env


def start(args: list[str], env: dict, port: int, workers: int, log=None) -> subprocess.Popen:
    """gunicorn in a process group of its own; its output to `log` (a file) if given."""
    process = subprocess.Popen(
        [
            GUNICORN,
            *args,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except urllib.error.HTTPError:
            return process  # the ceiling has no /healthz, but it answers
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def worker_rss_mb(process: subprocess.Popen) -> float:
    """Largest resident set of the gunicorn workers (children of the master)."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(process.pid)], capture_output=True, text=True
    ).stdout
    sizes = [int(value) for value in out.split()]
    return max(sizes) / 1024 if sizes else 0.0


def wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(percent):
        match = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": latency(50), "p99": latency(99),
            "errors": int(errors.group(1)) if errors else 0}  # fmt: skip


def sample_urls(base: str) -> dict:
    """Paths of real pages of the generated archive."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from questions.models import FAQTopic, Question
    from specialists.models import Department

    department = Department.objects.get(slug="neurology")
    question = Question.objects.public().filter(department=department).order_by("-pk").first()
    topic = FAQTopic.objects.filter(department=department).order_by("pk").first()
    return {
        "home": "/",
        "department p1": department.get_absolute_url(),
        "department p500": department.get_absolute_url() + "?page=500",
        "question (cached)": question.get_absolute_url(),
        "question (uncached)": question.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "search common": "/search/?q=headache",
        "search rare": "/search/?q=tinnitus+jaw+morning",
        "sitemap": "/sitemap-questions.xml?p=3",
        "feed": "/feeds/latest.rss",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pages", default="", help="comma-separated words: only pages "
                        "whose names contain one, e.g. --pages question,department")  # fmt: skip
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database of generate_archive.")

    work = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    static_root = str(work / "static")
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env=site_env(static_root, True), check=True)  # fmt: skip
    paths = sample_urls("http://127.0.0.1:8301")
    rows, memory = [], {}

    question = paths["question (cached)"]
    if options.pages:
        paths = {name: path for name, path in paths.items()
                 if any(word in name for word in options.pages.split(","))}  # fmt: skip
    cached = start(["qa_portal.wsgi"], site_env(static_root, True), 8301, options.workers)
    uncached = start(["qa_portal.wsgi"], site_env(static_root, False), 8302, options.workers)
    ceiling = None
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:8301{question}").read()
        (work / "page.html").write_bytes(page)
        ceiling_env = dict(os.environ, CEILING_TEMPLATE=str(work / "page.html"))
        ceiling = start(["bench.ceiling:application"], ceiling_env, 8303, options.workers)
        # The ceiling is measured before and after the pages and the two averaged, so that
        # a machine that gets busier or quieter during the run moves both sides alike.
        ceiling_url = "http://127.0.0.1:8303/"
        before = wrk(ceiling_url, options.seconds, options.connections)
        for name, path in paths.items():
            port = 8302 if name == "question (uncached)" else 8301
            rows.append((name, wrk(f"http://127.0.0.1:{port}{path}", options.seconds,
                                   options.connections)))  # fmt: skip
        after = wrk(ceiling_url, options.seconds, options.connections)
        memory["site"] = max(worker_rss_mb(cached), worker_rss_mb(uncached))
        memory["ceiling"] = worker_rss_mb(ceiling)
    finally:
        for process in (cached, uncached, ceiling):
            if process is not None:
                stop(process)
    ceiling_row = {key: (before[key] + after[key]) / 2 for key in before}
    print(f"\nceiling before the pages {before['rps']:.0f} req/s, after {after['rps']:.0f}")

    top = ceiling_row["rps"]
    print(f"\n{len(page):,}-byte question page; {options.workers} sync workers; "
          f"{options.connections} connections; {options.seconds}s per page\n")  # fmt: skip
    print(f"{'page':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'ceiling':>10}{'non-2xx':>9}")
    for name, row in [("ceiling (bare view)", ceiling_row), *rows]:
        print(f"{name:<22}{row['rps']:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}"
              f"{row['rps'] / top:>10.1%}{row['errors']:>9}")  # fmt: skip
    print(f"\nlargest worker RSS after the run: site {memory['site']:.0f} MB, "
          f"ceiling {memory['ceiling']:.0f} MB")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
