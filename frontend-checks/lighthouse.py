"""Lighthouse's four scores for every kind of public page, on a phone and on a desktop.

    make lighthouse                                   # every kind of page, both form factors
    .venv/bin/python frontend-checks/lighthouse.py overview project   # some kinds only
    .venv/bin/python frontend-checks/lighthouse.py --table   # the last run's table again

It serves the seed content as production does (gunicorn, DJANGO_ENV=production, static files
collected and compressed, the public cache on) on 127.0.0.1 from a SQLite copy of its own under
var/lighthouse/, and runs Lighthouse (npm, pinned in frontend-checks/package.json) in Debian's
headless Chromium against each English page of tests/page_types.py: the mobile run as Lighthouse
sets it (a mid-range phone, simulated slow 4G and a CPU four times slower), the desktop run with
its desktop preset. Each page is loaded once before it is measured, so the public cache is warm
as a visitor usually finds it. The table goes to var/lighthouse/report.md, each full report to
var/lighthouse/<page>-<form factor>.json.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.page_types import PAGE_TYPES, STATUS, figure_path  # noqa: E402

WORK = ROOT / "var" / "lighthouse"
LIGHTHOUSE = ROOT / "frontend-checks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS, no HSTS, no proxy header to trust.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_BEHIND_TLS_PROXY="false",
        DJANGO_LOG_FORMAT="text",
        DJANGO_VAR_DIR=str(WORK),
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DATABASE_URL=f"sqlite:///{WORK / 'site.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def start_site(env):
    if not (WORK / "site.sqlite3").exists():
        manage(env, "migrate", "--noinput")
        manage(env, "seed")
    manage(env, "collectstatic", "--noinput")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    site = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{site}/healthz", timeout=2)
            return server, site
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                sys.exit("The site did not start.")
            time.sleep(0.3)


def fetch(url):
    """The page's text, whatever its status, which is checked against the expected one."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def audit(url, name, form_factor):
    """{category: score out of 100} from one Lighthouse run."""
    report = WORK / f"{name}-{form_factor}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={CHROMIUM_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    for _attempt in range(3):  # a busy machine now and then loses a trace (NO_NAVSTART)
        if subprocess.run(command, timeout=300).returncode == 0:
            break
    else:
        sys.exit(f"Lighthouse failed three times on {url} ({form_factor}).")
    return scores_of(report)


def scores_of(report):
    categories = json.loads(report.read_text())["categories"]
    return {c: round(categories[c]["score"] * 100) for c in CATEGORIES}


def table(rows):
    """One row a page, each score as phone / desktop."""
    lines = [
        "| page | performance | accessibility | best practices | SEO |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, path, scores in rows:
        cells = " | ".join(
            " / ".join(str(scores[ff][c]) for ff in FORM_FACTORS) for c in CATEGORIES
        )
        lines.append(f"| {name} (`{path}`) | {cells} |")
    return "\n".join(lines) + "\n"


def saved_rows():
    """The rows of the last run, from the reports it left."""
    rows = []
    for name, _path in PAGE_TYPES:
        reports = {ff: WORK / f"{name}-{ff}.json" for ff in FORM_FACTORS}
        if all(report.exists() for report in reports.values()):
            url = json.loads(reports["mobile"].read_text())["requestedUrl"]
            path = "/" + url.split("/", 3)[3]
            rows.append((name, path, {ff: scores_of(r) for ff, r in reports.items()}))
    return rows


def main(names):
    if names == ["--table"]:  # the table again, from the last run's reports
        print(table(saved_rows()), end="")
        return
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix frontend-checks --ignore-scripts")
    if CHROMIUM is None:
        sys.exit("Chromium is not installed: apt-get install chromium")
    WORK.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped."))  # and stop the site too
    server, site = start_site(site_environment())
    rows = []
    try:
        for name, path in PAGE_TYPES:
            # Lighthouse measures pages that load: not the 404 page, nor a refused filter.
            if (names and name not in names) or STATUS.get(name, 200) != 200:
                continue
            path = path or figure_path(fetch(f"{site}/en/trade/")[1])
            status, _text = fetch(site + path)  # warms the public cache
            assert status == 200, (path, status)
            scores = {ff: audit(site + path, name, ff) for ff in FORM_FACTORS}
            rows.append((name, path, scores))
            print(name, scores, flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    (WORK / "report.md").write_text(table(rows))
    print(table(rows), end="")


if __name__ == "__main__":
    main(sys.argv[1:])
