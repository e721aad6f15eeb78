"""Charts a reader can trust and reuse: a true year axis with gaps for missing years, straight
lines, the unit on the axis, one colour per country everywhere, the sources under the chart,
and downloads of exactly what is drawn."""

import csv
import io
from pathlib import Path

import pytest

from .test_public_site import canvas_has_drawing, scroll_to_chart

# A real browser against a real server: seconds per page.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]


def chart(page, path, selector="#trade-chart"):
    page.goto(page.site + path)
    scroll_to_chart(page, selector)
    return page.evaluate(
        f"""() => {{
            const chart = Chart.getChart(document.querySelector('{selector}'));
            return {{
                xType: chart.scales.x.type,
                yTitle: chart.options.scales.y.title.text,
                datasets: chart.data.datasets.map(d => ({{
                    label: d.label, key: d.key, colour: d.borderColor, tension: d.tension,
                    points: d.data.map(p => [p.x, p.y]),
                }})),
            }};
        }}"""
    )


def test_the_trade_chart_has_a_year_axis_straight_lines_and_its_unit(page):
    drawn = chart(page, "/en/trade/")
    assert drawn["xType"] == "linear"
    assert drawn["yTitle"] == "USD billions"
    for dataset in drawn["datasets"]:
        assert dataset["tension"] == 0
        years = [x for x, _y in dataset["points"]]
        assert years == list(range(years[0], years[-1] + 1))  # every year, gaps as gaps


def test_a_country_keeps_its_colour_across_pages_and_languages(page):
    colours = set()
    for path in ("/en/", "/en/trade/", "/zh-hans/", "/ru/trade/"):
        drawn = chart(page, path)
        colours |= {d["colour"] for d in drawn["datasets"] if d["key"] == "KZ"}
    assert len(colours) == 1


def test_download_csv_gives_exactly_what_the_chart_draws(page):
    drawn = chart(page, "/en/trade/")
    with page.expect_download() as info:
        page.click("[data-chart-download=csv]")
    assert info.value.suggested_filename == "trade.csv"
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = {
        (d["label"], str(x), y) for d in drawn["datasets"] for x, y in d["points"] if y is not None
    }
    assert {(r["series"], r["year"], float(r["value"])) for r in rows} == expected
    assert {r["unit"] for r in rows} == {"USD billions"}


def test_download_png_gives_an_image_of_the_chart(page):
    chart(page, "/en/")
    with page.expect_download() as info:
        page.click("[data-chart-download=png]")
    assert info.value.suggested_filename == "china-central-asia-trade.png"
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chart_names_its_sources_with_links_and_a_cite_line(page):
    chart(page, "/en/countries/kazakhstan/")
    links = page.locator(".chart-source a")
    assert links.count() >= 1
    assert links.first.get_attribute("href").startswith("http")
    assert page.locator(".chart-source").is_visible()
    cite = page.inner_text(".chart-cite")
    assert "China–Central Asia Cooperation Tracker" in cite and "/en/countries/kazakhstan/" in cite
    page.click(".chart-actions a")
    assert page.evaluate("location.hash") == "#country-trade-table"


def test_a_target_is_drawn_only_up_to_its_deadline(page):
    drawn = chart(page, "/en/commitments/china-kazakhstan-trade-40bn-by-2015/", "#progress-chart")
    target = next(d for d in drawn["datasets"] if d["key"] == "target")
    assert max(x for x, y in target["points"] if y is not None) == 2015
    figures = next(d for d in drawn["datasets"] if d["key"] == "KZ")
    years = [x for x, _y in figures["points"]]
    assert years == list(range(years[0], years[-1] + 1))


def test_no_line_joins_two_years_from_different_publishers(page):  # data audit D17
    chart(page, "/en/countries/kazakhstan/")
    drawn = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector('#trade-chart'));
            const own = chart.data.datasets.find(d => d.key === 'KZ' && d.borderDash.length);
            const years = own.data.map(p => p.x);
            const colour = (a, b) => own.segment.borderColor({
                p0DataIndex: years.indexOf(a), p1DataIndex: years.indexOf(b),
            });
            return {joined: colour(2022, 2023) === undefined, broken: colour(2023, 2024)};
        }"""
    )
    assert drawn["joined"] is True  # both from Kazakhstan's statistics bureau
    assert drawn["broken"] == "rgba(0,0,0,0)"  # the bureau, then the EDB


def test_a_chart_below_the_fold_is_drawn_when_it_comes_into_view(page):
    """Chart.js is fetched and a chart drawn only when the reader scrolls to it; its download
    buttons are in place before, so nothing moves when it is drawn."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.site + "/en/countries/kazakhstan/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof Chart") == "undefined"
    actions = page.locator('[data-chart-actions="trade-chart"]')
    assert actions.is_visible()
    place = actions.bounding_box()["y"] - page.locator("#trade-chart").bounding_box()["y"]
    scroll_to_chart(page, "#trade-chart")
    assert canvas_has_drawing(page, "#trade-chart")
    moved = actions.bounding_box()["y"] - page.locator("#trade-chart").bounding_box()["y"]
    assert moved == place
    assert page.evaluate("Chart.getChart(document.querySelector('#finance-chart'))") is None
    scroll_to_chart(page, "#finance-chart")
    assert canvas_has_drawing(page, "#finance-chart")


@pytest.mark.parametrize("language", ["zh-hans", "en", "ru"])
def test_a_chart_of_many_series_names_them_all_and_keeps_its_plot_on_a_phone(page, language):
    """A visitor's finding: China's chart (twelve series) gave its legend half of a phone's
    chart, cut six names off and left the plot 74 px."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{page.site}/{language}/countries/china/")
    scroll_to_chart(page, "#trade-chart")
    shown = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector('#trade-chart'));
            const legend = chart.legend;
            const rowHeight = legend.legendHitBoxes[0].height + legend.options.labels.padding;
            const rows = new Set(legend.legendHitBoxes.map(hit => hit.row)).size;
            return {
                series: chart.data.datasets.length,
                plot: chart.chartArea.bottom - chart.chartArea.top,
                legendFits: legend.height >= rows * rowHeight,
            };
        }"""
    )
    assert shown["series"] >= 10
    assert shown["legendFits"], shown
    assert shown["plot"] >= 12 * 16 - 1, shown  # .chart--many: room made before it is drawn
    assert page.evaluate("document.querySelector('#trade-chart').parentElement.style.height") == ""
