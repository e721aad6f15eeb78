"""The dry run shows what confirming will do and every problem at once: a summary above
Confirm, only the cells that change marked, and each error with the spreadsheet's own row
number and column in plain text. Files that cannot be read are refused with the reason, and
nothing is ever half-saved."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.models import Source, TradeStatistic

pytestmark = pytest.mark.django_db

HEADER = "reporter,partner,flow,period,year,month,value_usd,source_url"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def url(db):
    return Source.objects.create(title="Release", publisher="GACC", url="https://e.org/s").url


def dry_run(client, content, name="f.csv", file_format="0"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("admin:cooperation_tradestatistic_import"),
        {"resource": "0", "format": file_format, "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, preview):
    return client.post(
        reverse("admin:cooperation_tradestatistic_process_import"),
        preview.context["confirm_form"].initial,
    )


def errors_of(preview):
    return [(row, column, message) for row, column, message in preview.context["import_errors"]]


def xlsx(*rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    return book


def xlsx_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stored_line(figure, value):
    return (
        f"{figure.reporter.iso2},{figure.partner.iso2},{figure.flow},{figure.period},"
        f"{figure.year},{figure.month or ''},{value},{figure.source.url}"
    )


def test_a_value_written_differently_is_not_drawn_as_a_change(client, editor):
    figure = TradeStatistic.objects.filter(period="annual").first()
    written = f'"{figure.value_usd:,.0f}"'  # 43,820,000,000 for 43820000000.00
    preview = dry_run(client, f"{HEADER}\n{stored_line(figure, written)}\n")
    assert preview.context["result"].totals["skip"] == 1
    assert "<del>" not in preview.text


def test_only_the_cell_that_changes_is_marked_old_to_new(client, editor):
    figure = TradeStatistic.objects.filter(period="annual", value_usd__gt=10**9).first()
    preview = dry_run(client, f"{HEADER}\n{stored_line(figure, figure.value_usd + 10**9)}\n")
    assert preview.text.count("<del>") == 1
    old, new = f"{figure.value_usd:,.0f}", f"{figure.value_usd + 10**9:,.0f}"
    assert f'<del>{old}</del> → <ins class="changed">{new}</ins>' in preview.text
    assert 'class="import-preview-scroll"' in preview.text  # the table scrolls, not the page
    assert re.search(r'<tr class="update">\s*<td>2</td>', preview.text)  # the spreadsheet's row
    assert preview.text.index("What confirming will do") < preview.text.index("Confirm import")
    assert preview.text.index("Confirm import") < preview.text.index("import-preview-scroll")


def test_every_error_is_listed_at_once_with_spreadsheet_rows_and_columns(client, editor, url):
    text = "\n".join(
        [
            HEADER,
            f"CN,TR,total,annual,2025,,1 bn,{url}",
            f"CN,TR,exports,annual,2025,,abc,{url}",
            f"CN,Kazakstan,total,annual,2025,,1 bn,{url}",
            f"CN,TR,total,month,2025,13,1 bn,{url}",
            "CN,TR,imports,annual,2025,,1 bn,https://example.org/not-a-source",
            f"CN,TR,transit,annual,2025,,1 bn,{url}",
        ]
    )
    preview = dry_run(client, text + "\n")
    errors = errors_of(preview)
    assert [(row, column) for row, column, _message in errors] == [
        (3, "value_usd"),
        (4, "partner"),
        (5, "month"),
        (6, "source_url"),
        (7, "flow"),
    ]
    assert "6 errors" not in preview.text and "5 errors: nothing was saved" in preview.text
    for message in [
        "“abc” is not a number",
        "Unknown country “Kazakstan”",
        "The month must be between 1 and 12.",
        "No source has the URL “https://example.org/not-a-source”",
        "“transit” is not one of",
    ]:
        assert message in preview.text
    assert "validation-error-container" not in preview.text  # no message hidden behind a hover
    assert preview.context.get("confirm_form") is None
    assert not TradeStatistic.objects.filter(partner__iso2="TR", year=2025).exists()


@pytest.mark.parametrize("encoding", ["cp1251", "gbk"])
def test_a_file_in_another_encoding_is_refused_with_the_row(client, editor, url, encoding):
    note = {"cp1251": "Товарооборот", "gbk": "贸易总额"}[encoding]
    text = (
        f"{HEADER},note_ru\nCN,TR,total,annual,2025,,1 bn,{url},\n"
        f"CN,GE,total,annual,2025,,2 bn,{url},{note}\n"
    )
    preview = dry_run(client, text.encode(encoding))
    assert "Row 3 is not UTF-8 text" in preview.text
    assert "Save it as “CSV UTF-8”" in preview.text
    assert not TradeStatistic.objects.filter(year=2025, partner__iso2__in=["TR", "GE"]).exists()


@pytest.mark.parametrize(
    "content",
    [
        "\ufeff{header}\nCN,TR,total,annual,2025,,1 bn,{url}\n",
        "{semicolons}\nCN;TR;total;annual;2025;;1 bn;{url}\n",
        "{header}\r\nCN,TR,total,annual,2025,,1 bn,{url}\r\n",
    ],
    ids=["byte-order-mark", "semicolons", "windows-line-ends"],
)
def test_a_bom_semicolons_and_windows_line_ends_are_read(client, editor, url, content):
    text = content.format(header=HEADER, semicolons=HEADER.replace(",", ";"), url=url)
    preview = dry_run(client, text)
    assert preview.context["result"].totals["new"] == 1, errors_of(preview)
    confirm(client, preview)
    assert TradeStatistic.objects.get(partner__iso2="TR", year=2025).value_usd == Decimal(10**9)


def test_merged_cells_in_a_workbook_are_refused_with_the_cells(client, editor, url):
    book = xlsx(HEADER.split(","), ["CN", "TR", "total", "annual", 2025, "", "1 bn", url],
                ["CN", "GE", "total", "annual", 2025, "", "1 bn", url])  # fmt: skip
    book.active.merge_cells("E2:E3")
    preview = dry_run(client, xlsx_bytes(book), name="f.xlsx", file_format="1")
    assert "Cells E2:E3 are merged" in preview.text


def test_a_formula_in_a_workbook_is_refused_with_its_cell_and_column(client, editor, url):
    book = xlsx(HEADER.split(","), ["CN", "TR", "total", "annual", 2025, "", "=1000*1000", url])
    preview = dry_run(client, xlsx_bytes(book), name="f.xlsx", file_format="1")
    assert "Cell G2 (row 2, column value_usd) holds a formula" in preview.text


def test_a_file_with_no_rows_says_so(client, editor):
    assert "The file has a header row but no rows below it." in dry_run(client, HEADER + "\n").text
    book = xlsx(HEADER.split(","))
    preview = dry_run(client, xlsx_bytes(book), name="f.xlsx", file_format="1")
    assert "The file has a header row but no rows below it." in preview.text


def test_an_unknown_column_is_named(client, editor, url):
    preview = dry_run(client, f"{HEADER},valeu\nCN,TR,total,annual,2025,,1 bn,{url},x\n")
    assert "The file has columns this import does not know: valeu." in preview.text


def test_the_same_row_twice_is_refused_naming_both_rows(client, editor, url):
    line = f"CN,TR,total,annual,2025,,1 bn,{url}"
    preview = dry_run(client, f"{HEADER}\n{line}\n{line.replace('1 bn', '2 bn')}\n")
    assert errors_of(preview) == [
        (
            3,
            None,
            "This row is the same record as row 2 (reporter, partner, flow, period, year, "
            "month): keep one of them.",
        )
    ]


def test_a_record_changed_after_the_dry_run_is_not_overwritten(client, editor, url):
    figure = TradeStatistic.objects.filter(period="annual").first()
    new_row = f"CN,TR,total,annual,2025,,1 bn,{url}"
    preview = dry_run(client, f"{HEADER}\n{new_row}\n{stored_line(figure, '1 bn')}\n")
    assert preview.context["result"].totals["update"] == 1

    figure.refresh_from_db()
    figure.note_en = "An editor's correction made while the preview was open."
    figure.save()
    response = confirm(client, preview)

    assert response.status_code == 409
    assert "changed in the admin after your dry run" in response.text
    assert re.search(r"<td>3</td>\s*<td>—</td>", response.text)
    figure.refresh_from_db()
    assert figure.value_usd != Decimal(10**9)
    assert figure.note_en == "An editor's correction made while the preview was open."
    assert not TradeStatistic.objects.filter(partner__iso2="TR", year=2025).exists()
