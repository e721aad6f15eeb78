"""Summits, trade, countries, articles and the overview: what a visitor comes to find."""

import csv
import io
from decimal import Decimal

import pytest

from cooperation.models import Summit, TradeStatistic

pytestmark = pytest.mark.django_db


def test_the_overview_trade_figure_is_the_stored_total_with_its_source(client):
    stored = (
        TradeStatistic.objects.published()
        .filter(reporter__iso2="CN", partner__iso2="XC", flow="total", period="annual")
        .order_by("-year")
        .first()
    )
    response = client.get("/en/")
    headline = response.context["headline"]["figure"]
    assert headline == stored
    billions = (stored.value_usd / 10**9).quantize(Decimal("0.01")).normalize()
    assert f"USD {billions} billion" in response.text
    assert f"China–Central Asia trade, {stored.year}" in response.text
    assert stored.source.publisher in response.text


def test_the_overview_counts_projects_by_status(client):
    response = client.get("/en/")
    counts = {status.value: n for status, n in response.context["projects_by_status"]}
    assert sum(counts.values()) == response.context["project_total"]
    assert counts["operational"] >= 1


def test_the_summit_timeline_groups_by_year_and_filters(client):
    response = client.get("/en/summits/", {"series": "china-central-asia-summit"})
    years = [year for year, _summits in response.context["years"]]
    assert years == sorted(years, reverse=True)
    titles = [s.title for _year, summits in response.context["years"] for s in summits]
    assert titles and all("China–Central Asia Summit" in t for t in titles)
    hosted = client.get("/en/summits/", {"host_country": "KZ", "kind": "summit"})
    assert all(s.host_country.iso2 == "KZ" for s in hosted.context["object_list"])
    attended = client.get("/en/summits/", {"country": "TM", "year": 2023})
    assert all(s.start_date.year == 2023 for s in attended.context["object_list"])


def test_a_bad_summit_filter_is_a_400_with_a_message(client):
    response = client.get("/en/summits/", {"year": "twenty"})
    assert response.status_code == 400
    assert "Enter a whole number." in response.text


def test_the_xian_summit_page_shows_its_declaration_and_quote(client):
    summit = Summit.objects.get(series__slug="china-central-asia-summit", edition=1)
    response = client.get(summit.get_absolute_url())
    assert "Xi&#x27;an Declaration" in response.text or "Xi’an Declaration" in response.text
    assert "fruitful multifaceted cooperation" in response.text
    assert "18–19 May 2023" in response.text  # the two days, the month and year said once


def test_the_trade_table_shows_china_and_partner_figures_side_by_side(client):
    response = client.get("/en/trade/")
    mirror = response.context["mirror"]
    kz_2023 = next(r for r in mirror if r["partner"].iso2 == "KZ" and r["year"] == 2023)
    assert kz_2023["china"].value_usd == Decimal("41000000000")
    assert kz_2023["partner_figure"].value_usd == Decimal("31400000000")
    assert kz_2023["gap"] == Decimal("9600000000")
    assert "41.00" in response.text and "31.40" in response.text


def test_the_trade_chart_and_table_hold_the_same_numbers(client):
    response = client.get("/en/trade/")
    chart = response.context["chart"]
    table = {partner.name: figures for partner, figures in response.context["table"]}
    for dataset in chart["datasets"]:
        figures = table[dataset["label"]]
        for value, figure in zip(dataset["data"], figures, strict=True):
            assert value == (float(figure.value_usd / 10**9) if figure else None)


def test_the_trade_switches_change_flow_and_reporter(client):
    exports = client.get("/en/trade/", {"flow": "exports"})
    assert exports.context["choice"]["flow"] == "exports"
    partners = client.get("/en/trade/", {"reporter": "partners"})
    names = [partner.iso2 for partner, _figures in partners.context["table"]]
    assert "KZ" in names
    bad = client.get("/en/trade/", {"flow": "sideways"})
    assert bad.status_code == 400
    assert "Select a valid choice." in bad.text


def test_the_trade_csv_has_every_figure_shown_with_its_source(client):
    response = client.get("/en/trade/", {"format": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    kz = next(r for r in rows if r["partner"] == "KZ" and r["year"] == "2023")
    assert Decimal(kz["value_usd"]) == Decimal("41000000000")
    assert kz["source_publisher"] == "bne IntelliNews"


def test_a_country_profile_has_trade_projects_summits_and_strategy(client):
    response = client.get("/en/countries/kazakhstan/")
    assert response.context["current_strategy"].name.startswith("Nurly Zhol")
    assert any("lianyungang" in project.slug for project in response.context["projects"])
    assert response.context["summits"]
    assert response.context["project_count"] == len(response.context["projects"])
    labels = [d["label"] for d in response.context["trade_chart"]["datasets"]]
    assert "Kazakhstan (China-reported)" in labels and "Kazakhstan (own figures)" in labels


def test_the_article_page_links_the_records_it_mentions(client):
    response = client.get("/en/articles/china-central-asia-cooperation-shows-no-signs-of-slowing/")
    assert "/en/projects/china-kazakhstan-lianyungang-logistics-base/" in response.text


def test_articles_filter_by_project(client):
    response = client.get(
        "/en/articles/", {"project": "china-kazakhstan-lianyungang-logistics-base"}
    )
    assert response.context["paginator"].count == 1


def test_a_country_profile_shows_the_latest_records_and_links_to_all(client, make_project):
    from cooperation.models import Country

    kazakhstan = Country.objects.get(iso2="KZ")
    for n in range(25):
        project = make_project(
            slug=f"profile-{n}", title=f"Profile {n}", publication_status="published"
        )
        project.countries.add(kazakhstan)
    response = client.get("/en/countries/kazakhstan/")
    shown, total = len(response.context["projects"]), response.context["project_count"]
    assert shown == 20 and total > 25
    assert response.context["all_projects_url"] == "/en/projects/?country=KZ"
    assert f"All {total} projects" in response.text
    listed = client.get(response.context["all_projects_url"])
    assert listed.context["paginator"].count == total


def test_a_summit_page_links_the_previous_and_next_meeting_of_its_series(client):
    from cooperation.models import Summit

    summit = Summit.objects.published().get(slug="2023-xian-china-central-asia-summit")
    series = Summit.objects.published().filter(series=summit.series).order_by("start_date")
    later = series.filter(start_date__gt=summit.start_date).first()
    html = client.get(summit.get_absolute_url()).content.decode()
    assert later is not None
    assert f'<a rel="next" href="{later.get_absolute_url()}">' in html
    earlier = series.filter(start_date__lt=summit.start_date).last()
    if earlier is None:
        assert 'rel="prev"' not in html
    else:
        assert f'<a rel="prev" href="{earlier.get_absolute_url()}">' in html
