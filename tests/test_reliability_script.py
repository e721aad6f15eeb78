"""The fault script runs from one command and every fault passes, in a short run (the full
run is `make reliability`). PostgreSQL runs only: the script starts its own cluster, which the
SQLite run need not do again."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from .seeded_database import template_for

ROOT = Path(__file__).resolve().parent.parent

# Stops and starts PostgreSQL and Redis under load: minutes.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs with the PostgreSQL suite",
    ),
    pytest.mark.skipif(
        not (shutil.which("redis-server") and shutil.which("wrk")),
        reason="needs redis-server and wrk",
    ),
]


def test_every_fault_is_survived_in_a_short_run(tmp_path):
    # The drill's cluster starts from a dump of the suite's seeded template: seconds, where
    # migrating and seeding it again took most of a minute.
    template = template_for(connection.settings_dict)
    template.ensure()
    report = tmp_path / "faults.json"
    result = subprocess.run(
        [sys.executable, "reliability/run.py", "--phase-seconds", "9", "--postgres-seconds", "2",
         "--redis-seconds", "3", "--writes", "90", "--soak-minutes", "0", "--json", str(report),
         "--copy-database", template.url(template.name)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = json.loads(report.read_text())["rows"]
    assert [row["passed"] for row in rows] == [True] * 4
    postgres, _redis, _kill, writes = rows
    assert postgres["errors"] > 0  # the outage was real, and answered
    assert "0 outside the outage" in postgres["detail"]
    assert writes["requests"] == 90 and "0 of them missing" in writes["detail"]
    assert "| fault | requests | errors |" in result.stdout
