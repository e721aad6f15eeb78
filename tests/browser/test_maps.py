"""Maps show geography without any tile server: the region's country shapes, markers coloured
by status with a legend, grouped where they overlap, a popup per project, and a clear note
when nothing in the list can be placed on a map."""

import pytest

from .test_public_site import drawn_markers, scroll_to_map

# A real browser against a real server: seconds per page.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]


def open_map(page, path):
    page.goto(page.site + path)
    scroll_to_map(page, "[data-basemap-ready=true]")


def countries_in_view(page):
    """Country shapes drawn inside the map's box."""
    return page.evaluate(
        """() => {
            const box = document.querySelector('#map').getBoundingClientRect();
            return [...document.querySelectorAll('#map path.map-country')].filter(path => {
                const r = path.getBoundingClientRect();
                return r.right > box.left && r.left < box.right
                    && r.bottom > box.top && r.top < box.bottom;
            }).length;
        }"""
    )


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_the_projects_map_draws_countries_markers_and_a_legend(page, language):
    open_map(page, f"/{language}/projects/")
    assert countries_in_view(page) >= 6  # China, the five states and neighbours
    located = page.evaluate("JSON.parse(document.getElementById('map-points').textContent)")
    assert drawn_markers(page) == len(located) > 0
    legend = page.inner_text(".map-legend")
    for point in located:
        assert point["status"] in legend
    assert page.locator("#map .leaflet-tile").count() == 0  # no tile server was asked


def test_zooming_in_keeps_geography_on_the_map(page):
    open_map(page, "/en/projects/china-kyrgyzstan-uzbekistan-railway/")
    zoom_in = page.locator(".leaflet-control-zoom-in")
    for _ in range(4):
        if zoom_in.get_attribute("aria-disabled") == "true":
            break  # the closest zoom
        # Forced: the previous zoom may still be ending on a busy machine, and reach the closest
        # zoom (which disables the button) between the check above and the click; Leaflet then
        # ignores the click, where waiting for the button to be enabled would wait forever.
        zoom_in.click(force=True)
        page.wait_for_timeout(350)
    assert countries_in_view(page) >= 1
    assert page.locator("#map path.map-marker").count() == 1


def test_a_marker_opens_a_popup_with_title_status_countries_and_link(page):
    open_map(page, "/en/projects/china-kyrgyzstan-uzbekistan-railway/")
    page.locator("#map path.map-marker").click()
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "China–Kyrgyzstan–Uzbekistan" in text
    assert "Under construction" in text
    assert "Kyrgyzstan" in text and "Uzbekistan" in text
    href = popup.locator("a").get_attribute("href")
    assert href == "/en/projects/china-kyrgyzstan-uzbekistan-railway/"
    assert page.locator(".leaflet-tooltip:not(.map-label)").count() == 0  # a popup, no tooltip


def test_overlapping_markers_are_grouped_and_open_on_click(page):
    open_map(page, "/en/projects/")
    group = page.locator("#map .marker-cluster").first
    assert int(group.inner_text()) >= 2
    handle = group.element_handle()
    group.click()
    page.wait_for_timeout(800)
    assert not handle.evaluate("element => element.isConnected")  # it split as the map zoomed


def test_the_map_fits_the_filtered_results(page):
    open_map(page, "/en/projects/?country=TJ")
    inside = page.evaluate(
        """() => {
            const box = document.querySelector('#map').getBoundingClientRect();
            return [...document.querySelectorAll('#map path.map-marker, #map .marker-cluster')]
                .every(el => {
                    const r = el.getBoundingClientRect();
                    return r.left >= box.left && r.right <= box.right
                        && r.top >= box.top && r.bottom <= box.bottom;
                });
        }"""
    )
    assert inside


def test_a_list_with_no_located_project_says_so_instead_of_an_empty_map(page):
    page.goto(page.site + "/en/projects/?search=Yangling")
    assert page.locator("#map").count() == 0
    assert "None of these projects has a location" in page.inner_text(".map-empty")


