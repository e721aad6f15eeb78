"""Every public field of every resource is in its JSON, its CSV and the bulk snapshot alike, with
the same value for every published record (finding A18: a trade figure's note, a project's
summary and place name were in the JSON only). The CSV and the snapshot are flat tables: a
nested value becomes named columns, a list becomes codes joined by commas. What is not in the
tables is listed here with the reason, so a new field cannot go missing unnoticed."""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest

from cooperation.exports import spreadsheet_unescape
from cooperation.services.snapshots import export_snapshot

pytestmark = pytest.mark.django_db

DATETIME = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)")

# In the JSON only, each for a reason that holds for every resource.
API_ONLY = {
    "url": "the record's address in the API",
    "api_url": "the record's address in the API",
    "publication_status": "the tables hold published records only",
    "sources_detail": "the sources table, by the ids in `sources`",
    "source_detail": "the sources table, by `source_id` (title, publisher and url are copied)",
    "period_label": "words for period, year and month, which are columns",
    "progress": "computed from the trade figures on each read",
    "evidence": "dated notes on a commitment's status, each with its source: JSON only",
    "partners": "organization:role pairs in `partners`; names in the organizations table",
    "outcomes": "outcome titles in `outcomes`; each outcome's details in JSON only",
    "strategy": "the country's current strategy: JSON only",
    "license": "the package names each table's licence",
    "title_is_original": "whether `title` is AidData's own: compare with original_title",
    "not_parsed": "what AidData's title did not give",
    "point_derivation": "how the point was read from OpenStreetMap links",
    "point_zoom": "the map zoom for that point",
    "linked_aiddata_ids": "AidData's links between its records",
}


def partial(date_column, precision_column=None):
    """A date at its precision, as two columns."""
    precision_column = precision_column or f"{date_column}_precision"

    def columns(value):
        if value is None:
            return {date_column: None, precision_column: None}
        return {date_column: value["date"], precision_column: value["precision"]}

    return columns


INVESTMENT = {
    "amount": "investment_amount",
    "currency": "investment_currency",
    "usd": "investment_usd",
    "is_estimate": "investment_is_estimate",
    "note": "investment_note",
}


def investment(value):
    if value is None:  # no amount: the other columns say nothing
        return {"investment_amount": None}
    return {column: value[key] for key, column in INVESTMENT.items()}


def target(value):
    columns = {f"target_{key}": value[key] for key in ("kind", "value", "unit", "reporter")}
    columns.update(target_partner=value["partner"], target_flow=value["flow"])
    columns.update(partial("deadline")(value["deadline"]))
    return columns


def source_id(value):
    return {"source_id": value}


def amount(value):
    return {
        "amount_nominal": value["value"] if value else None,
        "currency": value["currency"] if value else None,
    }


# The JSON field's columns, where they are not one column of the same name.
COLUMNS = {
    "projects": {
        "start": partial("start_date", "start_precision"),
        "completion": partial("completion_date", "completion_precision"),
        "investment": investment,
        "route": lambda value: {"route": ";".join(f"{lat},{lon}" for lat, lon in value) or None},
    },
    "summits": {},
    "trade-statistics": {"source": source_id},
    "commitments": {"made_on": partial("made_on"), "target": target},
    "finance": {
        "amount": amount,
        "committed_on": partial("committed_on", "committed_precision"),
        "started_on": lambda value: {"started_on": value and value["date"]},
        "completed_on": lambda value: {"completed_on": value and value["date"]},
    },
}
KEYS = {
    "countries": "iso2",
    "sectors": "slug",
    "organizations": "slug",
    "sources": "id",
    "projects": "slug",
    "summits": "slug",
    "trade-statistics": "id",
    "articles": "slug",
    "commitments": "slug",
    "finance": "id",
}


def same(json_value, cell):
    """Whether a JSON value and a CSV cell say the same."""
    if json_value is None or json_value == "" or json_value == []:
        return cell == ""
    if isinstance(json_value, str) and DATETIME.fullmatch(json_value) and DATETIME.fullmatch(cell):
        return datetime.datetime.fromisoformat(json_value) == datetime.datetime.fromisoformat(cell)
    if isinstance(json_value, bool):
        return cell == str(json_value)
    if isinstance(json_value, int | float | Decimal) or (
        isinstance(json_value, str) and cell and _number(json_value) and _number(cell)
    ):
        # The JSON gives money to the cent; the tables as stored (finance: AidData's digits).
        wanted, given = _number(str(json_value)), _number(cell)
        cents = Decimal("0.01")
        return given == wanted or (
            wanted == wanted.quantize(cents) and given.quantize(cents) == wanted
        )
    if isinstance(json_value, list):
        return cell == ",".join(str(item) for item in json_value)
    return spreadsheet_unescape(cell) == str(json_value)


def _number(text):
    try:
        return Decimal(str(text))
    except ArithmeticError:
        return None


def json_records(api, resource):
    records, url = [], f"/api/v1/{resource}/?page_size=100"
    while url:
        page = api.get(url).json()
        records += page["results"]
        url = page["next"]
    return records


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def expected_cells(resource, record):
    cells = {}
    for name, value in record.items():
        if name in API_ONLY:
            continue
        convert = COLUMNS.get(resource, {}).get(name)
        cells.update(convert(value) if convert else {name: value})
    return cells


@pytest.mark.slow  # reads every published record three ways: about 10 s
@pytest.mark.parametrize("resource", list(KEYS))
def test_every_field_is_in_the_json_the_csv_and_the_snapshot(api, resource):
    key = KEYS[resource]
    records = json_records(api, resource)
    assert records, resource
    exported = api.get(f"/api/v1/{resource}/", {"format": "csv"})
    by_csv = {row[key]: row for row in csv_rows(b"".join(exported.streaming_content).decode())}
    archive = zipfile.ZipFile(export_snapshot())
    by_snapshot = {
        row[key]: row for row in csv_rows(archive.read(f"{resource}.csv").decode("utf-8"))
    }
    assert len(by_csv) == len(by_snapshot) == len(records), resource
    for record in records:
        cells = expected_cells(resource, record)
        for table, rows in (("csv", by_csv), ("snapshot", by_snapshot)):
            row = rows[str(record[key])]
            missing = sorted(set(cells) - set(row))
            assert not missing, f"{resource} {table} lacks {missing}"
            wrong = [
                column
                for column, value in cells.items()
                if not same(value, row[column])
                and not (column == "html_url" and table == "snapshot")
            ]
            assert not wrong, (resource, table, record[key], {c: (cells[c], row[c]) for c in wrong})
