"""A trade figure's source is one tap away on a phone, in every language: no tooltips."""

import pytest

# A real browser against a real server: seconds per page.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_tapping_a_footnote_shows_the_figures_source(page, language):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.site}/{language}/trade/")
    reference = page.locator("#trade-table .footnote-ref a").last
    reference.scroll_into_view_if_needed()
    target = reference.get_attribute("href")
    reference.click()
    note = page.locator(target)
    assert note.is_visible() and note.locator("a").count() == 1
    assert page.evaluate("location.hash") == target
