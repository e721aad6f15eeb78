"""History editors can read: every field once and in words, values in full with long text as
a word diff, and a reason on every change (typed on the form, or said by the import, the
revert or the seed), shown in the history and in the public change log."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from cooperation.models import Country, Project, Source, TradeStatistic
from cooperation.services.accounts import token_create

from .test_admin import project_form

pytestmark = pytest.mark.django_db

LONG = (
    "A 200 MW solar plant near Samarkand, built by China Power International under a "
    "25-year power purchase agreement with the National Electric Grid of Uzbekistan."
)


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def project(db):
    project = Project.objects.published().filter(milestones__isnull=True).first()
    project.summary_en = LONG
    project.save()
    return project


def edit(client, project, **changes):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = client.post(url, project_form(project, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()


def history_page(client, project):
    return client.get(reverse("admin:cooperation_project_history", args=[project.pk])).text


def test_long_text_is_shown_in_full_as_a_word_diff(client, editor, project):
    edit(client, project, summary_en=LONG.replace("25-year", "30-year"))
    page = history_page(client, project)
    assert "chars]" not in page
    assert "<del>25</del>" in page and "<ins>30</ins>" in page
    assert "National Electric Grid of Uzbekistan." in page


def test_a_translated_field_is_listed_once_by_its_language(client, editor, project):
    edit(client, project, summary_en=LONG + " Updated.")
    page = history_page(client, project)
    assert "Summary (English):" in page
    assert "Summary [en]" not in page
    assert "<strong>Summary:</strong>" not in page


def test_a_reason_typed_on_the_form_is_in_the_history_and_the_public_change_log(
    client, editor, project
):
    edit(client, project, summary_en=LONG + " Corrected.", change_reason="Figures from the MoU")
    assert project.history.first().history_change_reason == "Figures from the MoU"
    assert "Figures from the MoU" in history_page(client, project)
    log = client.get(reverse("change-log", args=["projects", project.slug]))
    assert "Why: Figures from the MoU" in log.text
    assert "Summary [en]" not in log.text and "Summary (English)" in log.text


def test_a_revert_says_which_version_it_went_back_to(client, editor, project):
    version = project.history.first()
    edit(client, project, summary_en="Wrong.")
    url = reverse("admin:cooperation_project_simple_history", args=[project.pk, version.history_id])
    client.post(url, project_form(version.instance))
    assert project.history.first().history_change_reason.startswith("Reverted to the version of")


def test_an_import_names_its_file_and_row(client, editor):
    figure = TradeStatistic.objects.filter(period="annual").first()
    text = (
        "reporter,partner,flow,period,year,value_usd,source_url\n"
        f"{figure.reporter.iso2},{figure.partner.iso2},{figure.flow},annual,{figure.year},"
        f"{figure.value_usd + 1},{figure.source.url}\n"
    )
    preview = client.post(
        reverse("admin:cooperation_tradestatistic_import"),
        {"resource": "0", "format": "0",
         "import_file": SimpleUploadedFile("trade-2024.csv", text.encode())},
    )  # fmt: skip
    client.post(
        reverse("admin:cooperation_tradestatistic_process_import"),
        preview.context["confirm_form"].initial,
    )
    assert figure.history.first().history_change_reason == "Imported from trade-2024.csv, row 2"


def test_the_seeds_changes_are_said_to_come_from_no_account(client, editor):
    project = Project.history.filter(history_user=None).first().instance
    page = history_page(client, project)
    assert "no account (the seed or a command)" in page
    assert "Loaded from the seed content" in page


def test_the_revert_page_says_what_reverting_will_change(client, editor, project):
    version = project.history.first()
    edit(client, project, summary_en=LONG.replace("25-year", "30-year"))
    url = reverse("admin:cooperation_project_simple_history", args=[project.pk, version.history_id])
    page = client.get(url).text
    assert "What reverting will change" in page
    assert "China–Central Asia cooperation</a> &rsaquo;" in page  # the section's own name
    assert "Historical projects" not in page
    assert "<del>30</del>" in page and "<ins>25</ins>" in page


def compare(client, project, older, newer):
    url = reverse("admin:cooperation_project_compare_versions", args=[project.pk])
    return client.get(url, {"from": older.history_id, "to": newer.history_id})


def test_the_history_page_offers_to_compare_two_versions(client, editor, project):
    edit(client, project, summary_en=LONG.replace("25-year", "30-year"))
    page = history_page(client, project)
    assert 'action="compare/"' in page
    assert 'name="from"' in page and 'name="to"' in page
    assert "Compare the two chosen versions" in page


def test_any_two_versions_compare_as_a_readable_diff(client, editor, project):
    first = project.history.first()
    edit(client, project, summary_en=LONG.replace("25-year", "30-year"))
    edit(client, project, summary_en=LONG.replace("25-year", "40-year"), change_reason="Again")
    last = project.history.first()
    response = compare(client, project, first, last)
    assert response.status_code == 200
    assert "Summary (English):" in response.text
    assert "<del>25</del>" in response.text and "<ins>40</ins>" in response.text
    assert "30" not in response.text.split("What changed between them")[1].split("</ul>")[0]
    # Chosen in either order, the older version is the "from".
    assert "<del>25</del>" in compare(client, project, last, first).text


def test_two_equal_versions_compare_as_the_same(client, editor, project):
    version = project.history.first()
    assert "The two versions are the same." in compare(client, project, version, version).text


def test_a_version_of_another_record_is_not_compared(client, editor, project):
    other = Project.objects.exclude(pk=project.pk).first().history.first()
    assert compare(client, project, project.history.first(), other).status_code == 404
    url = reverse("admin:cooperation_project_compare_versions", args=[project.pk])
    assert client.get(url, {"from": "abc", "to": ""}).status_code == 404


def test_versions_of_a_source_compare_too(client, editor):
    source = Source.objects.first()
    version = source.history.first()
    url = reverse("admin:cooperation_source_compare_versions", args=[source.pk])
    response = client.get(url, {"from": version.history_id, "to": version.history_id})
    assert response.status_code == 200


def versions_since(project, count):
    """The versions written after the first `count`, oldest first."""
    newest_first = list(project.history.order_by("-history_date", "-history_id"))
    return newest_first[: len(newest_first) - count][::-1]


def linked_countries(version):
    return {row.country_id for row in version.countries.all()}


def test_an_edit_to_fields_and_links_is_one_version_holding_both(client, editor, project):
    """Not one version for the save and one more per link field, the first holding the new
    title with the old countries: a state the record was never in."""
    before = project.history.count()
    countries = set(Country.objects.exclude(pk__in=project.countries.all())[:2].values_list(
        "pk", flat=True
    ))  # fmt: skip
    edit(client, project, title_en="A new title", countries=sorted(countries))
    (version,) = versions_since(project, before)
    assert version.title_en == "A new title"
    assert linked_countries(version) == countries
    assert version.history_user == editor


def test_an_api_write_to_fields_and_links_is_one_version_holding_both(editor, project):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=editor)[1]}")
    before = project.history.count()
    country = Country.objects.exclude(pk__in=project.countries.all()).first()
    response = api.patch(
        f"/api/v1/projects/{project.slug}/",
        {"title": "Renamed by the API", "countries": [country.iso2]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    (version,) = versions_since(project, before)
    assert version.title_en == "Renamed by the API"
    assert linked_countries(version) == {country.pk}
    assert version.history_user == editor


def test_the_seed_writes_one_version_per_record_with_its_links():
    for project in Project.objects.prefetch_related("countries"):
        (version,) = project.history.all()
        assert version.history_type == "+"
        assert linked_countries(version) == {country.pk for country in project.countries.all()}
