"""Every trade figure shows where it comes from: a numbered footnote beside it that leads to
its source, listed with a link, and its own page to cite."""

import re

import pytest
from django.utils.html import escape

from cooperation.models import PublicationStatus, TradeStatistic

pytestmark = pytest.mark.django_db


def cells(html, table_id):
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    return re.findall(
        r'<a class="figure-link" href="/en/trade/figures/(\d+)/">[^<]+</a>'
        r'(?:<sup title="[^"]*">Σ</sup>)?'  # a total computed from exports and imports
        r'(?:<span class="low-confidence">\*</span>)?'
        r'<sup class="footnote-ref"><a href="#source-(\d+)">',
        table,
    )


def footnotes(html):
    return dict(re.findall(r'<li id="source-(\d+)">(.*?)</li>', html, re.S))


def test_each_figure_on_the_trade_page_has_a_footnote_to_its_source(client):
    html = client.get("/en/trade/").content.decode()
    found = cells(html, "trade-table")
    assert len(found) == html[html.index('id="trade-table"') :].split("</table>")[0].count(
        'class="figure-link"'
    )
    notes = footnotes(html)
    for pk, number in found:
        source = TradeStatistic.objects.get(pk=pk).source
        assert escape(source.publisher) in notes[number]
        if source.url:
            assert f'href="{escape(source.url)}"' in notes[number]
    assert "hover or focus" not in html


def test_the_mirror_table_shows_sources_too(client):
    html = client.get("/en/trade/").content.decode()
    assert cells(html, "mirror-table")


def test_the_overview_table_has_footnotes(client):
    html = client.get("/en/").content.decode()
    found = cells(html, "overview-trade-table")
    assert found
    assert {number for _pk, number in found} <= set(footnotes(html))


def test_a_figure_has_its_own_page_with_value_source_series_and_cite(client):
    figure = (
        TradeStatistic.objects.published()
        .filter(reporter__iso2="CN", partner__iso2="KZ", period="annual", year=2023)
        .first()
    )
    response = client.get(f"/en/trade/figures/{figure.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "China reports its trade with Kazakhstan, 2023" in html
    assert figure.source.publisher in html
    if figure.source.url:
        assert figure.source.url in html
    assert "The same series in other years" in html
    assert f"/en/trade/figures/{figure.pk}/" in html.split("Cite this figure")[1]


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
def test_a_figure_page_reads_in_every_language(client, language):
    figure = TradeStatistic.objects.published().first()
    assert client.get(f"/{language}/trade/figures/{figure.pk}/").status_code == 200


def test_a_draft_or_missing_figure_has_no_page(client):
    figure = TradeStatistic.objects.published().first()
    TradeStatistic.objects.filter(pk=figure.pk).update(publication_status=PublicationStatus.DRAFT)
    assert client.get(f"/en/trade/figures/{figure.pk}/").status_code == 404
    assert client.get("/en/trade/figures/999999/").status_code == 404
