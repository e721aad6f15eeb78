"""In the browser: a slug filled from a title with an en dash keeps the words apart, and leaving
an edit form with unsaved changes asks first."""

import pytest

from .test_editor_screenshots import signed_in_password

# A real browser: a few seconds per page.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]


def test_a_slug_from_a_title_with_a_dash_keeps_the_words_apart(page, live_site):
    signed_in_password(page, live_site)
    page.goto(page.site + "/admin/cooperation/summit/add/")
    page.fill("#id_title_en", "China–Uzbekistan Renewable Energy Forum 2025")
    page.dispatch_event("#id_title_en", "change")  # as when the editor leaves the box
    assert page.input_value("#id_slug") == "china-uzbekistan-renewable-energy-forum-2025"


def test_leaving_a_form_with_unsaved_changes_asks_first(page, live_site):
    signed_in_password(page, live_site)
    page.goto(page.site + "/admin/cooperation/summit/add/")
    page.fill("#id_title_en", "A summit not saved yet")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(page.site + "/admin/")
    assert dialogs == ["beforeunload"]
