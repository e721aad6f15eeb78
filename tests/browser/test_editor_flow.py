"""An editor signs in, creates a draft project, publishes it, and sees it on the public site."""

import pytest

from .conftest import signed_in_password

# A real browser against a real server: seconds per page. One worker runs every browser test,
# so the site behind them starts once.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]


def choose(page, field_id, text):
    """Pick a value in one of the admin's autocomplete (select2) fields."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.keyboard.type(text)
    page.wait_for_selector(f".select2-results__option--highlighted:has-text('{text}')")
    page.keyboard.press("Enter")


def test_an_editor_publishes_a_new_project_and_sees_it_public(page, live_site):
    # The generated password is good for one sign-in: the admin asks for the editor's own
    # first (whichever browser test signs in first changes it).
    signed_in_password(page, live_site)

    page.goto(page.site + "/admin/cooperation/project/add/")
    page.fill("#id_title_en", "Almaty logistics hub")
    page.fill("#id_summary_en", "A bonded logistics hub near Almaty, tested by a browser.")
    choose(page, "id_sector", "Transport")
    choose(page, "id_countries", "Kazakhstan")
    page.select_option("#id_status", "planned")
    choose(page, "id_sources", "Lianyungang")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    public_url = page.site + "/en/projects/almaty-logistics-hub/"
    assert page.context.request.get(public_url).status == 404  # a draft is not public

    page.goto(page.site + "/admin/cooperation/project/?q=Almaty+logistics")
    page.check("input.action-select")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")
    assert "1 project published." in page.inner_text(".messagelist")

    page.goto(public_url)
    assert page.inner_text("h1") == "Almaty logistics hub"
