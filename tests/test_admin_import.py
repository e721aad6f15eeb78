"""Editors import a year of trade figures from a spreadsheet: a dry run shows every row, and
confirming writes all rows or none."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cooperation.admin.resources import TRADE_COLUMNS
from cooperation.models import Source, TradeStatistic

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:cooperation_tradestatistic_import"
CONFIRM_URL = "admin:cooperation_tradestatistic_process_import"
HEADER = "reporter,partner,flow,period,year,month,value_usd,change_pct,source_url,note_en\n"
FORMAT_CSV, FORMAT_XLSX = "0", "1"


@pytest.fixture
def editor(client):
    user = User.objects.create_user(
        "desk", password="a-long-test-password", is_staff=True, first_name="Dana"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def source_url(db):
    return Source.objects.create(
        title="Customs release", publisher="GACC", url="https://example.org/gacc-2030"
    ).url


def upload(client, text, name="figures.csv", file_format=FORMAT_CSV):
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse(IMPORT_URL),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(reverse(CONFIRM_URL), form.initial)


def rows(source_url, *lines):
    return HEADER + "".join(f"{line},{source_url},\n" for line in lines)


def figures_for(iso2):
    return TradeStatistic.objects.filter(partner__iso2=iso2, year=2025)


def test_a_dry_run_shows_new_rows_and_saves_nothing(client, editor, source_url):
    before = TradeStatistic.objects.count()
    preview = upload(client, rows(source_url, "CN,TR,total,annual,2025,,1.5 bn,4"))
    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == 1
    assert "New" in preview.text
    assert TradeStatistic.objects.count() == before


def test_confirming_writes_every_row_with_history_naming_the_editor(client, editor, source_url):
    text = rows(
        source_url,
        'CN,Georgia,exports,annual,2025,,"1,234,567",',
        "China,Belarus,Imports,Year to date,2025,6,350 mn,-2.5",
    )
    response = confirm(client, upload(client, text))
    assert response.status_code == 302
    exports = TradeStatistic.objects.get(partner__iso2="GE", flow="exports", year=2025)
    assert exports.value_usd == Decimal("1234567")
    imports = TradeStatistic.objects.get(partner__iso2="BY", period="ytd", month=6, year=2025)
    assert imports.value_usd == Decimal("350000000")
    assert imports.change_pct == Decimal("-2.5")
    assert imports.history.latest().history_user == editor
    assert imports.publication_status == "draft"


def test_reimporting_the_same_file_changes_nothing(client, editor, source_url):
    text = rows(source_url, "CN,GE,total,annual,2025,,10 bn,")
    confirm(client, upload(client, text))
    figure = TradeStatistic.objects.get(partner__iso2="GE", year=2025)
    history_before = figure.history.count()

    preview = upload(client, text)
    assert preview.context["result"].totals["skip"] == 1
    confirm(client, preview)
    assert figure.history.count() == history_before


def test_a_corrected_file_updates_in_place_and_shows_old_and_new(client, editor, source_url):
    confirm(client, upload(client, rows(source_url, "CN,GE,total,annual,2025,,10 bn,")))
    figure = TradeStatistic.objects.get(partner__iso2="GE", year=2025)

    preview = upload(client, rows(source_url, "CN,GE,total,annual,2025,,12 bn,"))
    assert preview.context["result"].totals["update"] == 1
    assert '<del>10,000,000,000</del> → <ins class="changed">12,000,000,000</ins>' in preview.text
    confirm(client, preview)
    figure.refresh_from_db()
    assert figure.value_usd == Decimal("12000000000")
    assert TradeStatistic.objects.filter(partner__iso2="GE", year=2025).count() == 1
    assert figure.history.first().prev_record.value_usd == Decimal("10000000000")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("CN,Kazakstan,total,annual,2025,,1 bn,", "Unknown country “Kazakstan”"),
        ("CN,GE,total,annual,2025,,lots,", "“lots” is not a number"),
        ('CN,GE,total,annual,2025,,"1.234,5 bn",', "is ambiguous"),
        ("CN,GE,total,annual,2025,,-5,", "A trade value cannot be negative."),
        ("CN,GE,total,monthly,2025,13,1 bn,", "“monthly” is not one of"),
        ("CN,GE,total,Month,2025,13,1 bn,", "The month must be between 1 and 12."),
        ("CN,GE,sideways,annual,2025,,1 bn,", "“sideways” is not one of"),
        ("CN,GE,total,annual,twenty,,1 bn,", "“twenty” is not a whole number."),
        ("CN,GE,total,annual,2025,,,", "A value is required."),
    ],
)
def test_a_bad_row_is_reported_with_its_number_and_nothing_is_saved(
    client, editor, source_url, line, message
):
    before = TradeStatistic.objects.count()
    text = rows(source_url, "CN,TR,total,annual,2025,,2 bn,", line)
    preview = upload(client, text)
    assert preview.status_code == 200
    assert message in preview.text
    result = preview.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    invalid_numbers = [row.number for row in result.invalid_rows] + [
        number for number, _errors in result.row_errors()
    ]
    assert invalid_numbers == [2]
    assert preview.context.get("confirm_form") is None
    assert TradeStatistic.objects.count() == before


def test_a_duplicate_row_for_a_stored_period_updates_instead_of_duplicating(
    client, editor, source_url
):
    stored = TradeStatistic.objects.filter(reporter__iso2="CN", partner__iso2="KZ").first()
    line = (
        f"CN,KZ,{stored.flow},{stored.period},{stored.year},{stored.month or ''},"
        f"{stored.value_usd},{stored.change_pct or ''}"
    )
    preview = upload(client, rows(stored.source.url, line))
    assert preview.context["result"].totals["new"] == 0


def test_a_file_missing_a_column_is_refused_with_the_column_named(client, editor, source_url):
    text = "reporter,partner,flow,year,source_url\nCN,GE,total,2025," + source_url + "\n"
    preview = upload(client, text)
    assert "The file is missing these columns: value_usd" in preview.text


def test_an_unknown_source_url_is_named(client, editor):
    preview = upload(client, rows("https://nowhere.example/x", "CN,GE,total,annual,2025,,1 bn,"))
    assert "No source has the URL “https://nowhere.example/x”" in preview.text


def test_an_xlsx_file_imports_like_a_csv(client, editor, source_url):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["reporter", "partner", "flow", "period", "year", "value_usd", "source_url"])
    sheet.append(["CN", "GE", "total", "annual", 2025, "7.5 bn", source_url])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = upload(client, buffer.getvalue(), name="figures.xlsx", file_format=FORMAT_XLSX)
    result = preview.context["result"]
    assert result.totals["new"] == 1, [(row.number, row.error) for row in result.invalid_rows]
    confirm(client, preview)
    assert TradeStatistic.objects.get(partner__iso2="GE", year=2025).value_usd == Decimal(
        "7500000000"
    )


def test_the_import_page_offers_a_template_that_imports_cleanly(client, editor, source_url):
    page = client.get(reverse(IMPORT_URL))
    template_url = reverse("admin:cooperation_tradestatistic_import_template", args=["csv"])
    assert template_url in page.text
    template = client.get(template_url)
    assert template["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(template.content.decode())))
    assert lines[0]["value_usd"] == "41.0 bn"
    xlsx = client.get(reverse("admin:cooperation_tradestatistic_import_template", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == 3


def test_export_follows_the_changelist_filter(client, editor):
    response = client.post(
        reverse("admin:cooperation_tradestatistic_export")
        + "?partner__id__exact="
        + str(TradeStatistic.objects.filter(partner__iso2="TJ").first().partner_id),
        {
            "resource": "0",
            "format": FORMAT_CSV,
            **{f"tradestatisticresource_{name}": "on" for name in TRADE_COLUMNS},
        },
    )
    assert response.status_code == 200
    exported = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert exported
    assert {row["partner"] for row in exported} == {"TJ"}
    assert len(exported) == TradeStatistic.objects.filter(partner__iso2="TJ").count()


def test_the_export_page_names_columns_in_words_and_says_how_many_records(client, editor):
    page = client.get(reverse("admin:cooperation_tradestatistic_export")).text
    assert "Note Zh Hans" not in page and "Value Usd" not in page
    assert "Note (Simplified Chinese) · <code>note_zh_hans</code>" in page
    assert "Source · <code>source_url</code>" in page
    total = TradeStatistic.objects.count()
    assert f"The file will hold all {total} records (no filter is applied to the list)." in page


def test_the_export_page_counts_the_filtered_records(client, editor):
    partner = TradeStatistic.objects.filter(partner__iso2="TJ").first().partner_id
    url = reverse("admin:cooperation_tradestatistic_export") + f"?partner__id__exact={partner}"
    count = TradeStatistic.objects.filter(partner_id=partner).count()
    page = client.get(url).text
    assert f"The file will hold the {count} records that the list's filter shows." in page


def test_the_project_export_page_names_columns_in_words(client, editor):
    page = client.get(reverse("admin:cooperation_project_export")).text
    assert "Title (Russian) · <code>title_ru</code>" in page
    assert "Title Ru" not in page


def test_a_figure_an_import_changes_is_dated_today_and_one_it_leaves_keeps_its_date(
    client, editor, source_url
):
    first = rows(source_url, "CN,GE,total,annual,2025,,10 bn,", "CN,TR,total,annual,2025,,1 bn,")
    confirm(client, upload(client, first))
    checked = datetime.date(2024, 3, 1)
    imported = TradeStatistic.objects.filter(year=2025, partner__iso2__in=["GE", "TR"])
    imported.update(facts_updated_on=checked)

    second = rows(source_url, "CN,GE,total,annual,2025,,11 bn,", "CN,TR,total,annual,2025,,1 bn,")
    assert confirm(client, upload(client, second)).status_code == 302

    dated = imported.values_list("partner__iso2", "facts_updated_on")
    assert dict(dated) == {"GE": timezone.localdate(), "TR": checked}
