"""A small run of the benchmark, so the one command keeps working (the full run is
documented in docs/performance.md)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Builds a database and runs wrk against gunicorn: most of a minute. One server worker and one
# connection: the test is that every target answers, and a saturated run would take both cores
# from the rest of the suite for that minute.
@pytest.mark.slow
@pytest.mark.own_sqlite
@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"
)
def test_the_benchmark_runs_end_to_end_at_a_small_scale(tmp_path):
    from .seeded_database import seeded_copy

    # Starting from the seeded template spares a migration (a quarter of a minute); the command
    # still seeds and fills it as it would an empty database.
    seeded_copy(tmp_path / "bench.sqlite3")
    result = subprocess.run(
        [
            sys.executable, "benchmarks/run.py", "--scale", "0.002", "--duration", "1",
            "--database-url", f"sqlite:///{tmp_path / 'bench.sqlite3'}", "--redis-url", "",
            "--workers", "1", "--connections", "1", "--threads", "1", "--latency-connections", "1",
            "--no-write",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    table = result.stdout
    for target in [
        "yardstick: `/bench/plaintext/`", "yardstick: `/bench/values/`", "API list, projects",
        "API list, trade figures", "API detail", "304 on a conditional GET", "projects page",
        "project page", "trade page", "country page", "API list, finance records", "finance page",
        "search, whole dataset", "trade summary",
        "filtered list, last page", "CSV export",
    ]:  # fmt: skip
        assert target in table, target
    rows = [line for line in table.splitlines() if line.startswith("| ") and "req/s" not in line]
    cells = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in rows]
    errors = [row[7] for row in cells if not row[0].startswith("---")]
    assert set(errors) == {"0"}, "requests failed"


def test_the_yardstick_views_are_never_routed_in_production():
    env = {
        "DJANGO_ENV": "production",
        "DJANGO_BENCHMARK": "1",
        "DJANGO_SECRET_KEY": "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "tracker.example",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_BENCHMARK must not be set" in result.stderr


# A subprocess that loads Django and answers every profiled address a few times: seconds.
@pytest.mark.slow
@pytest.mark.own_sqlite
def test_make_profile_prints_the_table_and_splits_one_address_by_layer(tmp_path, settings):
    from .seeded_database import seeded_copy

    database = seeded_copy(tmp_path / "profile.sqlite3")
    command = [sys.executable, "benchmarks/profile.py", "--database", str(database)]
    # Two requests per target and column: the test is that every target answers and the table
    # is printed; the means are `make profile`'s business.
    table = subprocess.run(
        [*command, "--repeat", "2"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert table.returncode == 0, table.stderr[-2000:]
    assert "| `/api/v1/projects/?page_size=20` |" in table.stdout
    assert "| `/bench/plaintext/` |" in table.stdout
    assert "| `/en/finance/` |" in table.stdout

    one = subprocess.run(
        [*command, "/api/v1/countries/"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert one.returncode == 0, one.stderr[-2000:]
    layers = {line.split()[0]: line for line in one.stdout.splitlines() if line.startswith("  ")}
    assert {"query", "serialization", "middleware"} <= set(layers)
    assert (ROOT / "var" / "profile" / "api-v1-countries.html").exists()
