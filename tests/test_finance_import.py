"""AidData's GCDF 3.0 finance records: the seed loads all 337, `import_gcdf` re-imports them
idempotently, reads what the titles say, and refuses a bad file whole."""

import csv
import io
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from cooperation.models import (
    FinanceInstrument,
    FinanceRecord,
    PointDerivation,
    Project,
    PublicationStatus,
)
from cooperation.services.gcdf import GCDF_FILE, SOURCE_URL

pytestmark = pytest.mark.django_db

ISO3_TO_ISO2 = {"KAZ": "KZ", "KGZ": "KG", "TJK": "TJ", "TKM": "TM", "UZB": "UZ"}


def file_rows():
    with open(GCDF_FILE, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def write_csv(path, headers, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run_import(path, *options):
    out = StringIO()
    call_command("import_gcdf", str(path), *options, stdout=out)
    return out.getvalue()


def test_the_seed_loads_all_337_records_published_with_aiddata_as_source():
    assert FinanceRecord.objects.count() == 337
    assert FinanceRecord.objects.published().count() == 337
    assert FinanceRecord.objects.exclude(sources__url=SOURCE_URL).count() == 0


def test_per_country_constant_usd_sums_equal_the_files_column():
    _headers, rows = file_rows()
    expected = defaultdict(Decimal)
    for row in rows:
        if row["Amount.(Constant.USD.2021)"]:
            expected[ISO3_TO_ISO2[row["Recipient.ISO-3"]]] += Decimal(
                row["Amount.(Constant.USD.2021)"]
            )
    stored = dict(
        FinanceRecord.objects.order_by()
        .values("recipient__iso2")
        .annotate(total=Sum("amount_usd_constant_2021"))
        .values_list("recipient__iso2", "total")
    )
    assert set(stored) == set(expected) == set(ISO3_TO_ISO2.values())
    for iso2, total in expected.items():
        assert round(Decimal(stored[iso2]), 2) == round(total, 2), iso2
    blank = sum(1 for row in rows if not row["Amount.(Constant.USD.2021)"])
    assert FinanceRecord.objects.filter(amount_usd_constant_2021=None).count() == blank == 72


@pytest.mark.slow  # runs the whole seed a second time (about 10 s)
def test_reseeding_changes_nothing():
    before = FinanceRecord.history.count()
    out = StringIO()
    call_command("seed", stdout=out)
    assert "finance records (AidData): 0 created, 0 updated, 337 unchanged" in out.getvalue()
    assert FinanceRecord.history.count() == before
    assert FinanceRecord.objects.count() == 337


def test_it_reads_financier_instrument_and_nominal_amount_from_the_title():
    datka = FinanceRecord.objects.get(aiddata_id=39619)  # Datka–Kemin 500 kV line
    assert [o.slug for o in datka.financiers.all()] == ["china-exim-bank"]
    assert datka.instrument == FinanceInstrument.EXPORT_CREDIT
    assert (datka.amount, datka.currency) == (Decimal("389700000.00"), "USD")
    assert datka.parsed_from_title == ["financiers", "instrument", "amount", "currency"]
    assert datka.not_parsed == []
    chp = FinanceRecord.objects.get(aiddata_id=46211)  # Dushanbe CHP-2, phase 2
    assert (chp.amount, chp.currency) == (Decimal("929900000.00"), "CNY")
    syndicated = FinanceRecord.objects.get(aiddata_id=39562)  # CDB and Bank of China
    assert sorted(o.slug for o in syndicated.financiers.all()) == [
        "bank-of-china",
        "china-development-bank",
    ]


def test_what_the_title_does_not_say_is_listed_not_guessed():
    institute = FinanceRecord.objects.get(aiddata_id=39604)  # "China completes … Institute"
    assert institute.financiers.count() == 0
    assert institute.instrument == ""
    assert institute.amount is None
    assert institute.not_parsed == ["financiers", "instrument", "amount", "currency"]
    share = FinanceRecord.objects.get(aiddata_id=92631)  # contributes to a $750 m syndicate
    assert share.amount is None and "amount" in share.not_parsed


def test_points_come_from_osm_links_that_carry_coordinates():
    view = FinanceRecord.objects.get(aiddata_id=39556)  # way/332522697#map=15/47.0718/51.9239
    assert (view.latitude, view.longitude) == (Decimal("47.07180"), Decimal("51.92390"))
    assert (view.point_derivation, view.point_zoom) == (PointDerivation.MAP_VIEW, 15)
    route = FinanceRecord.objects.get(aiddata_id=40315)  # …&route=39.6929%2C73.9215%3B…
    assert (route.latitude, route.longitude) == (Decimal("39.69290"), Decimal("73.92150"))
    assert route.point_derivation == PointDerivation.ROUTE_START
    plain = FinanceRecord.objects.get(aiddata_id=39539)  # a bare relation link
    assert plain.latitude is None and plain.point_derivation == ""
    assert FinanceRecord.objects.with_point().count() == 76


def test_records_of_curated_projects_are_linked_to_them_without_new_projects():
    assert Project.objects.count() == 20
    chp = Project.objects.get(slug="dushanbe-2-chp")
    assert sorted(chp.finance_records.values_list("aiddata_id", flat=True)) == [
        46211,
        54106,
        71101,
        71137,
        91801,
    ]
    assert FinanceRecord.objects.exclude(project=None).count() == 24


def test_records_naming_each_other_are_linked_both_ways():
    phase2 = FinanceRecord.objects.get(aiddata_id=46211)
    assert 54106 in phase2.linked_aiddata_ids
    linked = set(phase2.linked_records.values_list("aiddata_id", flat=True))
    assert {54106, 71101, 71137, 91801} <= linked
    assert phase2 in FinanceRecord.objects.get(aiddata_id=54106).linked_records.all()


def test_sector_is_mapped_with_the_original_kept():
    shelek = FinanceRecord.objects.get(aiddata_id=39539)
    assert (shelek.sector.slug, shelek.aiddata_sector) == ("energy", "ENERGY")
    multisector = FinanceRecord.objects.get(aiddata_id=39555)
    assert multisector.sector is None and multisector.aiddata_sector == "OTHER MULTISECTOR"


def test_a_date_on_the_first_of_january_is_shown_as_its_year():
    shelek = FinanceRecord.objects.get(aiddata_id=39539)
    assert shelek.committed.iso == "2019"
    assert shelek.started.iso == "2019-07-27"


def test_a_reimport_keeps_an_editors_change_and_says_so(tmp_path):
    record = FinanceRecord.objects.get(aiddata_id=39539)
    record.title_en = "Shelek wind farm loan"
    record.save()
    headers, rows = file_rows()
    rows[0]["Status"] = "Implementation"  # AidData changed the record too
    rows[1]["Amount.(Constant.USD.2021)"] = "1000"
    out = run_import(write_csv(tmp_path / "gcdf.csv", headers, rows))
    assert "1 updated" in out and "1 kept as editors left them" in out
    assert "changed by an editor since the last import): 39539" in out
    record.refresh_from_db()
    assert record.title_en == "Shelek wind farm loan" and record.status == "completion"
    assert FinanceRecord.objects.get(aiddata_id=39555).amount_usd_constant_2021 == 1000


def test_a_new_record_from_the_command_is_a_draft_unless_published(tmp_path):
    headers, rows = file_rows()
    new = dict(rows[0], **{"AidData.Record.ID": "99999"})
    run_import(write_csv(tmp_path / "new.csv", headers, [new]))
    record = FinanceRecord.objects.get(aiddata_id=99999)
    assert record.publication_status == PublicationStatus.DRAFT
    assert record.history.first().history_change_reason == "Imported from AidData GCDF 3.0"


def test_a_dry_run_saves_nothing(tmp_path):
    headers, rows = file_rows()
    new = dict(rows[0], **{"AidData.Record.ID": "99999"})
    out = run_import(write_csv(tmp_path / "new.csv", headers, [new]), "--dry-run")
    assert "1 created" in out and "Dry run: nothing was saved." in out
    assert not FinanceRecord.objects.filter(aiddata_id=99999).exists()


def bad(rows, row_index, **changes):
    rows = [dict(row) for row in rows]
    rows[row_index].update(changes)
    return rows


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Recipient.ISO-3": "XYZ"}, "row 4: unknown recipient ISO code “XYZ”"),
        (
            {"Amount.(Constant.USD.2021)": "-5"},
            "row 4: the constant 2021 USD amount -5 is negative",
        ),
        (
            {"Amount.(Constant.USD.2021)": "lots"},
            "row 4: the constant 2021 USD amount “lots” is not a number",
        ),
        (
            {"Commitment.Date.(MM/DD/YYYY)": "2018-05-19"},
            "row 4: the commitment date 2018-05-19 disagrees with its year column",
        ),
        ({"AidData.Record.ID": "39539"}, "row 4: AidData ID 39539 is already on row 2"),
        ({"Status": "Sometime"}, "row 4: unknown status “Sometime”"),
    ],
    ids=["iso", "negative", "not-a-number", "date-vs-year", "duplicate", "status"],
)
def test_a_bad_row_refuses_the_whole_file_with_its_row_number(tmp_path, change, message):
    headers, rows = file_rows()
    rows = bad(rows[:5], 2, **change)
    rows[0]["AidData.Record.ID"] = "39539" if "AidData.Record.ID" in change else "99998"
    before = FinanceRecord.objects.count()
    with pytest.raises(CommandError) as error:
        run_import(write_csv(tmp_path / "bad.csv", headers, rows))
    assert message in str(error.value)
    assert "Nothing was imported." in str(error.value)
    assert FinanceRecord.objects.count() == before
    assert not FinanceRecord.objects.filter(aiddata_id=99998).exists()


