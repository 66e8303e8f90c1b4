"""CPU time per request, in process: the site's WSGI application against the ceiling's,
each called directly (no sockets, no gunicorn) N times for one URL. CPU time counts only
this process's own work (not PostgreSQL's or Redis's), so it is far steadier than wrk on a
busy shared machine; use it to compare changes, and bench/run.py for the real figures.

    DATABASE_URL=postgres://…/qa_bench [REDIS_URL=…] .venv/bin/python bench/cpu.py \\
        [--requests 2000] [--path /questions/1/…/] [--uncached]
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(application, path: str, requests: int) -> tuple[float, float, bytes]:
    def environ():
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path.split("?")[0],
            "QUERY_STRING": path.partition("?")[2],
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def call():
        result = application(environ(), start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return body

    for _ in range(50):
        body = call()
    if not statuses[-1].startswith("200"):
        raise SystemExit(f"{path}: {statuses[-1]}")
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        call()
    return (
        (time.process_time() - cpu) / requests * 1e6,
        (time.perf_counter() - wall) / requests * 1e6,
        body,
    )


def child(kind: str, path: str, requests: int) -> None:
    if kind == "ceiling":
        from bench.ceiling import application
    else:
        from qa_portal.wsgi import application
    cpu, wall, body = measure(application, path, requests)
    if kind == "site-page":
        Path(os.environ["PAGE_OUT"]).write_bytes(body)
    print(f"{cpu:.1f} {wall:.1f}")


def run(kind: str, path: str, requests: int, env: dict) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--path", path, "--requests", str(requests)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    cpu, wall = out.stdout.split()[-2:]
    return float(cpu), float(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--path", default="")
    parser.add_argument("--child", default="")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if options.child:
        return child(options.child, options.path, options.requests)

    from run import sample_urls, site_env

    work = Path(tempfile.mkdtemp(prefix="qa-cpu-"))
    static_root = str(work / "static")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=site_env(static_root, True), check=True)  # fmt: skip
    path = options.path or sample_urls("")["question (cached)"]
    page_file = work / "page.html"
    cached_env = dict(site_env(static_root, True), PAGE_OUT=str(page_file))
    rows = [("question (cached)", run("site-page", path, options.requests, cached_env))]
    rows.append(("question (uncached)", run("site", path, max(200, options.requests // 10),
                                               site_env(static_root, False))))  # fmt: skip
    ceiling_env = dict(os.environ, CEILING_TEMPLATE=str(page_file))
    rows.insert(0, ("ceiling (bare view)", run("ceiling", "/", options.requests, ceiling_env)))
    top = rows[0][1][0]
    print(f"\n{page_file.stat().st_size:,}-byte page, {path}\n")
    print(f"{'page':<22}{'CPU µs':>10}{'wall µs':>10}{'ceiling':>10}")
    for name, (cpu, wall) in rows:
        print(f"{name:<22}{cpu:>10.0f}{wall:>10.0f}{top / cpu:>10.1%}")


if __name__ == "__main__":
    main()
