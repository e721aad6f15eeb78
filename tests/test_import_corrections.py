"""A corrective import changes only the cells it fills: a blank cell leaves the stored value
alone, "(clear)" empties it, and a publication status changes only where the file says so, with
the preview saying it in words."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.models import Project, PublicationStatus, TradeStatistic

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def figure(db):
    """A published annual figure with a note and a change on the year."""
    figure = TradeStatistic.objects.published().filter(period="annual", month=None).first()
    figure.note_en = "46% of China–Central Asia trade."
    figure.change_pct = Decimal("7.50")
    figure.save()
    return figure


def dry_run(client, columns, values, model="tradestatistic"):
    text = ",".join(columns) + "\n" + ",".join(f'"{value}"' for value in values) + "\n"
    return client.post(
        reverse(f"admin:cooperation_{model}_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("c.csv", text.encode())},
    )


def confirm(client, preview, model="tradestatistic"):
    response = client.post(
        reverse(f"admin:cooperation_{model}_process_import"),
        preview.context["confirm_form"].initial,
    )
    assert response.status_code == 302
    return response


def correction(figure, value="43.9 bn", status="", note="", change=""):
    columns = [
        "reporter", "partner", "flow", "period", "year", "month", "value_usd", "change_pct",
        "source_url", "publication_status", "note_en",
    ]  # fmt: skip
    values = [
        figure.reporter.iso2, figure.partner.iso2, figure.flow, figure.period, figure.year, "",
        value, change, figure.source.url, status, note,
    ]  # fmt: skip
    return columns, values


def test_blank_cells_leave_the_stored_note_and_change_alone(client, editor, figure):
    preview = dry_run(client, *correction(figure))
    assert preview.context["result"].totals["update"] == 1
    confirm(client, preview)
    figure.refresh_from_db()
    assert figure.value_usd == Decimal("43900000000")
    assert figure.note_en == "46% of China–Central Asia trade."
    assert figure.change_pct == Decimal("7.50")


def test_a_blank_status_keeps_a_published_figure_published(client, editor, figure):
    preview = dry_run(client, *correction(figure))
    assert "will be unpublished" not in preview.text
    confirm(client, preview)
    figure.refresh_from_db()
    assert figure.publication_status == PublicationStatus.PUBLISHED


def test_a_file_without_a_status_column_keeps_the_status(client, editor, figure):
    columns, values = correction(figure)
    index = columns.index("publication_status")
    del columns[index], values[index]
    confirm(client, dry_run(client, columns, values))
    figure.refresh_from_db()
    assert figure.is_published


def test_clear_empties_a_cell(client, editor, figure):
    confirm(client, dry_run(client, *correction(figure, note="(clear)", change="(Clear)")))
    figure.refresh_from_db()
    assert figure.note_en == ""
    assert figure.change_pct is None


def test_clear_cannot_empty_a_column_that_must_have_a_value(client, editor, figure):
    preview = dry_run(client, *correction(figure, status="(clear)"))
    assert "“(clear)” cannot empty publication_status" in preview.text
    assert preview.context.get("confirm_form") is None


def test_a_status_written_in_the_file_changes_it_and_the_preview_says_so(client, editor, figure):
    preview = dry_run(client, *correction(figure, status="draft"))
    assert "1 published record will be unpublished (back to draft)." in preview.text
    assert preview.text.index("will be unpublished") < preview.text.index("Confirm import")
    confirm(client, preview)
    figure.refresh_from_db()
    assert figure.publication_status == PublicationStatus.DRAFT


def test_the_preview_counts_new_updated_and_unchanged_rows(client, editor, figure):
    preview = dry_run(client, *correction(figure, value=figure.value_usd))
    assert "0 new records · 0 records updated · 1 record unchanged" in preview.text


def test_the_template_rows_leave_the_status_to_the_editor(client, editor):
    template = client.get(reverse("admin:cooperation_tradestatistic_import_template", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(template.content.decode())))
    assert rows and all(row["publication_status"] == "" for row in rows)


def test_a_blank_countries_cell_keeps_a_projects_countries(client, editor):
    project = Project.objects.published().filter(countries__isnull=False).first()
    countries = sorted(project.countries.values_list("iso2", flat=True))
    columns = ["slug", "title_en", "summary_en", "sector", "countries", "status", "sources"]
    values = [project.slug, project.title_en, project.summary_en, project.sector.slug, "",
              project.status, ""]  # fmt: skip
    preview = dry_run(client, columns, values, model="project")
    assert preview.context["result"].totals["skip"] == 1, preview.context["result"].invalid_rows
    confirm(client, preview, model="project")
    project.refresh_from_db()
    assert sorted(project.countries.values_list("iso2", flat=True)) == countries
    assert project.sources.exists() and project.is_published
