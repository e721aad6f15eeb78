"""A visitor's browser on every public page: it renders, draws its charts and maps, filters,
logs no errors, and has no accessibility violations that axe-core finds."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from ..page_types import LANGUAGES, PAGE_TYPES, STATUS, figure_path, in_language
from .conftest import axe_violations, wait_until_drawn

# A real browser against a real server: seconds per page. One worker runs every browser test,
# so the site behind them starts once.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]

PAGES = [(name, language, path) for language in LANGUAGES for name, path in PAGE_TYPES]


@pytest.mark.parametrize(
    ("name", "language", "path"), PAGES, ids=[f"{n}-{lang}" for n, lang, _p in PAGES]
)
def test_every_kind_of_page_renders_without_errors_or_accessibility_violations(
    visitor_tab, name, language, path
):
    page = visitor_tab
    if path is None:
        page.goto(page.site + in_language("/en/trade/", language))
        path = figure_path(page.content().replace(f"/{language}/", "/en/"))
    response = page.goto(page.site + in_language(path, language))
    assert response.status == STATUS.get(name, 200)
    wait_until_drawn(page)
    assert axe_violations(page) == []
    if response.status != 200:
        page.console_errors.clear()  # the browser logs the error status itself


def canvas_has_drawing(page, selector):
    return page.evaluate(
        """(selector) => {
            const canvas = document.querySelector(selector);
            const context = canvas.getContext('2d');
            const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; }
            return false;
        }""",
        selector,
    )


def scroll_to_chart(page, selector="#trade-chart"):
    """Scrolls to a chart, which is drawn once it comes into view, and waits for the drawing."""
    page.locator(selector).scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => window.Chart && Chart.getChart(document.querySelector('{selector}'))"
    )


def scroll_to_map(page, ready="[data-markers]"):
    """Scrolls to the map, which is drawn once it comes into view, and waits for it."""
    page.locator("#map").scroll_into_view_if_needed()
    page.wait_for_selector(f"#map{ready}")


def test_the_overview_draws_its_trade_chart(page):
    page.goto(page.site + "/en/")
    scroll_to_chart(page)
    assert canvas_has_drawing(page, "#trade-chart")


def drawn_markers(page):
    """Markers on the map: single ones, plus those a group's number stands for."""
    return page.evaluate(
        """() => document.querySelectorAll('#map path.map-marker').length
            + [...document.querySelectorAll('#map .marker-cluster span')]
                .reduce((sum, span) => sum + Number(span.textContent), 0)"""
    )


def test_filtering_projects_by_country_updates_the_list_and_the_map(page):
    page.goto(page.site + "/en/projects/")
    scroll_to_map(page)
    all_markers = int(page.get_attribute("#map", "data-markers"))
    all_rows = page.locator("table.records tbody tr").count()

    page.check("input[name=country][value=TJ]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/projects/?country=TJ")
    assert page.locator(".chip").inner_text().startswith("Country: Tajikistan")
    scroll_to_map(page)
    rows = page.locator("table.records tbody tr")
    assert 0 < rows.count() < all_rows
    for index in range(rows.count()):
        assert "Tajikistan" in rows.nth(index).inner_text()
    markers = int(page.get_attribute("#map", "data-markers"))
    located = page.evaluate("JSON.parse(document.getElementById('map-points').textContent).length")
    assert markers == located
    assert 0 < markers < all_markers
    assert drawn_markers(page) == markers


@pytest.mark.parametrize("view", ["", "?view=region"])
def test_the_trade_table_and_chart_agree(page, view):
    page.goto(page.site + "/en/trade/" + view)
    scroll_to_chart(page)
    assert canvas_has_drawing(page, "#trade-chart")
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector('#trade-chart'));
            const datasets = chart.data.datasets.map(
                d => ({label: d.label, data: d.data.map(p => p.y)})
            );
            return {datasets: datasets};
        }"""
    )
    table = page.evaluate(
        """() => [...document.querySelectorAll('#trade-table tbody tr')].map(row => ({
            label: row.querySelector('th').innerText.trim(),
            values: [...row.querySelectorAll('td')].map(
                td => (td.querySelector('.figure-link') || td).innerText.replace('Σ', '').trim()
            ),
        }))"""
    )
    by_label = {row["label"]: row["values"] for row in table}
    assert len(chart["datasets"]) == len(table)
    for dataset in chart["datasets"]:
        cells = by_label[dataset["label"]]
        for value, cell in zip(dataset["data"], cells, strict=True):
            if value is None:
                assert cell == "—"
            else:
                # A bound or an approximate figure carries its mark (≥ 10.00) in the table.
                number = cell.lstrip("≥≤≈ ")
                assert number == str(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_the_language_switcher_keeps_the_page(page):
    page.goto(page.site + "/en/projects/?country=KZ")
    page.click(".language-switcher a[hreflang=ru]")
    page.wait_for_url("**/ru/projects/?country=KZ")
    assert page.get_attribute("html", "lang") == "ru"
    assert "django_language=ru" in page.evaluate("document.cookie")


def test_switching_language_on_a_detail_page_shows_the_chinese_title(page):
    page.goto(page.site + "/en/projects/china-kyrgyzstan-uzbekistan-railway/")
    assert "China–Kyrgyzstan–Uzbekistan" in page.inner_text("h1")
    page.click(".language-switcher a[hreflang=zh-hans]")
    page.wait_for_url("**/zh-hans/projects/china-kyrgyzstan-uzbekistan-railway/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert "中吉乌铁路" in page.inner_text("h1")


@pytest.mark.parametrize(
    ("path", "ready"), [("/api/docs/", ".swagger-ui .info"), ("/api/redoc/", ".api-info")]
)
def test_the_api_documentation_runs_under_the_content_security_policy(page, path, ready):
    """A script or style the policy blocked would be a console error, failing the test."""
    response = page.goto(page.site + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(ready, timeout=20_000)
    assert "China–Central Asia Cooperation Tracker API" in page.inner_text("body")
    page.wait_for_load_state("networkidle")
