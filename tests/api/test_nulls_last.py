"""Records without a date come last, in the default order and in any ordering asked for, on
SQLite and PostgreSQL alike (PostgreSQL puts NULLs first when descending)."""

import pytest

pytestmark = pytest.mark.django_db


def every(api, url, **params):
    rows = api.get(url, {"page_size": 500, **params}).json()["results"]
    assert len(rows) > 1
    return rows


def undated_last(values):
    dated = [value for value in values if value is not None]
    return values == dated + [None] * (len(values) - len(dated)) and len(dated) < len(values)


@pytest.mark.parametrize("ordering", [None, "start", "-start", "status,-start"])
def test_undated_projects_come_last(api, ordering):
    params = {"ordering": ordering} if ordering else {}
    rows = every(api, "/api/v1/projects/", **params)
    starts = [row["start"] and row["start"]["date"] for row in rows]
    if ordering is None:
        assert undated_last(starts)
        dated = [start for start in starts if start]
        assert dated == sorted(dated, reverse=True)
    elif ordering == "status,-start":
        by_status = {}
        for row in rows:
            by_status.setdefault(row["status"], []).append(row["start"] and row["start"]["date"])
        for values in by_status.values():
            assert values == [v for v in values if v] + [None] * values.count(None)
    else:
        assert undated_last(starts)


def test_commitments_without_a_deadline_come_last(api):
    rows = every(api, "/api/v1/commitments/")
    deadlines = [row["target"]["deadline"] and row["target"]["deadline"]["date"] for row in rows]
    dated = [value for value in deadlines if value is not None]
    assert deadlines == dated + [None] * (len(deadlines) - len(dated))
    assert dated == sorted(dated)