def test_a_file_missing_a_column_is_refused(tmp_path):
    headers, rows = file_rows()
    headers = [h for h in headers if h != "Recipient.ISO-3"]
    rows = [{k: v for k, v in row.items() if k in headers} for row in rows[:3]]
    with pytest.raises(CommandError, match="row 1: missing columns: Recipient.ISO-3"):
        run_import(write_csv(tmp_path / "bad.csv", headers, rows))


def test_the_workbooks_headers_are_read_by_name(tmp_path):
    headers, rows = file_rows()
    renamed = {h: h.replace(".", " ").replace("( ", "(").replace(" )", ")") for h in headers}
    row = {renamed[k]: v for k, v in rows[0].items()}
    row["AidData Record ID"] = "99997"
    workbook = [*renamed.values(), "Funding Agencies", "Flow Type Simplified"]
    row["Funding Agencies"] = "China Development Bank"
    row["Flow Type Simplified"] = "Loan"
    run_import(write_csv(tmp_path / "workbook.csv", workbook, [row]))
    record = FinanceRecord.objects.get(aiddata_id=99997)
    assert [o.slug for o in record.financiers.all()] == ["china-development-bank"]
    assert record.instrument == FinanceInstrument.LOAN
    assert "financiers" not in record.parsed_from_title
    assert record.parsed_from_title == ["amount", "currency"]
