"""A country page leads with its headline figures (the latest trade figure as each side reports
it, projects by status, committed finance, commitments) and its charts, then the detail; the
countries index shows each country's latest trade figure and its projects by status."""

import re
from collections import Counter

import pytest
from django.utils.html import escape

from cooperation.models import Country, FinanceRecord, Project, TradeStatistic

pytestmark = pytest.mark.django_db


def latest_china_reported(partner):
    return (
        TradeStatistic.objects.published()
        .filter(reporter__iso2="CN", partner__iso2=partner, flow="total", period="annual")
        .order_by("-year")
        .first()
    )


def test_the_country_page_leads_with_headline_figures_then_charts_then_detail(client):
    page = client.get("/en/countries/kazakhstan/").text
    order = [
        page.index('class="headline-figures"'),
        page.index('id="trade-heading"'),
        page.index('id="finance-heading"'),
        page.index('id="projects-heading"'),
        page.index('id="strategy-heading"'),
        page.index('id="commitments-heading"'),
    ]
    assert order == sorted(order)


def test_the_headline_gives_the_latest_trade_figure_with_its_year_and_source(client):
    figure = latest_china_reported("KZ")
    page = client.get("/en/countries/kazakhstan/").text
    headline = page[page.index('class="headline-figures"') : page.index('id="trade-heading"')]
    assert f"Trade with China, {figure.year}" in headline
    assert f'href="/en/trade/figures/{figure.pk}/"' in headline
    assert escape(figure.source.publisher) in headline
    assert "China-reported" in headline
    own = (
        TradeStatistic.objects.published()
        .filter(reporter__iso2="KZ", partner__iso2="CN", flow="total", period="annual")
        .order_by("-year")
        .first()
    )
    assert f"Its own figure for {own.year}:" in headline  # as the other side reports it
    assert f'href="/en/trade/figures/{own.pk}/"' in headline


def test_the_headline_counts_projects_by_status_and_sums_the_finance(client):
    page = client.get("/en/countries/kazakhstan/").text
    headline = page[page.index('class="headline-figures"') : page.index('id="trade-heading"')]
    projects = Project.objects.published().filter(countries__iso2="KZ")
    counts = Counter(projects.values_list("status", flat=True))
    assert f"{projects.count()} projects" in headline
    for status, n in counts.items():
        label = dict(Project._meta.get_field("status").choices)[status].lower()
        assert f"{n} {label}" in headline
    finance = FinanceRecord.objects.published().filter(recipient__iso2="KZ").count()
    assert f"constant 2021 US dollars, {finance} records" in headline


def cards(page):
    """{country name: the card's HTML}."""
    found = {}
    for card in page.split('<li class="country-card">')[1:]:
        name = re.search(r'<h3><a href="[^"]+">([^<]+)</a></h3>', card)[1]
        found[name] = card
    return found


def test_the_country_cards_show_the_latest_trade_figure_and_projects_by_status(client):
    page = client.get("/en/countries/").text
    assert "Capital:" not in page
    found = cards(page)
    for country in Country.objects.filter(role="central_asia"):
        card = found[country.name]
        figure = latest_china_reported(country.iso2)
        assert f"trade with China, {figure.year}, China-reported" in card
        assert f'href="/en/trade/figures/{figure.pk}/"' in card
        statuses = Counter(
            Project.objects.published().filter(countries=country).values_list("status", flat=True)
        )
        assert card.count("<rect ") == len(statuses)
        assert f"{sum(statuses.values())} project" in card


def test_the_regional_card_counts_its_members_projects_once(client):
    region = Country.objects.get(iso2="XC")
    hosted = (
        Project.objects.published().filter(countries__in=region.members.all()).distinct().count()
    )
    card = cards(client.get("/en/countries/").text)[region.name]
    assert f"{hosted} projects" in card and hosted > 0


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Trade with Central Asia, USD billions"), ("zh-hans", "与中亚的贸易（亿美元）"),
     ("ru", "Торговля с Центральной Азией, млрд долларов США")],
)  # fmt: skip
def test_chinas_page_charts_its_trade_with_central_asia_not_with_china(client, language, heading):
    """A visitor's finding: China's own page headed its chart "Trade with China"."""
    page = client.get(f"/{language}/countries/china/").text
    assert heading in page
    assert "Trade with China, USD" not in page and "中国与中国" not in page
    kazakhstan = client.get(f"/{language}/countries/kazakhstan/").text
    assert heading not in kazakhstan
