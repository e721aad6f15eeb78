"""S10: a spreadsheet import is measured before it is parsed. A file over 5 MB, an XLSX that
unpacks to too much, or more than 20,000 rows is refused at once with the numbers; a 92 KB XLSX
of 300,000 rows used to hold a worker for 30 seconds."""

import io
import time
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.admin.imports import count_rows_in_xlsx

pytestmark = pytest.mark.django_db

HEADER = "reporter,partner,flow,period,year,month,value_usd,change_pct,source_url,note_en\n"
FORMAT_CSV, FORMAT_XLSX = "0", "1"


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def upload(client, content, name, file_format, url="admin:cooperation_tradestatistic_import"):
    return client.post(
        reverse(url),
        {"resource": "0", "format": file_format, "import_file": SimpleUploadedFile(name, content)},
    )


def bomb_xlsx(rows):
    """An XLSX of `rows` rows of two inline strings, made by hand as the probe made it."""
    row = '<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>'
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + row * rows
        + "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_an_xlsx_of_three_hundred_thousand_rows_is_refused_at_once(editor_client):
    content = bomb_xlsx(300_000)
    assert len(content) < 100_000
    started = time.monotonic()
    response = upload(editor_client, content, "bomb.xlsx", FORMAT_XLSX)
    assert time.monotonic() - started < 5
    assert response.status_code == 200  # the import page again, with the message
    assert "The file has more than 20,000 rows; the limit is 20,000." in response.text
    assert response.context.get("confirm_form") is None


def test_a_csv_over_the_row_limit_is_refused(editor_client, settings):
    settings.IMPORT_MAX_ROWS = 3
    content = (HEADER + "CN,KZ,total,annual,2025,,1 bn,,https://example.org/x,\n" * 4).encode()
    response = upload(editor_client, content, "figures.csv", FORMAT_CSV)
    assert "The file has more than 3 rows; the limit is 3." in response.text


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(editor_client):
    content = (HEADER + "x" * (6 * 1024 * 1024)).encode()
    response = upload(editor_client, content, "figures.csv", FORMAT_CSV)
    assert "The file is 6 MB; the limit is 5 MB." in response.text


def test_an_xlsx_that_unpacks_to_too_much_is_refused(editor_client, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 100_000
    response = upload(editor_client, bomb_xlsx(3_000), "big.xlsx", FORMAT_XLSX)
    assert "The spreadsheet unpacks to" in response.text
    assert "the limit is 0.0954 MB" in response.text
    assert response.context.get("confirm_form") is None


def test_the_project_import_has_the_same_limits(editor_client, settings):
    settings.IMPORT_MAX_ROWS = 2
    content = b"slug,title_en\na,A\nb,B\nc,C\n"
    response = upload(
        editor_client, content, "projects.csv", FORMAT_CSV, "admin:cooperation_project_import"
    )
    assert "The file has more than 2 rows; the limit is 2." in response.text


def test_rows_are_counted_as_openpyxl_writes_them():
    workbook = openpyxl.Workbook()
    for n in range(1, 1201):
        workbook.active.append([n, "x" * 50])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert count_rows_in_xlsx(archive, 10_000) == 1200
        assert count_rows_in_xlsx(archive, 100) > 100  # stops soon after the limit
