"""Grade the site's HTTP headers with Mozilla's HTTP Observatory scanner, on loopback.

The scanner (npm @mdn/mdn-http-observatory) takes a host name and fetches
http://HOST/ and https://HOST/ on the standard ports, so this script serves the site as
production would be seen by a browser: gunicorn with TLS on 127.0.0.1:443 (a certificate
for "localhost" signed by a throwaway CA that only the scanner trusts) and a second
gunicorn on 127.0.0.1:80 that only redirects to HTTPS (Django's SECURE_SSL_REDIRECT, with
DJANGO_BEHIND_PROXY=0 because there is no proxy). Both run with production settings
(DEBUG off), an SQLite copy of the demo data and collected static files, all in a
temporary directory. Needs root (ports 80 and 443), openssl and node.

    .venv/bin/python bench/observatory.py [--scanner DIR]

DIR is where the scanner is installed; without it, it is installed into a temporary
directory with `npm install --ignore-scripts @mdn/mdn-http-observatory` (the install
script of one dependency downloads Mozilla's intermediate certificates, which the scan of
a loopback site does not need). Prints the grade, the score and each test's result, and
exits non-zero below A+.
"""

import argparse
import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
SCANNER_PACKAGE = "@mdn/mdn-http-observatory"


def run(args: list, **kwargs) -> None:
    subprocess.run(args, check=True, **kwargs)


def make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A CA and a certificate for localhost signed by it: (ca, cert, key)."""
    ca_key, ca = directory / "ca.key", directory / "ca.pem"
    key, csr, cert = directory / "site.key", directory / "site.csr", directory / "site.pem"
    ext = directory / "site.ext"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=qa_portal observatory test CA",
            "-keyout",
            ca_key,
            "-out",
            ca,
        ],
        **quiet,
    )
    run(
        [
            "openssl",
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            key,
            "-out",
            csr,
        ],
        **quiet,
    )
    ext.write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n"
    )
    run(["openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
         "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", cert], **quiet)  # fmt: skip
    return ca, cert, key


def site_env(directory: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "QA_PORTAL_"))
    }
    env.update(
        DJANGO_SECRET_KEY="observatory-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="localhost",
        DJANGO_BEHIND_PROXY="0",
        DJANGO_STATIC_ROOT=str(directory / "static"),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{directory / 'site.sqlite3'}",
    )
    return env


def start_gunicorn(env: dict, bind: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            GUNICORN,
            "qa_portal.wsgi",
            "--bind",
            bind,
            "--workers",
            "2",
            "--log-level",
            "warning",
            *extra,
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def wait_for(url: str, ca: Path) -> None:
    context = ssl.create_default_context(cafile=str(ca))
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1, context=context)
            return
        except urllib.error.HTTPError:
            return  # it answers (a redirect or an error page): it is up
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def install_scanner(directory: Path) -> Path:
    run(["npm", "install", "--silent", "--no-fund", "--no-audit", "--ignore-scripts",
         "--prefix", directory, SCANNER_PACKAGE])  # fmt: skip
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scanner", type=Path, help="where @mdn/mdn-http-observatory is installed")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="qa-observatory-") as temp:
        directory = Path(temp)
        scanner_dir = options.scanner or install_scanner(directory / "scanner")
        package = scanner_dir / "node_modules" / SCANNER_PACKAGE
        scan_js = package / "src" / "scan.js"
        preload = package / "conf" / "hsts-preload.json"
        if not preload.exists():
            # Its install script downloads Chromium's HSTS preload list (from GitHub); it
            # only says whether a public domain is preloaded, which localhost never is.
            preload.write_text("{}")
        ca, cert, key = make_certificates(directory)
        env = site_env(directory)
        manage = [PYTHON, "manage.py"]
        run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env)
        run([*manage, "load_demo"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env)
        servers = [
            start_gunicorn(env, "127.0.0.1:443", "--certfile", str(cert), "--keyfile", str(key)),
            start_gunicorn(env, "127.0.0.1:80"),
        ]
        try:
            wait_for("http://localhost/healthz", ca)  # redirected to https://localhost/
            # The scanner trusts our throwaway CA, and only for this run (its wrapper would
            # point NODE_EXTRA_CA_CERTS at Mozilla's bundle instead; scan.js directly).
            result = subprocess.run(
                ["node", scan_js, "localhost"],
                env={**os.environ, "NODE_EXTRA_CA_CERTS": str(ca)},
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            for server in servers:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=20)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"the scanner failed:\n{result.stdout}\n{result.stderr}") from None
    if "error" in report:
        raise SystemExit(f"the scanner failed: {report['error']}")
    scan = report["scan"]
    print(f"HTTP Observatory: grade {scan['grade']}, score {scan['score']}, "
          f"{scan['testsPassed']}/{scan['testsQuantity']} tests passed")  # fmt: skip
    for name, test in sorted(report["tests"].items()):
        mark = "pass" if test["pass"] else "FAIL"
        print(f"  {mark}  {name:32} {test['result']:40} {test['scoreModifier']:+d}")
    sys.exit(0 if scan["grade"] == "A+" else 1)


if __name__ == "__main__":
    main()
