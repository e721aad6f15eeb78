"""The China-reported grid 2013–2024, filled from sourced figures, and the data audit's
corrections, as the seed loads them."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from cooperation.models import Source, TradeStatistic
from cooperation.services.seeding import CORRECTION_REASON

pytestmark = pytest.mark.django_db

MEMBERS = ["KZ", "KG", "TJ", "TM", "UZ"]
# No sourced China-side figure was found for these two cells (the IMF copy ends in 2020, and no
# published total or published change on the year gives them).
STILL_EMPTY = {("TJ", 2021), ("UZ", 2021)}


def china_totals(partner=None):
    figures = TradeStatistic.objects.published().filter(
        reporter__iso2="CN", flow="total", period="annual"
    )
    if partner:
        figures = figures.filter(partner__iso2=partner)
    return figures


def figure(reporter, partner, year, flow="total"):
    return TradeStatistic.objects.get(
        reporter__iso2=reporter, partner__iso2=partner, flow=flow, period="annual", year=year
    )


def test_at_least_57_of_the_60_china_reported_cells_are_filled_each_with_a_source():
    held = {
        (f.partner.iso2, f.year): f
        for f in china_totals().filter(partner__iso2__in=MEMBERS, year__range=(2013, 2024))
    }
    cells = {(p, y) for p in MEMBERS for y in range(2013, 2025)}
    assert cells - set(held) == STILL_EMPTY
    assert all(f.source_id for f in held.values())


def test_the_regional_total_runs_from_2012_without_a_gap():
    years = set(china_totals("XC").values_list("year", flat=True))
    assert set(range(2012, 2025)) <= years
    assert figure("CN", "XC", 2015).value_usd < figure("CN", "XC", 2013).value_usd  # the fall


def test_a_computed_total_is_the_sum_of_the_stored_exports_and_imports():
    computed = china_totals().filter(basis="computed").exclude(partner__iso2="XC")
    assert computed.count() >= 20
    for total in computed:
        exports = figure("CN", total.partner.iso2, total.year, "exports")
        imports = figure("CN", total.partner.iso2, total.year, "imports")
        assert total.value_usd == exports.value_usd + imports.value_usd, total


def test_figures_from_the_imf_cite_the_imf_and_name_the_copy_they_were_read_from():
    dots = figure("CN", "KZ", 2015, "exports").source
    assert dots.publisher == "International Monetary Fund"
    assert dots.kind == "international_organization" and dots.accessed_on
    assert "github.com/SamLeBlanc/Direction-of-Trade-Map" in dots.notes


def test_the_2013_regional_total_is_no_longer_a_2025_conversion():
    total = figure("CN", "XC", 2013)
    assert total.value_usd != Decimal("43480000000")
    # 50.23 bn, the sum of the five's exports and imports; above the members' stored totals
    assert abs(total.value_usd - Decimal("50.23e9")) < Decimal("0.01e9")
    assert total.value_usd > sum(figure("CN", p, 2013).value_usd for p in ["KZ", "TJ", "TM"])
    assert total.original_currency == "CNY" and total.original_value == Decimal("312040000000")


@pytest.mark.parametrize(
    ("reporter", "partner", "year", "value"),
    [
        ("CN", "UZ", 2012, "2880000000"),  # D5, not 3.38
        ("CN", "UZ", 2018, "6260000000"),  # D10, customs, not MOFCOM's 6.4
        ("CN", "UZ", 2013, "4530000000"),  # D11, not "topped 4 bn" as exact 4.00
        ("KG", "CN", 2024, "5500000000"),  # D7, the statistics committee, not 5.3
        ("CN", "KZ", 2015, "14270000000"),
        ("CN", "TJ", 2012, "1860000000"),  # D6, computed, not "almost 1.7"
    ],
)
def test_the_audits_corrected_values(reporter, partner, year, value):
    assert abs(figure(reporter, partner, year).value_usd - Decimal(value)) < Decimal("0.01e9")


def test_the_kyrgyz_93_times_exports_are_low_confidence():  # D8
    assert figure("KG", "CN", 2024, "exports").confidence == "low"


def test_a_bound_is_stored_as_a_bound():
    assert figure("CN", "TM", 2012).value_qualifier == "at_least"  # "exceeded 10 bn" (D14)
    assert figure("UZ", "CN", 2024).value_qualifier == "at_least"  # "over 13 bn" (D9)


def test_uzbek_statistics_are_no_longer_stored_as_chinas():  # D2
    assert not TradeStatistic.objects.filter(
        reporter__iso2="CN", partner__iso2="UZ", period="ytd", year=2020, month=11
    ).exists()
    assert TradeStatistic.objects.filter(
        reporter__iso2="UZ", partner__iso2="CN", period="ytd", year=2020, month=11
    ).exists()


def test_the_2025_headline_cites_chinas_customs():  # D12
    headline = figure("CN", "XC", 2025)
    assert headline.reporting_agency.slug == "gacc" and headline.confidence == "high"
    assert "Sing Tao" in headline.source.publisher


def test_mirror_copies_give_way_to_the_original_pages():
    urls = set(Source.objects.values_list("url", flat=True))
    assert not any("annekabbott.com" in url or "staging.rferl.org" in url for url in urls)
    assert "https://en.people.cn/n3/2025/0616/c90000-20328208.html" in urls


def test_every_source_has_a_type():
    assert not Source.objects.filter(kind="").exists()


def test_the_summary_now_gives_the_2014_change_on_the_same_five_partners(api_client):
    rows = api_client.get(
        "/api/v1/trade-statistics/summary/", {"year_min": 2014, "year_max": 2015}
    ).json()["results"]
    by_year = {row["year"]: row for row in rows}
    assert by_year[2014]["partners"] == sorted(MEMBERS)
    assert by_year[2014]["change_pct"] is not None and by_year[2014]["change_pct"] > -20
    assert by_year[2015]["change_pct"] < -20  # the 2015 fall, about −27 %


def test_a_record_the_seed_corrects_says_so_in_its_history(tmp_path):
    import json

    from cooperation.services.seeding import fixture_paths

    path = next(p for p in fixture_paths() if p.name.endswith("_trade.json"))
    entries = json.loads(path.read_text(encoding="utf-8"))
    for entry in entries:
        f = entry.get("fields", {})
        if f and (f["reporter"], f["partner"], f["year"], f["flow"], f["period"]) == (
            ["CN"],
            ["KZ"],
            2015,
            "exports",
            "annual",
        ):
            f["value_usd"] = "8500000000.00"
    changed = tmp_path / "08_trade.json"
    changed.write_text(json.dumps(entries), encoding="utf-8")
    call_command("seed", str(changed), verbosity=0)
    corrected = figure("CN", "KZ", 2015, "exports")
    assert corrected.value_usd == Decimal("8500000000")
    assert corrected.history.first().history_change_reason == CORRECTION_REASON
