"""The regional total "Central Asia (five states)" has its own view of the trade chart, so its
line does not squeeze its members', and the page says where the total disagrees with the sum
of its members' figures."""

from decimal import Decimal

import pytest

from cooperation.models import Country, TradeStatistic

pytestmark = pytest.mark.django_db

REGION = "Central Asia (five states)"


def china_total(partner, year):
    return TradeStatistic.objects.get(
        reporter__iso2="CN", partner__iso2=partner, flow="total", period="annual", year=year
    )


def drawn(response):
    return {dataset["label"]: dataset for dataset in response.context["chart"]["datasets"]}


def test_the_chart_of_the_states_leaves_their_total_to_its_own_view(client):
    response = client.get("/en/trade/")
    lines = drawn(response)
    assert set(lines) == {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"}
    assert [partner.iso2 for partner, _figures in response.context["table"]] == [
        "KZ", "KG", "TJ", "TM", "UZ",
    ]  # fmt: skip
    assert "its own view, so that it does not squeeze their lines" in response.text
    assert 'href="?view=region"' in response.text


def test_the_regional_view_draws_the_total_beside_the_sum_of_its_members(client):
    response = client.get("/en/trade/", {"view": "region"})
    assert response.status_code == 200
    lines = drawn(response)
    summed = f"Sum of the members of {REGION}"
    assert set(lines) == {REGION, summed}
    assert lines[summed]["dashed"] is True
    years = response.context["chart"]["labels"]
    members = Country.objects.get(iso2="XC").members.all()
    year = 2023
    expected = sum(china_total(member.iso2, year).value_usd for member in members) / 10**9
    assert lines[summed]["data"][years.index(year)] == pytest.approx(float(expected))
    assert lines[REGION]["data"][years.index(year)] == float(
        china_total("XC", year).value_usd / 10**9
    )
    assert [partner.iso2 for partner, _figures in response.context["table"]] == ["XC"]
    assert f"Sum of the members of {REGION}" in response.text  # the table's row


def test_a_total_that_differs_from_the_sum_of_its_members_is_stated(
    client, django_capture_on_commit_callbacks
):
    total = china_total("XC", 2023)
    members = sum(
        china_total(member.iso2, 2023).value_usd
        for member in Country.objects.get(iso2="XC").members.all()
    )
    assert abs(total.value_usd - members) < members / 100  # today they agree
    total.value_usd = members + Decimal("5e9")
    with django_capture_on_commit_callbacks(execute=True):  # the cached page goes stale
        total.save()
    page = client.get("/en/trade/").text
    assert (
        f"2023: the total given for {REGION}, {(members + Decimal('5e9')) / 10**9:.2f}, "
        f"differs from the sum of its members' figures, {members / 10**9:.2f}."
    ) in page
    assert f'href="/en/trade/figures/{total.pk}/"' in page
    assert "2023: the total given" in client.get("/en/trade/", {"view": "region"}).text


def test_a_total_below_the_members_that_report_is_stated_with_those_missing(client):
    kyrgyzstan = china_total("KG", 2023)
    kyrgyzstan.delete()
    others = sum(china_total(code, 2023).value_usd for code in ["KZ", "TJ", "TM", "UZ"])
    total = china_total("XC", 2023)
    total.value_usd = others - Decimal("1e9")
    total.save()
    page = client.get("/en/trade/").text
    assert (
        f"2023: the total given for {REGION}, {(others - Decimal('1e9')) / 10**9:.2f}, is below "
        f"the sum of the members that have a figure, {others / 10**9:.2f}, without Kyrgyzstan."
    ) in page


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
def test_the_regional_view_speaks_the_page_language(client, language):
    response = client.get(f"/{language}/trade/", {"view": "region"})
    assert response.status_code == 200
    assert "Sum of the members" not in response.text


def test_an_unknown_view_is_a_400_with_a_message(client):
    response = client.get("/en/trade/", {"view": "everything"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.text
