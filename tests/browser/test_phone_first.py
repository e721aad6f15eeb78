"""Every page type fits a phone, a tablet and a desktop without scrolling sideways, in every
language; lists read as cards on phones, the filters fold away, and the header stays small."""

import pytest

# A real browser against a real server: seconds per page, and each test loads many.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]

PAGE_TYPES = [
    "/",
    "/projects/",
    "/projects/?country=UZ&sector=transport-logistics",
    "/projects/?country=XX",  # a bad filter value: the page answers 400, with its message
    "/projects/china-kyrgyzstan-uzbekistan-railway/",
    "/summits/",
    "/summits/2023-xian-china-central-asia-summit/",
    "/trade/",
    "/countries/",
    "/countries/kazakhstan/",
    "/countries/central-asia/",
    "/commitments/",
    "/commitments/china-central-asia-financing-26bn-yuan/",
    "/commitments/china-kazakhstan-trade-40bn-by-2015/",
    "/articles/",
    "/articles/china-central-asia-cooperation-shows-no-signs-of-slowing/",
    "/search/?q=railway",
    "/about/",
    "/licence/",
    "figure",  # a trade figure's own page, found from the trade table
    "/projects/china-kyrgyzstan-uzbekistan-railway/changes/",
]
WIDTHS = (360, 768, 1366)


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_no_page_scrolls_sideways_at_any_width(page, language):
    too_wide = []
    page.goto(f"{page.site}/{language}/trade/")
    figure = page.get_attribute("#trade-table .figure-link", "href").split(f"/{language}", 1)[1]
    for path in PAGE_TYPES:
        path = figure if path == "figure" else path
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(f"{page.site}/{language}{path}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            if overflow(page) > 0:
                too_wide.append((path, width, overflow(page)))
    page.console_errors[:] = [e for e in page.console_errors if "400 (Bad Request)" not in e]
    assert too_wide == []


def test_records_read_as_cards_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.site + "/en/commitments/")
    first = page.locator("table.records tbody tr").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    assert "Deadline" in first.locator("td[data-label]").nth(2).evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    assert first.evaluate("row => getComputedStyle(row).display") == "table-row"


def test_cards_below_the_screen_are_laid_out_only_as_they_come_near_it(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.site + "/en/projects/")
    cells = page.locator("table.records tbody tr td:first-child")
    skipped = "cell => !cell.checkVisibility({contentVisibilityAuto: true})"
    assert not cells.first.evaluate(skipped)
    assert cells.last.evaluate(skipped)  # far below the screen: not laid out yet
    cells.last.scroll_into_view_if_needed()
    page.wait_for_timeout(100)
    assert not cells.last.evaluate(skipped)
    assert cells.last.is_visible()


def test_the_filters_fold_behind_a_button_on_a_phone_and_results_come_first(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.site + "/en/projects/?country=UZ&sector=transport-logistics")
    summary = page.locator("details.filter-panel > summary")
    assert summary.inner_text().strip().endswith("Filters (2)")
    assert not page.locator("details.filter-panel").evaluate("panel => panel.open")
    assert page.locator(".result-count").bounding_box()["y"] < 844
    summary.click()
    assert page.locator("details.filter-panel form").is_visible()


@pytest.mark.parametrize(("width", "shown"), [(390, False), (1366, True)])
def test_the_filter_panel_is_in_place_before_any_script_runs(browser, live_site, width, shown):
    """Folded on a phone, open on a desktop, from the first paint: no script moves the results
    once they are drawn (a layout shift, which Lighthouse counts against the page)."""
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=False
    )
    tab = context.new_page()
    tab.goto(live_site["url"] + "/en/projects/?country=KZ")
    assert tab.locator("details.filter-panel form").is_visible() is shown
    assert tab.locator("details.filter-panel > summary").is_visible()
    context.close()


def test_the_filters_are_open_on_a_desktop(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.site + "/en/projects/")
    assert page.locator("details.filter-panel form").is_visible()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_header_takes_little_of_a_phone_screen(page, language):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.site}/{language}/")
    height = page.locator(".site-header").bounding_box()["height"]
    assert height <= 844 * 0.18, height


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
@pytest.mark.parametrize("width", [1024, 1366])
def test_the_header_search_hint_is_not_cut_on_a_desktop(page, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.site}/{language}/")
    room, needed = page.evaluate(
        """() => {
            const input = document.querySelector('#site-search-q');
            const style = getComputedStyle(input);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            const inset = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
                .reduce((sum, name) => sum + parseFloat(style[name]), 0);
            const room = input.getBoundingClientRect().width - inset;
            return [room, context.measureText(input.placeholder).width];
        }"""
    )
    # A box sized to its text may round it down by a fraction of a pixel; a cut hint is short
    # by tens of pixels (95 before the box was sized to its hint).
    assert needed <= room + 1, f"the hint needs {needed:.1f} px, the box gives {room:.1f}"


def test_wide_year_tables_keep_their_first_column_and_show_the_newest_year(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.site + "/en/trade/")
    box = page.locator("#trade-table").locator("xpath=..")
    assert box.get_attribute("class").split() == ["table-scroll", "is-scrollable"]
    assert box.get_attribute("tabindex") == "0"
    newest = page.locator("#trade-table thead th").last
    first = page.locator("#trade-table tbody th[scope=row]").first
    box_right = box.bounding_box()["x"] + box.bounding_box()["width"]
    assert newest.bounding_box()["x"] + newest.bounding_box()["width"] <= box_right + 1
    assert first.bounding_box()["x"] >= box.bounding_box()["x"] - 1
    assert first.is_visible()


def test_no_figure_starts_half_hidden_under_the_fixed_first_column(page):
    """A figure half under the first column is too small a target to tap (Lighthouse's target
    size audit): at the newest year, each figure's link is wholly shown or wholly covered."""
    page.set_viewport_size({"width": 390, "height": 844})
    for path, table in (("/en/trade/", "#trade-table"), ("/en/", "#overview-trade-table")):
        page.goto(page.site + path)
        half_hidden = page.evaluate(
            """(table) => {
                const first = document.querySelector(table + ' thead th');
                const edge = first.getBoundingClientRect().right;
                return [...document.querySelectorAll(table + ' td a')]
                    .map(link => link.getBoundingClientRect())
                    .filter(link => link.left < edge && link.right > edge).length;
            }""",
            table,
        )
        assert half_hidden == 0, path


@pytest.mark.parametrize("language", ["zh-hans", "ru", "en"])
def test_the_header_search_button_keeps_to_one_line_on_a_phone(page, language):
    """A visitor's finding: 搜索 broke onto two lines at 375 px."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{page.site}/{language}/")
    button = page.locator(".site-search button")
    line = page.evaluate(
        """b => parseFloat(getComputedStyle(b).lineHeight)
            || parseFloat(getComputedStyle(b).fontSize) * 1.6""",
        button.element_handle(),
    )
    inner = page.evaluate(
        """b => { const s = getComputedStyle(b);
            return b.getBoundingClientRect().height - parseFloat(s.paddingTop)
                - parseFloat(s.paddingBottom) - parseFloat(s.borderTopWidth)
                - parseFloat(s.borderBottomWidth); }""",
        button.element_handle(),
    )
    assert inner < 1.5 * line, (inner, line)