def test_a_linear_project_is_drawn_as_a_dashed_line_marked_approximate(page):
    open_map(page, "/en/projects/china-kyrgyzstan-uzbekistan-railway/")
    route = page.locator("#map path.map-route")
    assert route.count() == 1
    assert "map-route--approximate" in route.get_attribute("class")
    assert route.get_attribute("stroke-dasharray")  # dashed: not the surveyed alignment
    assert route.get_attribute("stroke") == "#b45309"  # the status colour: under construction
    box = route.bounding_box()
    assert box["width"] > 100  # a line from Kashgar to Andijan, not a dot
    assert "Approximate route" in page.inner_text(".map-legend")
    assert "Approximate route" in page.inner_text(".facts")
    middle = page.evaluate(
        """() => {
            const path = document.querySelector('#map path.map-route');
            const point = path.getPointAtLength(path.getTotalLength() / 2);
            const screen = point.matrixTransform(path.getScreenCTM());
            return {x: screen.x, y: screen.y};
        }"""
    )
    page.mouse.click(middle["x"], middle["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "China–Kyrgyzstan–Uzbekistan" in popup.inner_text()
    assert "Approximate route" in popup.inner_text()


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_the_projects_map_draws_every_route_as_a_line(page, language):
    open_map(page, f"/{language}/projects/")
    located = page.evaluate("JSON.parse(document.getElementById('map-points').textContent)")
    routed = [point for point in located if point.get("route")]
    assert len(routed) >= 5
    assert page.locator("#map path.map-route").count() == len(routed)
    assert page.get_attribute("#map", "data-routes") == str(len(routed))
    legend = page.inner_text(".map-legend")
    assert page.get_attribute("#map", "data-route-approximate") in legend


def test_a_map_below_the_fold_is_drawn_when_it_comes_into_view(page):
    """Leaflet is fetched and draws only when the map comes into view; then the borders, in
    their own pane under the markers and routes, and the markers are all there."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.site + "/en/projects/china-kyrgyzstan-uzbekistan-railway/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof L") == "undefined"
    assert page.locator("#map .leaflet-pane").count() == 0
    assert page.get_attribute("#map", "data-basemap-ready") is None
    scroll_to_map(page, "[data-basemap-ready=true]")
    assert countries_in_view(page) >= 1
    assert page.locator("#map path.map-marker").count() == 1
    assert page.locator("#map path.map-route").count() == 1
    panes = page.evaluate(
        """() => ['basemap', 'overlay'].map(name => Number(getComputedStyle(
            document.querySelector('#map .leaflet-' + name + '-pane')).zIndex))"""
    )
    assert panes[0] < panes[1]


def test_every_part_of_every_country_is_drawn_as_its_own_shape(page):
    """A country of many parts (Russia has 99) goes in part by part, so drawing the borders is
    never one long task, and every part arrives."""
    open_map(page, "/en/projects/")
    expected = page.evaluate(
        """async () => {
            const url = document.querySelector('#map').dataset.basemap;
            const countries = (await (await fetch(url)).json()).features;
            return countries.reduce((sum, country) => sum + (
                country.geometry.type === 'MultiPolygon' ? country.geometry.coordinates.length : 1
            ), 0);
        }"""
    )
    assert expected > 46  # more parts than countries
    assert page.locator("#map path.map-country").count() == expected


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_the_finance_map_colours_each_instrument_and_names_them_in_a_legend(page, language):
    """A visitor's finding: the finance map's legend named only the last record's instrument,
    with no heading or colour, and every marker was one black dot."""
    open_map(page, f"/{language}/finance/")
    located = page.evaluate("JSON.parse(document.getElementById('map-points').textContent)")
    assert drawn_markers(page) == len(located) > 0
    instruments = {point["status_code"]: point["status"] for point in located}
    assert len(instruments) >= 2
    legend = page.locator(".map-legend")
    assert legend.locator("summary").inner_text() == page.get_attribute("#map", "data-legend")
    assert legend.locator("li").count() == len(instruments)
    swatches = legend.locator(".map-legend__swatch").evaluate_all(
        "spans => spans.map(span => getComputedStyle(span).backgroundColor)"
    )
    assert len(set(swatches)) == len(instruments)  # one colour each, none left blank
    assert "rgba(0, 0, 0, 0)" not in swatches
    for label in instruments.values():
        assert label in legend.inner_text()


@pytest.mark.parametrize(("language", "zoom_in"), [("zh-hans", "放大"), ("ru", "Приблизить")])
def test_the_zoom_buttons_are_named_in_the_pages_language(page, language, zoom_in):
    """A visitor's finding: Leaflet's buttons said "Zoom in" and "Zoom out" on every page."""
    open_map(page, f"/{language}/projects/")
    button = page.locator(".leaflet-control-zoom-in")
    assert button.get_attribute("title") == zoom_in
    assert button.get_attribute("aria-label") == zoom_in


@pytest.mark.parametrize(
    "path", ["/en/projects/", "/zh-hans/countries/china/", "/ru/countries/uzbekistan/"]
)
def test_on_a_phone_names_do_not_pile_up_and_the_legend_folds_away(page, path):
    """A visitor's finding: at 375 px the country names of the Caucasus and Central Asia printed
    over one another, and the open legend covered the markers over Central Asia."""
    page.set_viewport_size({"width": 375, "height": 800})
    open_map(page, path)
    overlaps = page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll('#map .map-label')]
                .filter(label => getComputedStyle(label).visibility !== 'hidden')
                .map(label => label.getBoundingClientRect());
            let clashes = 0;
            boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
                if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top)
                    clashes++;
            }));
            return {shown: boxes.length, clashes};
        }"""
    )
    assert overlaps["shown"] >= 3 and overlaps["clashes"] == 0, overlaps
    legend = page.locator(".map-legend")
    assert legend.evaluate("details => details.open") is False
    legend.locator("summary").click()
    assert legend.evaluate("details => details.open") is True
    assert page.get_attribute("#map", "data-legend") in legend.inner_text()


def test_on_a_desktop_the_legend_is_open(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_map(page, "/en/projects/")
    assert page.locator(".map-legend").evaluate("details => details.open") is True
