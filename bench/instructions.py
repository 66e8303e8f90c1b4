"""Instructions per request, counted by valgrind's callgrind: unlike seconds, the count does
not move with what else the machine is doing, so it shows what one change to the code is
worth. Each page is served in process (as bench/cpu.py does) WARMUP times and then
WARMUP + N times under callgrind; the difference over N is one request's count.

    DATABASE_URL=postgres://…/qa_bench [REDIS_URL=…] .venv/bin/python bench/instructions.py \\
        [--requests 100] [--path /questions/1/…/] [--cached]

Needs valgrind (apt-get install valgrind); about a minute a page.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARMUP = 10


def child(path: str, requests: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from cpu import measure

    from qa_portal.wsgi import application

    measure(application, path, requests)


def count(path: str, requests: int, env: dict) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         __file__, "--child", "--path", path, "--requests", str(requests)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode or not found:
        raise SystemExit(out.stderr[-2000:])
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--path", default="")
    parser.add_argument("--cached", action="store_true", help="with the whole-page cache")
    parser.add_argument("--child", action="store_true")
    options = parser.parse_args()
    if options.child:
        return child(options.path, options.requests)

    sys.path.insert(0, str(ROOT / "bench"))
    from run import sample_urls, site_env

    static_root = str(Path(tempfile.mkdtemp(prefix="qa-instructions-")) / "static")
    env = dict(site_env(static_root, options.cached), PYTHONHASHSEED="0")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    path = options.path or sample_urls("")["question (uncached)"]
    base = count(path, WARMUP, env)
    more = count(path, WARMUP + options.requests, env)
    kind = "cached" if options.cached else "uncached"
    print(f"{path} ({kind}): {(more - base) / options.requests / 1e6:.2f} M instructions a request")


if __name__ == "__main__":
    main()
