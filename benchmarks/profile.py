"""Where a request's time goes, in process, without the cache.

    .venv/bin/python benchmarks/profile.py                       # the table of every target
    .venv/bin/python benchmarks/profile.py /api/v1/projects/     # one address, profiled

It runs against an SQLite database of its own (var/profile.sqlite3, built once by
generate_demo_data at a thousandth of the benchmark's scale; or --database), through Django's
test client: the middleware, the view and the renderer, but no socket or app server. The table
gives the mean CPU time of 20 requests after one warm-up (the process's CPU time, not the wall
clock, so that other work on a shared machine does not count; the database is SQLite, in the
same process, so its work counts too), cold (the cache off, so everything
is worked out) and warm (the cache on but each address new, so the page cache misses while the
counts kept under the content version hit), the queries and the answer's size. A profiled
address is sampled by pyinstrument over 50 requests; each sample is put in the innermost layer
it is in (query, translation lookup, serialization, template rendering, otherwise middleware and
view code), and the full call tree is written to var/profile/<address>.html.
"""

import argparse
import gc
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "profile.sqlite3"
REPORTS = ROOT / "var" / "profile"

# The yardsticks first, then every kind of page and API answer a reader asks for.
TARGETS = [
    "/robots.txt",
    "/bench/plaintext/",
    "/bench/values/",
    "/api/v1/countries/",
    "/api/v1/projects/?page_size=20",
    "/api/v1/projects/china-kyrgyzstan-uzbekistan-railway/",
    "/api/v1/summits/?page_size=20",
    "/api/v1/trade-statistics/?page_size=20",
    "/api/v1/commitments/?page_size=20",
    "/api/v1/finance/?page_size=20",
    "/en/",
    "/en/projects/",
    "/en/projects/china-kyrgyzstan-uzbekistan-railway/",
    "/en/trade/",
    "/en/countries/kazakhstan/",
    "/zh-hans/summits/",
    "/ru/commitments/",
    "/en/finance/",
]

# Innermost match wins: a query run while a template renders is the query's time.
LAYERS = [
    ("query", re.compile(r"django/db/backends/|sqlite3|psycopg")),
    ("translation", re.compile(r"django/utils/translation/|modeltranslation/|gettext")),
    ("serialization", re.compile(
        r"rest_framework/(serializers|fields|relations|renderers)|cooperation/api/(serializers|renderers)|json/|orjson"
    )),
    ("template", re.compile(r"django/template/|cooperation/templatetags/")),
]  # fmt: skip


def environment(database):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{database}",
        # As in production and the benchmark's servers: Django's debug mode logs every query,
        # renders templates with their debug information and checks each signal receiver as it
        # is connected (the test client connects one per request).
        DJANGO_DEBUG="false",
        DJANGO_BENCHMARK="1",
        PUBLIC_CACHE_SECONDS="0",
        REDIS_URL="",
        API_THROTTLES="0",  # hundreds of requests a minute from one client, on purpose
    )
    return env


def ensure_database(env, database):
    """The seed content plus a thousandth of the benchmark's invented records (20 projects and
    20 finance records among them), so that every page has rows to show."""
    if database.exists():
        return
    database.parent.mkdir(parents=True, exist_ok=True)
    command = ["generate_demo_data", "--database-url", f"sqlite:///{database}", "--scale", "0.001",
               "--force"]  # fmt: skip
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip


def setup(database=DATABASE):
    env = environment(database)
    ensure_database(env, database)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client needs it
    from config.process import prepare

    prepare()  # as each app server's process does once loaded (config/wsgi.py)
    return Client(HTTP_HOST="localhost")


def measure(client, url, repeat=20):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    gc.collect()  # the garbage of the targets before is not this one's to collect
    times = []
    for _ in range(repeat):
        started = time.process_time()
        response = client.get(url)
        times.append(time.process_time() - started)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    size = len(b"".join(response.streaming_content) if response.streaming else response.content)
    return statistics.mean(times) * 1000, len(queries), size


def measure_warm(client, url, repeat=20):
    """With the shared cache on (in memory here) and a new cache-busting `_` each time: the
    page cache misses, as for a filtered address nobody asked for before, while what is kept
    under the content version (counts, facet counts, the trade series) is there."""
    from django.test.utils import override_settings

    joiner = "&" if "?" in url else "?"
    # Room for every entry, as Redis has: the in-memory cache's default of 300 entries would
    # drop what the requests before stored.
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "profile",
              "OPTIONS": {"MAX_ENTRIES": 1_000_000}}  # fmt: skip
    with override_settings(PUBLIC_CACHE_SECONDS=300, CACHES={"default": memory}):
        client.get(f"{url}{joiner}_=warm")
        gc.collect()
        times = []
        for n in range(repeat):
            started = time.process_time()
            response = client.get(f"{url}{joiner}_={n}")
            times.append(time.process_time() - started)
            assert response.status_code == 200, (url, response.status_code)
    return statistics.mean(times) * 1000


def table(client, repeat=20):
    print("| request (seed data and a thousandth of the benchmark's, SQLite, in process, CPU ms, "
          f"mean of {repeat}) | cold | warm | queries (cold) | KB |")  # fmt: skip
    print("|---|---:|---:|---:|---:|")
    for url in TARGETS:
        mean, queries, size = measure(client, url, repeat)
        warm = (
            measure_warm(client, url, repeat) if not url.startswith(("/robots", "/bench")) else mean
        )
        print(f"| `{url}` | {mean:.1f} | {warm:.1f} | {queries} | {size / 1024:.0f} |")


def layer_of(path):
    for name, pattern in LAYERS:
        if pattern.search(path):
            return name
    return None


def split_by_layer(frame, inherited="middleware and view", totals=None):
    """Attribute each frame's own time to the innermost layer on its stack."""
    totals = {} if totals is None else totals
    layer = layer_of(frame.file_path or "") or inherited
    totals[layer] = totals.get(layer, 0) + frame.total_self_time
    for child in frame.children:
        if child.is_synthetic:  # its time is in the parent's total_self_time already
            continue
        split_by_layer(child, layer, totals)
    return totals


def profile(client, url, repeat=50):
    from pyinstrument import Profiler

    client.get(url)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(repeat):
        client.get(url)
    session = profiler.stop()
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / (re.sub(r"[^\w]+", "-", url).strip("-") or "root")
    report.with_suffix(".html").write_text(profiler.output_html())
    totals = split_by_layer(profiler.last_session.root_frame())
    whole = sum(totals.values())
    print(f"{url}: {whole / repeat * 1000:.1f} ms a request over {repeat} requests "
          f"({session.duration / repeat * 1000:.1f} ms wall)")  # fmt: skip
    for layer, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {layer:22} {seconds / repeat * 1000:6.2f} ms  {seconds / whole:5.0%}")
    print(f"  call tree: {report.with_suffix('.html').relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="an address to profile; none: the table")
    parser.add_argument("--rebuild", action="store_true", help="seed the profile database again")
    parser.add_argument("--database", type=Path, default=DATABASE,
                        help="a seeded SQLite file (migrated and seeded if missing)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=20,
                        help="requests per target and column in the table")  # fmt: skip
    arguments = parser.parse_args()
    if arguments.rebuild and arguments.database.exists():
        arguments.database.unlink()
    client = setup(arguments.database)
    if arguments.url:
        profile(client, arguments.url)
    else:
        table(client, arguments.repeat)


if __name__ == "__main__":
    main()
