"""/api/v1/finance/: AidData's records with the same filters as the page, CSV, GeoJSON, and
totals that add constant 2021 USD only."""

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal

import pytest

from cooperation.models import FinanceRecord, PublicationStatus
from cooperation.services.gcdf import GCDF_FILE

pytestmark = pytest.mark.django_db

ISO3_TO_ISO2 = {"KAZ": "KZ", "KGZ": "KG", "TJK": "TJ", "TKM": "TM", "UZB": "UZ"}


def file_sums():
    sums, counts, blanks = defaultdict(Decimal), defaultdict(int), defaultdict(int)
    with open(GCDF_FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            iso2 = ISO3_TO_ISO2[row["Recipient.ISO-3"]]
            counts[iso2] += 1
            if row["Amount.(Constant.USD.2021)"]:
                sums[iso2] += Decimal(row["Amount.(Constant.USD.2021)"])
            else:
                blanks[iso2] += 1
    return sums, counts, blanks


def test_the_country_summary_equals_the_files_constant_usd_column(client):
    response = client.get("/api/v1/finance/summary/", {"group_by": "country"})
    assert response.status_code == 200
    data = response.json()
    sums, counts, blanks = file_sums()
    assert {row["key"] for row in data["results"]} == set(sums)
    for row in data["results"]:
        assert Decimal(str(row["amount_usd_constant_2021"])) == round(sums[row["key"]], 2), row
        assert row["records"] == counts[row["key"]]
        assert row["records_without_amount"] == blanks[row["key"]]
    assert sum(row["records_without_amount"] for row in data["results"]) == 72
    assert "ODC-By" in data["attribution"] and data["license"] == "ODC-By-1.0"


@pytest.mark.parametrize("group", ["financier", "instrument", "sector", "year"])
def test_every_grouping_counts_every_record_and_sums_only_constant_usd(client, group):
    data = client.get("/api/v1/finance/summary/", {"group_by": group}).json()
    assert data["group_by"] == group
    counted = sum(row["records"] for row in data["results"])
    if group == "financier":  # co-financed records count under each financier
        assert counted >= 337
    else:
        assert counted == 337
        total = sum(Decimal(str(row["amount_usd_constant_2021"])) for row in data["results"])
        sums, _counts, _blanks = file_sums()
        assert abs(total - sum(sums.values())) < Decimal("0.05")


def test_a_summary_takes_the_lists_filters(client):
    data = client.get(
        "/api/v1/finance/summary/",
        {"group_by": "year", "country": "TJ", "instrument": "grant", "year_min": 2015},
    ).json()
    expected = FinanceRecord.objects.filter(
        recipient__iso2="TJ", instrument="grant", committed_on__year__gte=2015
    ).count()
    assert sum(row["records"] for row in data["results"]) == expected > 0
    assert all(int(row["key"]) >= 2015 for row in data["results"])


@pytest.mark.parametrize(
    "params",
    [{"group_by": "currency"}, {}, {"group_by": "country", "country": "XX"}],
    ids=["unknown-group", "no-group", "bad-filter"],
)
def test_a_bad_summary_request_is_a_400_with_a_message(client, params):
    response = client.get("/api/v1/finance/summary/", params)
    assert response.status_code == 400
    assert response.json()


def test_the_list_filters_by_country_financier_instrument_status_and_years(client):
    response = client.get(
        "/api/v1/finance/",
        {
            "country": "KG",
            "financier": "china-exim-bank",
            "instrument": "export_credit",
            "status": "completion",
            "year_min": 2010,
            "year_max": 2016,
            "page_size": 100,
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["count"] > 0
    for record in data["results"]:
        assert record["recipient"] == "KG"
        assert "china-exim-bank" in record["financiers"]
        assert record["instrument"] == "export_credit"
        assert record["status"] == "completion"
        assert 2010 <= int(record["committed_on"]["date"][:4]) <= 2016


def test_a_record_shows_both_amounts_apart_with_its_aiddata_link_and_attribution(client):
    record = FinanceRecord.objects.get(aiddata_id=46211)
    data = client.get(f"/api/v1/finance/{record.pk}/").json()
    assert data["aiddata_id"] == 46211
    assert data["aiddata_url"] == "https://china.aiddata.org/projects/46211/"
    assert data["amount"] == {"value": 929900000.0, "currency": "CNY"}
    assert data["amount_usd_constant_2021"] is not None
    assert data["title_is_original"] is True and data["title"] == record.aiddata_title
    assert data["project"] == "dushanbe-2-chp"
    assert data["parsed_from_title"] == ["financiers", "instrument", "amount", "currency"]
    assert "ODC-By 1.0" in data["attribution"]


def test_drafts_are_not_public(client):
    record = FinanceRecord.objects.get(aiddata_id=46211)
    FinanceRecord.objects.filter(pk=record.pk).update(publication_status=PublicationStatus.DRAFT)
    assert client.get(f"/api/v1/finance/{record.pk}/").status_code == 404
    assert client.get("/api/v1/finance/").json()["count"] == 336


def test_anyone_may_read_but_nobody_writes_through_the_api(client):
    assert client.get("/api/v1/finance/").status_code == 200
    assert client.post("/api/v1/finance/", {}).status_code in (401, 403, 405)


def test_geojson_lists_only_records_with_a_point_and_credits_openstreetmap(client):
    response = client.get("/api/v1/finance/", {"format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(b"".join(response.streaming_content))
    assert len(data["features"]) == FinanceRecord.objects.with_point().count() == 76
    assert "OpenStreetMap contributors" in data["attribution"]
    assert "ODC-By" in data["attribution"]


def test_csv_has_every_filtered_row_with_both_amounts_labelled_and_the_attribution(client):
    response = client.get("/api/v1/finance/", {"format": "csv", "country": "TM"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 21
    assert {"amount_nominal", "currency", "amount_usd_constant_2021"} <= set(rows[0])
    assert all("ODC-By 1.0" in row["attribution"] for row in rows)


@pytest.mark.parametrize(
    "params",
    [{"instrument": "mortgage"}, {"country": "XX"}, {"year_min": "abc"}, {"financier": "nobody"}],
)
def test_a_bad_filter_is_a_400(client, params):
    assert client.get("/api/v1/finance/", params).status_code == 400
