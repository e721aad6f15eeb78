"""Projects can be imported and exported as spreadsheets too."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.admin.resources import PROJECT_COLUMNS
from cooperation.models import DatePrecision, Project, Source

pytestmark = pytest.mark.django_db

HEADER = "slug,title_en,summary_en,sector,countries,status,start,completion,investment_amount,investment_currency,sources\n"  # noqa: E501


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def upload(client, text):
    return client.post(
        reverse("admin:cooperation_project_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("p.csv", text.encode())},
    )


def test_a_project_row_imports_with_dates_at_their_precision(editor_client):
    url = Source.objects.first().url
    row = 'new-dry-port,New dry port,A port.,transport-logistics,"KZ,CN",planned,2014-05,2027'
    text = HEADER + f"{row},1.2 bn,usd,{url}\n"
    preview = upload(editor_client, text)
    assert preview.context["result"].totals["new"] == 1
    editor_client.post(
        reverse("admin:cooperation_project_process_import"), preview.context["confirm_form"].initial
    )
    project = Project.objects.get(slug="new-dry-port")
    assert project.start_precision == DatePrecision.MONTH and str(project.start) == "May 2014"
    assert project.completion_precision == DatePrecision.YEAR
    assert sorted(project.countries.values_list("iso2", flat=True)) == ["CN", "KZ"]
    assert project.investment_currency == "USD"
    assert project.sources.get().url == url
    assert not project.is_published


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('x,X,S,transport-logistics,"KZ,XX",planned,2014,,,,', "Not found: XX"),
        ("x,X,S,no-such-sector,KZ,planned,2014,,,,", "No sector with the slug “no-such-sector”."),
        ("x,X,S,energy,KZ,planned,May 2014,,,,", "is not a date like 2014"),
        ("x,X,S,energy,KZ,finished,2014,,,,", "“finished” is not one of"),
        ("x,X,S,energy,KZ,planned,2020,2019,,,", "Completion cannot be before the start."),
        ("x,X,S,energy,KZ,planned,2020,,100,,", "Give the currency of the investment amount."),
    ],
)
def test_bad_project_rows_are_reported(editor_client, row, message):
    preview = upload(editor_client, HEADER + row + "\n")
    assert message in preview.text
    assert preview.context.get("confirm_form") is None
    assert not Project.objects.filter(slug="x").exists()


ESTIMATE_HEADER = "slug,title_en,summary_en,sector,countries,status,investment_is_estimate\n"


@pytest.mark.parametrize(
    ("cell", "stored"), [("yes", True), ("Да", True), ("", False), ("0", False)]
)
def test_the_estimate_column_reads_yes_or_no_in_any_language(editor_client, cell, stored):
    preview = upload(editor_client, ESTIMATE_HEADER + f"x,X,S,energy,KZ,planned,{cell}\n")
    editor_client.post(
        reverse("admin:cooperation_project_process_import"), preview.context["confirm_form"].initial
    )
    assert Project.objects.get(slug="x").investment_is_estimate is stored


def test_an_estimate_that_is_neither_yes_nor_no_is_refused_not_read_as_no(editor_client):
    preview = upload(editor_client, ESTIMATE_HEADER + "x,X,S,energy,KZ,planned,perhaps\n")
    assert "“perhaps” is not yes or no." in preview.text
    assert preview.context.get("confirm_form") is None
    assert not Project.objects.filter(slug="x").exists()


def test_projects_export_with_the_documented_columns(editor_client):
    response = editor_client.post(
        reverse("admin:cooperation_project_export"),
        {"resource": "0", "format": "0", **{f"projectresource_{c}": "on" for c in PROJECT_COLUMNS}},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == Project.objects.count()
    lianyungang = next(row for row in rows if "lianyungang" in row["slug"])
    assert lianyungang["start"] == "2014-05-19"
    assert "KZ" in lianyungang["countries"]
    assert {row["investment_is_estimate"] for row in rows} <= {"yes", "no"}
