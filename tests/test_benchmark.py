"""A small run of the benchmark, so the one command keeps working (the full run is
documented in docs/performance.md)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Builds a database and runs wrk against gunicorn: most of a minute.
@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"
)
def test_the_benchmark_runs_end_to_end_at_a_small_scale(tmp_path):
    result = subprocess.run(
        [
            sys.executable, "benchmarks/run.py", "--scale", "0.002", "--duration", "1",
            "--database-url", f"sqlite:///{tmp_path / 'bench.sqlite3'}", "--redis-url", "",
            "--workers", "2", "--connections", "4", "--threads", "1", "--latency-connections", "2",
            "--no-write",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    table = result.stdout
    for target in [
        "baseline: bare view", "API list, 20 rows, uncached", "API detail, uncached",
        "API list, cache hit", "304 on a conditional GET", "projects page", "project page",
        "search, whole dataset", "trade summary", "filtered list, last page", "CSV export",
    ]:  # fmt: skip
        assert target in table, target
    rows = [line for line in table.splitlines() if line.startswith("| ") and "req/s" not in line]
    assert all("| 0 |" in line for line in rows if "CSV" not in line), "requests failed"


def test_the_baseline_view_is_never_routed_in_production():
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
