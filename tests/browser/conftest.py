"""Browser tests: Debian's Chromium, driven by Playwright, against the site served by gunicorn
on loopback, on its own SQLite database loaded with the seed content.

Skipped, with the reason shown, only where Chromium is not installed; CI installs it."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..seeded_database import seeded_copy

# Playwright's sync API keeps an event loop running in this thread for the whole session, and
# Django then refuses to open database connections from it in later tests: they are not async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The site as a visitor meets it: gunicorn, DEBUG off, seed content, an editor account."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    workdir = tmp_path_factory.mktemp("browser-site")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=f"sqlite:///{workdir / 'site.sqlite3'}",
        DJANGO_VAR_DIR=str(workdir),
        DJANGO_DEBUG="false",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    # The seeded database every test process copies (built by migrate and seed, as here an
    # operator would): half a minute saved on each run.
    seeded_copy(workdir / "site.sqlite3")
    password = re.search(r"password: (\S+)", manage(env, "createeditor", "--username", "web"))[1]
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the site did not start for the browser tests")
            time.sleep(0.3)
    yield {"url": base_url, "editor": ("web", password)}
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(live_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")


@contextlib.contextmanager
def watched_tab(context, live_site, request):
    """A new tab; the test fails if the page logs a console error. A test that fails leaves a
    screenshot of the whole page under screenshots/, named by the test (taking one of every
    page, passing or not, cost a fifth of the browser tests' time)."""
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    tab.site = live_site["url"]
    yield tab
    if getattr(request.node, "failed_in_call", False):
        screenshot(tab, re.sub(r"[^\w.-]+", "-", request.node.name))
    errors = tab.console_errors
    tab.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def page(browser, live_site, request):
    """A tab in a browser context of its own: no cookie, storage or cache from another test."""
    context = new_context(browser)
    try:
        with watched_tab(context, live_site, request) as tab:
            yield tab
    finally:
        context.close()


@pytest.fixture(scope="module")
def visitors_browser(browser):
    """One context for the tests that only look at pages, as one visitor's browser goes from
    page to page (its cache of styles and scripts included): a context costs a seventh of a
    second to make, an eighth of such a test."""
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def visitor_tab(visitors_browser, live_site, request):
    """A new tab in the visitor's browser (`visitors_browser`)."""
    with watched_tab(visitors_browser, live_site, request) as tab:
        yield tab


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_in_call = True
    return report


def screenshot(tab, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# Charts and maps draw themselves once in view (static/js/charts.js, map.js) and say so on
# their element; a chart with no figures is never drawn.
DRAWN_IN_VIEW = """() => [...document.querySelectorAll('canvas[data-chart], .map[data-points]')]
    .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.bottom > 0 && box.top < window.innerHeight;
    })
    .every((element) => {
        if (element.matches('.map')) {
            const ready = element.dataset.basemapReady;
            return ready === 'failed' || (ready && element.dataset.markers !== undefined);
        }
        const source = document.getElementById(element.dataset.chart);
        const data = source && JSON.parse(source.textContent);
        return !(data && data.labels && data.labels.length) || element.dataset.drawn;
    })"""


def wait_until_drawn(tab):
    """Until every chart and map in view has drawn itself: what a visitor sees before scrolling.
    Waiting for the network to be quiet instead costs half a second a page, and says nothing
    about drawing that goes on without the network (the map's borders come in batches)."""
    tab.wait_for_function(DRAWN_IN_VIEW)


def axe_violations(tab):
    """Accessibility violations of any impact found by axe-core on the open page."""
    # Evaluated by the browser's tooling, as the site's CSP rightly refuses inline scripts.
    tab.evaluate(AXE.read_text())
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def signed_in_password(page, live_site):
    """The editor's password, changed from the generated one if no test has done so yet."""
    username, password = live_site["editor"]
    page.goto(page.site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    if "password_change" in page.url:
        new_password = "an-editors-own-long-passphrase"
        page.fill("#id_old_password", password)
        page.fill("#id_new_password1", new_password)
        page.fill("#id_new_password2", new_password)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/password_change/done/")
        live_site["editor"] = (username, new_password)
    return live_site["editor"]
