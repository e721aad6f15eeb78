"""Trade figures say what they are: a bound reads "over USD 10 billion" wherever it is shown, a
computed total is marked, the original currency and its conversion travel with the figure, and
sources carry their type and the date they were read."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from cooperation.models import Country, Source, TradeStatistic, ValueQualifier

from .test_admin_import import editor, upload  # noqa: F401 - a fixture and a helper

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_api(db):
    from cooperation.services.accounts import token_create

    user = User.objects.create_user("api-desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user)[1]}")
    return client


@pytest.fixture
def over_ten(make_trade):
    """China's figure for Testland 2030, worded "over USD 10 billion"."""
    testland = Country.objects.create(iso2="QQ", iso3="QQQ", name="Testland", slug="testland")
    return make_trade(
        testland, year=2030, value_usd=Decimal("10e9"), value_qualifier=ValueQualifier.AT_LEAST
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "over USD 10 billion"), ("zh-hans", "超过"), ("ru", "свыше")],
)
def test_a_bound_reads_as_a_bound_on_the_country_page(client, over_ten, language, words):
    page = client.get(f"/{language}/countries/testland/").text
    assert words in page


def test_a_bound_is_marked_in_the_trade_table_and_its_chart_data(client, make_trade):
    kazakhstan = Country.objects.get(iso2="KZ")
    figure = TradeStatistic.objects.filter(
        reporter__iso2="CN", partner=kazakhstan, flow="total", period="annual"
    ).latest("year")
    TradeStatistic.objects.filter(pk=figure.pk).update(value_qualifier=ValueQualifier.AT_LEAST)
    response = client.get("/en/trade/?visit=bound")
    assert "≥" in response.text
    chart = response.context["chart"]
    (line,) = [d for d in chart["datasets"] if d["label"] == "Kazakhstan"]
    assert line["qualifiers"][chart["labels"].index(figure.year)] == "at_least"
    assert len(line["qualifiers"]) == len(line["data"]) == len(line["computed"])


def test_the_api_and_its_csv_carry_the_qualifier_the_basis_and_the_original_currency(
    api_client, over_ten
):
    TradeStatistic.objects.filter(pk=over_ten.pk).update(
        original_value=Decimal("62e9"),
        original_currency="CNY",
        usd_basis="converted",
        conversion_rate=Decimal("6.2"),
        conversion_date=datetime.date(2030, 12, 31),
        conversion_source="A central bank",
    )
    record = api_client.get(f"/api/v1/trade-statistics/{over_ten.pk}/").json()
    assert record["value_qualifier"] == "at_least"
    assert record["basis"] == "published"
    assert record["original_currency"] == "CNY" and record["conversion_source"] == "A central bank"
    response = api_client.get("/api/v1/trade-statistics/", {"partner": "QQ", "format": "csv"})
    text = b"".join(response.streaming_content).decode()
    header, line = text.splitlines()[:2]
    assert "value_qualifier" in header and "conversion_rate" in header and "note" in header
    assert "at_least" in line and "CNY" in line and "2030-12-31" in line


def test_the_trade_page_csv_has_the_qualifier_confidence_and_note(client):
    response = client.get("/en/trade/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    for column in ("value_qualifier", "basis", "original_currency", "confidence", "note"):
        assert column in header


def test_a_converted_value_without_its_rate_is_refused(editor_api):
    source = Source.objects.first()
    response = editor_api.post(
        "/api/v1/trade-statistics/",
        {
            "reporter": "CN",
            "partner": "GE",
            "flow": "total",
            "year": 2013,
            "value_usd": "50000000000",
            "original_value": "312040000000",
            "original_currency": "CNY",
            "usd_basis": "converted",
            "source": source.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "rate" in json.dumps(response.json())


def test_only_a_total_can_be_computed(editor_api):
    source = Source.objects.first()
    response = editor_api.post(
        "/api/v1/trade-statistics/",
        {
            "reporter": "CN",
            "partner": "GE",
            "flow": "exports",
            "year": 2013,
            "value_usd": "5",
            "basis": "computed",
            "source": source.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "basis" in response.json()


HEADER = (
    "reporter,partner,flow,period,year,month,value_usd,value_qualifier,original_currency,"
    "source_url\n"
)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("over,USD", "“over” is not one of: exact, about, at least, at most."),
        ("exact,YEN", "“YEN” is not one of: USD, CNY"),
    ],
)
def test_an_import_refuses_an_unknown_qualifier_or_currency_with_the_row(
    client,
    editor,  # noqa: F811 - the fixture
    cells,
    message,
):
    url = Source.objects.exclude(url="").first().url
    text = (
        HEADER
        + f"CN,TR,total,annual,2026,,2 bn,exact,USD,{url}\n"
        + f"CN,GE,total,annual,2026,,1 bn,{cells},{url}\n"
    )
    preview = upload(client, text)
    assert message in preview.text
    result = preview.context["result"]
    invalid = [row.number for row in result.invalid_rows] + [n for n, _e in result.row_errors()]
    assert invalid == [2]
    assert not TradeStatistic.objects.filter(year=2026, partner__iso2__in=["TR", "GE"]).exists()


def test_a_source_tells_its_type_and_when_it_was_read(api_client):
    source = Source.objects.first()
    Source.objects.filter(pk=source.pk).update(kind="news", accessed_on=datetime.date(2026, 12, 6))
    record = api_client.get(f"/api/v1/sources/{source.pk}/").json()
    assert record["kind"] == "news" and record["accessed_on"] == "2026-12-06"
