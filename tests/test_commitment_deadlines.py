"""Trade targets judged at their deadline: the deadline year's figure, achieved or missed once it
is over, and growth asked for only while the deadline is ahead."""

import datetime
from decimal import Decimal

import pytest

from cooperation.models import Commitment, Country, TradeStatistic, ValueQualifier
from cooperation.progress import attach_progress

pytestmark = pytest.mark.django_db

FORTY_BY_2015 = "china-kazakhstan-trade-40bn-by-2015"


def kz_figure(year):
    return TradeStatistic.objects.filter(
        reporter__iso2="CN", partner__iso2="KZ", flow="total", period="annual", year=year
    ).first()


@pytest.fixture
def kz_2015(make_trade):
    """China's 2015 figure for Kazakhstan (14.27 bn, IMF DOTS exports + imports), unless the
    seed already holds it."""
    return kz_figure(2015) or make_trade(
        Country.objects.get(iso2="KZ"), year=2015, value_usd=Decimal("14270000000")
    )


def progress_of(slug):
    (commitment,) = attach_progress([Commitment.objects.get(slug=slug)])
    return commitment.progress


def test_forty_billion_by_2015_is_judged_on_2015_and_missed(client, kz_2015):
    progress = progress_of(FORTY_BY_2015)
    assert progress.measured == kz_2015  # not the 2013 figure (71.2 %)
    assert progress.computed_status == "missed"
    assert progress.needed_growth_pct is None and progress.years_left is None
    page = client.get(f"/en/commitments/{FORTY_BY_2015}/").text
    assert "Judged on the deadline year" in page and "in 2015" in page
    assert "USD 14.27 billion" in page
    assert "needs growth" not in page


def test_a_missing_deadline_year_figure_is_said_and_nothing_is_judged(client):
    TradeStatistic.objects.filter(
        reporter__iso2="CN", partner__iso2="KZ", flow="total", period="annual", year=2015
    ).delete()
    progress = progress_of(FORTY_BY_2015)
    assert progress.measured is None and progress.computed_status is None
    page = client.get(f"/en/commitments/{FORTY_BY_2015}/").text
    assert "No figure has been recorded for the deadline year, 2015." in page
    assert "needs growth" not in page


def test_no_past_deadline_commitment_shows_a_growth_rate(client, api_client, kz_2015):
    this_year = datetime.date.today().year
    past = [
        c
        for c in attach_progress(Commitment.objects.published())
        if c.progress and c.deadline and c.deadline.year < this_year
    ]
    assert len(past) >= 3
    for commitment in past:
        assert commitment.progress.needed_growth_pct is None, commitment.slug
        assert "needs growth" not in client.get(commitment.get_absolute_url()).text
        body = api_client.get(f"/api/v1/commitments/{commitment.slug}/").json()
        assert body["progress"]["needed_annual_growth_pct"] is None
        assert body["progress"]["deadline_passed"] is True
        assert body["progress"]["measured_year"] == commitment.deadline.year


def test_a_deadline_ahead_still_asks_for_growth(make_trade):
    kyrgyzstan = progress_of("china-kyrgyzstan-trade-45bn-by-2030")
    assert not kyrgyzstan.deadline_passed
    assert kyrgyzstan.needed_growth_pct is not None and kyrgyzstan.needed_growth_pct > 0


def test_the_editors_status_and_the_computed_one_are_shown_side_by_side(client, kz_2015):
    Commitment.objects.filter(slug=FORTY_BY_2015).update(status="achieved")
    progress = progress_of(FORTY_BY_2015)
    assert progress.disagrees
    page = client.get(f"/en/commitments/{FORTY_BY_2015}/").text
    assert "The figures say:" in page and "the two disagree" in page
    listing = client.get("/en/commitments/").text
    assert "The figures say:" in listing


def test_agreeing_statuses_are_not_flagged(client, kz_2015):
    progress = progress_of(FORTY_BY_2015)  # the editors say "missed" too
    assert not progress.disagrees
    assert "the two disagree" not in client.get(f"/en/commitments/{FORTY_BY_2015}/").text


def test_a_lower_bound_below_the_target_settles_nothing(kz_2015):
    TradeStatistic.objects.filter(pk=kz_2015.pk).update(value_qualifier=ValueQualifier.AT_LEAST)
    progress = progress_of(FORTY_BY_2015)
    assert progress.reached is None and progress.computed_status is None
    assert "bound" in str(progress.status_note)
