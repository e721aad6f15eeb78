"""The trade summary: totals a journalist can quote, which never count the same trade twice."""

from decimal import Decimal

import pytest

from cooperation.models import Country, CountryRole, ValueQualifier

pytestmark = pytest.mark.django_db

URL = "/api/v1/trade-statistics/summary/"


def rows(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def only(api, **params):
    (row,) = rows(api, **params)
    return row


def test_the_default_2024_total_is_chinas_customs_figure_not_a_sum_of_every_report(api):
    row = only(api, year=2024)
    assert Decimal(str(row["value_usd"])) == Decimal("94820000000")  # was 317.8 bn
    assert row["reporter"] == "CN"
    assert row["partners"] == ["KG", "KZ", "TJ", "TM", "UZ"]
    assert row["figures"] == 5


def test_the_default_2023_total_is_about_the_published_89_4_bn(api):
    value = Decimal(str(only(api, year=2023)["value_usd"]))
    assert abs(value - Decimal("89.4e9")) < Decimal("0.1e9")


def test_the_defaults_say_what_was_assumed(api):
    body = api.get(URL, {"year": 2024}).json()
    assert body["defaults"] == {
        "reporter": "CN",
        "period": "annual",
        "flow": "total",
        "partner": "countries",
    }


def test_partner_rows_add_up_to_the_total(api):
    total = Decimal(str(only(api, year=2024)["value_usd"]))
    by_partner = rows(api, year=2024, group_by="partner")
    assert {row["partner"] for row in by_partner} == {"KG", "KZ", "TJ", "TM", "UZ"}
    assert sum(Decimal(str(row["value_usd"])) for row in by_partner) == total


def test_grouping_by_reporter_no_longer_adds_the_regional_total_to_its_members(api):
    row = only(api, year=2024, group_by="reporter", reporter="CN")
    assert Decimal(str(row["value_usd"])) == Decimal("94820000000")  # was 189.6 bn


def test_the_regional_total_alone_is_its_own_figure(api):
    row = only(api, year=2024, partner="XC")
    assert row["partners"] == ["XC"]
    assert Decimal(str(row["value_usd"])) == Decimal("94820000000")


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"reporter": "CN,KZ"}, "reporter", "two reporters"),
        ({"partner": "XC,KZ"}, "partner", "count their trade twice"),
        ({"period": "annual,ytd"}, "period", "one period"),
        ({"flow": "exports,total"}, "flow", "one flow"),
        ({"period": "ytd", "reporter": "CN"}, "period", "different months"),
    ],
)
def test_an_impossible_sum_is_a_400_that_says_why(api, params, parameter, words):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert words in response.json()[parameter][0]


def test_year_to_date_figures_count_only_the_latest_month_of_a_year(api):
    # Tajikistan's Jan–May and Jan–Jun 2025 figures were added together (2.164 bn).
    row = only(api, reporter="TJ", partner="CN", period="ytd", year=2025)
    assert row["month"] == 6
    assert row["figures"] == 1
    assert Decimal(str(row["value_usd"])) == Decimal("1200000000")


@pytest.fixture
def region(db, make_trade):
    """A regional total with two members, for coverage rules that the seed cannot pin."""
    one = Country.objects.create(
        iso2="QA", iso3="QQA", name="Onea", slug="onea", role=CountryRole.OTHER
    )
    two = Country.objects.create(
        iso2="QB", iso3="QQB", name="Twob", slug="twob", role=CountryRole.OTHER
    )
    whole = Country.objects.create(
        iso2="QR", iso3="QQR", name="Qregion", slug="qregion", role=CountryRole.REGION
    )
    whole.members.set([one, two])
    return one, two, whole


def test_the_change_is_withheld_when_the_years_cover_different_partners(api, region, make_trade):
    one, two, _whole = region
    make_trade(one, year=2013, value_usd=10_000)
    make_trade(two, year=2013, value_usd=90_000)
    make_trade(one, year=2014, value_usd=9_000)  # only one partner: not −91 %
    row = only(api, partner="QA,QB", year=2014)
    assert row["change_pct"] is None
    assert "different partners" in row["change_note"]


def test_the_change_is_given_when_coverage_matches_and_does_not_depend_on_the_window(
    api, region, make_trade
):
    one, two, _whole = region
    for year, value in ((2013, 100), (2014, 110)):
        make_trade(one, year=year, value_usd=value * 1000)
        make_trade(two, year=year, value_usd=value * 1000)
    assert only(api, partner="QA,QB", year=2014)["change_pct"] == 10
    assert rows(api, partner="QA,QB", year_min=2014)[0]["change_pct"] == 10


def test_a_bound_is_left_out_of_the_sum_and_the_row_says_so(api, region, make_trade):
    one, two, _whole = region
    make_trade(one, year=2014, value_usd=5_000)
    make_trade(two, year=2014, value_usd=10_000, value_qualifier=ValueQualifier.AT_LEAST)
    make_trade(one, year=2013, value_usd=5_000)
    row = only(api, partner="QA,QB", year=2014)
    assert row["value_usd"] == 5000
    assert row["left_out"] == [{"partner": "QB", "qualifier": "at_least", "value_usd": 10000}]
    assert row["qualifiers"] == {"at_least": 1, "exact": 1}
    assert row["change_pct"] is None
    assert "bound" in row["change_note"]


def test_the_regional_total_is_left_out_unless_asked_for(api, region, make_trade):
    one, two, whole = region
    make_trade(one, year=2030, value_usd=1_000)
    make_trade(whole, year=2030, value_usd=1_000)
    assert only(api, year=2030)["partners"] == ["QA"]


def test_the_csv_says_what_each_total_covers(api):
    response = api.get(URL, {"year": 2024, "format": "csv"})
    text = b"".join(response.streaming_content).decode()
    header, line = text.splitlines()[:2]
    assert "partners" in header and "change_note" in header
    assert "KG KZ TJ TM UZ" in line


def test_the_schema_declares_every_summary_parameter(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["get"]
    declared = {parameter["name"]: parameter for parameter in operation["parameters"]}
    for name in ("reporter", "partner", "flow", "period", "year", "year_min", "year_max"):
        assert name in declared
    assert declared["period"]["schema"]["enum"] == ["annual", "month", "ytd"]
    assert declared["year"]["schema"]["type"] == "integer"
