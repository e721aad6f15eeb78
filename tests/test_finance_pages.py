"""Where readers see AidData's finance records: /finance/ and each record's page, the projects
they finance, the projects list (filters, a financed column and sort), and country profiles."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation

from cooperation.models import (
    Country,
    FinanceInstrument,
    FinanceRecord,
    Organization,
    Project,
    PublicationStatus,
    Sector,
    Source,
)
from cooperation.services.gcdf import GCDF_FILE

from . import factories
from .query_counts import count_queries

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Open Data Commons Attribution License (ODC-By 1.0)"


def test_the_finance_page_lists_maps_and_credits_every_record(client):
    response = client.get("/en/finance/")
    assert response.status_code == 200
    assert response.context["paginator"].count == 337
    assert len(response.context["map_points"]) == 76
    assert ATTRIBUTION in response.text
    assert "© OpenStreetMap contributors" in response.text
    assert 'href="/en/finance/"' in response.text  # in the site's menu


def test_the_finance_page_filters_like_the_api(client):
    params = {"country": "TJ", "instrument": "grant", "year_min": "2015"}
    page = client.get("/en/finance/", params)
    api = client.get("/api/v1/finance/", params).json()
    expected = FinanceRecord.objects.filter(
        recipient__iso2="TJ", instrument="grant", committed_on__year__gte=2015
    ).count()
    assert page.context["paginator"].count == api["count"] == expected > 0


def test_a_bad_filter_on_the_finance_page_is_a_400_with_the_message(client):
    response = client.get("/en/finance/", {"instrument": "mortgage"})
    assert response.status_code == 400
    assert "mortgage" in response.text


def test_the_finance_csv_has_every_filtered_record_both_amounts_and_the_attribution(client):
    response = client.get("/en/finance/", {"country": "TM", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 21
    assert {"amount_nominal", "currency", "amount_usd_constant_2021", "aiddata_url"} <= set(rows[0])
    assert all("ODC-By 1.0" in row["attribution"] for row in rows)


def test_a_record_page_shows_both_amounts_apart_the_original_title_and_aiddata(client):
    response = client.get("/en/finance/46211/")
    assert response.status_code == 200
    text = response.text
    assert "CNY 929.9 million" in text
    assert "Amount (constant 2021 USD)" in text
    assert "(AidData's original title, in English)" in text
    assert 'href="https://china.aiddata.org/projects/46211/"' in text
    assert 'href="/en/projects/dushanbe-2-chp/"' in text
    assert ATTRIBUTION in text


def test_a_record_page_without_a_point_says_so_and_credits_no_osm(client):
    text = client.get("/en/finance/39539/").text
    assert "carry no coordinates" in text
    assert "© OpenStreetMap contributors" not in text


def test_a_title_of_our_own_shows_in_the_readers_language(client):
    record = FinanceRecord.objects.get(aiddata_id=46211)
    record.title_en, record.title_ru = "Dushanbe CHP-2, phase 2", "Душанбинская ТЭЦ-2, этап 2"
    record.save()
    assert "<h1>Душанбинская ТЭЦ-2, этап 2" in client.get("/ru/finance/46211/").text
    english = client.get("/en/finance/46211/").text
    assert "<h1>Dushanbe CHP-2, phase 2</h1>" in english.replace("\n", "")


def test_a_draft_record_has_no_public_page(client):
    FinanceRecord.objects.filter(aiddata_id=46211).update(
        publication_status=PublicationStatus.DRAFT
    )
    assert client.get("/en/finance/46211/").status_code == 404
    assert client.get("/en/finance/").context["paginator"].count == 336


def test_a_project_page_shows_its_finance_records(client):
    response = client.get("/en/projects/dushanbe-2-chp/")
    records = response.context["finance_records"]
    assert [r.aiddata_id for r in records] == [54106, 71101, 91801, 46211, 71137]
    text = response.text
    assert "China Development Bank" in text and "Export or buyer&#x27;s credit" in text
    assert "CNY 929.9 million" in text and "Completed" in text
    assert 'href="https://china.aiddata.org/projects/71101/"' in text
    assert ATTRIBUTION in text


def test_a_project_without_finance_shows_no_finance_section(client):
    response = client.get("/en/projects/zhanatas-wind-farm/")
    assert response.context["finance_records"] == []
    assert 'id="finance-heading"' not in response.text


def test_the_projects_list_filters_by_financier_and_instrument(client):
    exim = client.get("/en/projects/", {"financier": "china-exim-bank"})
    slugs = {p.slug for p in exim.context["object_list"]}
    assert slugs == {
        "kamchik-tunnel-angren-pap-railway",
        "dushanbe-2-chp",
        "dushanbe-khujand-chanak-highway",
    }
    grants = client.get("/api/v1/projects/", {"instrument": "grant"}).json()
    assert {p["slug"] for p in grants["results"]} == {
        "dushanbe-khujand-chanak-highway",
        "tajikistan-parliament-government-buildings",
        "china-tajikistan-highway-dushanbe-kulma",
        "bokhtar-kulob-urban-roads",
    }


def test_a_draft_finance_record_does_not_put_its_project_in_a_filter(client):
    FinanceRecord.objects.filter(aiddata_id=40325).update(
        publication_status=PublicationStatus.DRAFT
    )
    exim = client.get("/en/projects/", {"financier": "china-exim-bank"})
    assert "kamchik-tunnel-angren-pap-railway" not in {p.slug for p in exim.context["object_list"]}


def test_the_projects_list_shows_and_sorts_by_constant_usd_financed(client):
    response = client.get("/en/projects/", {"ordering": "-financed"})
    projects = list(response.context["object_list"])
    totals = [p.financed_usd_2021 for p in projects]
    assert totals == sorted(totals, reverse=True)
    chp = next(p for p in projects if p.slug == "dushanbe-2-chp")
    records = FinanceRecord.objects.filter(project__slug="dushanbe-2-chp")
    expected = sum(r.amount_usd_constant_2021 or 0 for r in records)
    assert round(Decimal(chp.financed_usd_2021), 2) == round(expected, 2)
    assert "Financed (constant 2021 USD)" in response.text


def unknown_amounts(iso3):
    with open(GCDF_FILE, newline="", encoding="utf-8") as handle:
        return sum(
            1
            for row in csv.DictReader(handle)
            if row["Recipient.ISO-3"] == iso3 and not row["Amount.(Constant.USD.2021)"]
        )


def test_a_country_page_shows_committed_finance_by_year_sector_and_financier(client):
    response = client.get("/en/countries/tajikistan/")
    context = response.context
    assert context["finance_records"] == 88
    assert context["finance_unknown"] == unknown_amounts("TJK") == 25
    assert sum(row["records"] for row in context["finance_by_year"]) == 88
    assert {row["label"] for row in context["finance_by_sector"]} >= {
        "Energy",
        "Public works and grant aid",
    }
    financiers = [row["label"] for row in context["finance_by_financier"]]
    assert any("Export-Import Bank of China" in label for label in financiers)
    assert "of which 25 have no known amount" in response.text
    assert 'id="finance-chart"' in response.text
    assert ATTRIBUTION in response.text


def test_the_central_asia_page_adds_up_its_five_members(client):
    context = client.get("/en/countries/central-asia/").context
    assert context["finance_records"] == 337
    assert context["finance_unknown"] == 72


def test_china_has_no_finance_section(client):
    response = client.get("/en/countries/china/")
    assert response.context["finance_by_year"] == []


def test_the_finance_pages_read_in_chinese_and_russian(client):
    for language, words in [("zh-hans", "融资"), ("ru", "финансир")]:
        response = client.get(f"/{language}/finance/")
        assert response.status_code == 200
        assert words in response.text.lower()


def add_records(start, count):
    factories.finance_records(
        start,
        count,
        aiddata_id=lambda n: 800000 + n,
        recipient=Country.objects.get(iso2="KZ"),
        sector=Sector.objects.get(slug="energy"),
        project=Project.objects.published().first(),
        financiers=list(Organization.objects.filter(kind="lender")[:2]),
        sources=[Source.objects.first()],
        amount=10,
        currency="USD",
        amount_usd_constant_2021=12,
    )


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/en/finance/", {"year_max": 1999}),
        ("/en/finance/", {"year_max": 1999, "format": "csv"}),
        ("/en/projects/", {"ordering": "-financed"}),
        ("/en/countries/kazakhstan/", {}),
    ],
)
def test_finance_pages_cost_the_same_at_5_and_50_records(client, url, params):
    add_records(0, 5)
    small = count_queries(client, url, params)
    add_records(5, 45)
    large = count_queries(client, url, params)
    assert small == large, f"{small} queries at 5 records, {large} at 50"


def test_the_sitemap_and_the_about_page_include_finance(client):
    assert "/en/finance/46211/" in client.get("/sitemap.xml").text
    about = client.get("/en/about/").text
    assert "Global Chinese Development Finance Dataset" in about and ATTRIBUTION in about


def test_the_finance_map_marks_each_record_by_its_instrument_under_a_legend(client):
    """A visitor's finding: the finance map's legend named one instrument, with no heading and
    no colour, and every marker was the same black dot: the points carried no code to colour
    them by."""
    response = client.get("/zh-hans/finance/")
    points = response.context["map_points"]
    with translation.override("zh-hans"):
        labels = {**dict(FinanceInstrument.choices), "unstated": "Instrument not stated"}
        assert {(p["status_code"], p["status"]) for p in points} == {
            (code, translation.gettext(labels[code])) for code in {p["status_code"] for p in points}
        }
        assert 'data-legend="融资方式"' in response.text
    assert len({p["status_code"] for p in points}) >= 2  # grants, loans and more


def test_an_aiddata_sector_is_marked_as_english(client):
    record = FinanceRecord.objects.published().exclude(aiddata_sector="").first()
    page = client.get(f"/ru/finance/{record.aiddata_id}/").text
    assert f'<span lang="en">{record.aiddata_sector}</span>' in page
    assert "(название AidData, на английском)" in page
    assert (
        "(AidData"
        not in client.get(f"/en/finance/{record.aiddata_id}/").text.split(record.aiddata_sector)[1][
            :40
        ]
    )


def test_the_sitemap_lists_the_finance_list_and_the_licence(client):
    """A visitor's finding: both pages were public but missing from the sitemap."""
    sitemap = client.get("/sitemap.xml").text
    for language in ("en", "zh-hans", "ru"):
        assert f"/{language}/finance/</loc>" in sitemap
        assert f"/{language}/licence/</loc>" in sitemap
