"""`manage.py generate_demo_data` fills a separate database with records shaped like the real
ones, quickly, and refuses the site's own database."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cooperation.services.seeding import fixture_paths

ROOT = Path(__file__).resolve().parent.parent

# Both databases are SQLite files of the test's own, whatever the suite's database.
pytestmark = pytest.mark.own_sqlite


def manage(*args, database_url):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


@pytest.mark.slow  # a process of its own that seeds and fills a database: seconds
def test_it_fills_a_separate_database_at_a_small_scale(tmp_path):
    from .seeded_database import seeded_copy

    site = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    demo = tmp_path / "demo.sqlite3"
    # Starting from the suite's seeded template spares a migration from nothing (a quarter of a
    # minute, which every run of the suite does once already to build that template); the
    # command still migrates and seeds it as it would any database, then adds its records.
    seeded_copy(demo)
    finance_before, financiers_before = (
        sqlite3.connect(demo)
        .execute(
            "SELECT (SELECT count(*) FROM cooperation_financerecord), "
            "(SELECT count(*) FROM cooperation_financerecord_financiers)"
        )
        .fetchone()
    )
    result = manage(
        "generate_demo_data", "--database-url", f"sqlite:///{demo}", "--scale", "0.002",
        database_url=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        "Added 40 projects, 4 summits, 20 articles, 2,000 trade figures and 40 finance records"
        in result.stdout
    )
    counts = (
        sqlite3.connect(demo)
        .execute(
            "SELECT (SELECT count(*) FROM cooperation_project), "
            "(SELECT count(*) FROM cooperation_tradestatistic), "
            "(SELECT count(DISTINCT reporter_id || '-' || partner_id) "
            "FROM cooperation_tradestatistic), "
            "(SELECT count(DISTINCT period) FROM cooperation_tradestatistic), "
            "(SELECT count(*) FROM cooperation_project_countries), "
            "(SELECT count(*) FROM cooperation_financerecord), "
            "(SELECT count(*) FROM cooperation_financerecord_financiers)"
        )
        .fetchone()
    )
    projects, figures, pairs, periods, links, finance, financiers = counts
    assert projects == 20 + 40  # the seed content, and the invented projects
    seeded = sum(
        entry["model"] == "cooperation.tradestatistic" and "fields" in entry
        for path in fixture_paths()
        for entry in json.loads(path.read_text(encoding="utf-8"))
    )
    assert figures == seeded + 2000
    assert pairs > 20 and periods == 3
    assert links >= projects
    # The seed's finance records (AidData's), and the invented ones, each with a financier.
    assert finance == finance_before + 40
    assert financiers - financiers_before >= 40
    assert (
        not (tmp_path / "site.sqlite3").exists() or (tmp_path / "site.sqlite3").stat().st_size == 0
    )


def test_it_refuses_the_sites_own_database(tmp_path):
    site = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    result = manage(
        "generate_demo_data", "--database-url", site, "--scale", "0.001", database_url=site
    )
    assert result.returncode != 0
    assert "That is the site's own database" in result.stderr
