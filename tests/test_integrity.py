"""Integrity lives in the database as well as in forms: each rule is refused by the database,
and by model validation with a message an editor can read."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperation.models import Project, Summit, TradePeriod, TradeStatistic
from cooperation.models.trade import last_allowed_year


def assert_refused_by_database(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def assert_refused_by_validation(instance, message):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    assert message in str(caught.value.messages)


def unsaved_copy(instance, **changes):
    """The same record as a new, unsaved row with some fields changed."""
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    return instance


def test_a_project_slug_is_unique(make_project):
    project = make_project()
    duplicate = unsaved_copy(project, title="Another title")
    assert_refused_by_validation(duplicate, "Project with this Slug already exists.")
    assert_refused_by_database(duplicate.save)


def test_a_trade_figure_is_stored_once_per_year(make_trade, new_country):
    figure = make_trade(new_country)
    duplicate = unsaved_copy(figure, value_usd=Decimal("5"))
    assert_refused_by_validation(
        duplicate, "A figure for this reporter, partner, flow and year already exists."
    )
    assert_refused_by_database(duplicate.save)


def test_a_trade_figure_is_stored_once_per_month(make_trade, new_country):
    figure = make_trade(new_country, period=TradePeriod.MONTH, month=3)
    duplicate = unsaved_copy(figure, value_usd=Decimal("5"))
    assert_refused_by_validation(
        duplicate, "A figure for this reporter, partner, flow and month already exists."
    )
    assert_refused_by_database(duplicate.save)


def test_the_same_period_from_the_other_reporter_is_a_mirror_figure(make_trade, new_country, china):
    make_trade(new_country)
    mirror = make_trade(china, reporter=new_country)
    assert mirror.pk is not None


def test_monthly_and_annual_figures_of_one_year_coexist(make_trade, new_country):
    make_trade(new_country)
    monthly = make_trade(new_country, period=TradePeriod.MONTH, month=1)
    year_to_date = make_trade(new_country, period=TradePeriod.YEAR_TO_DATE, month=1)
    assert monthly.pk and year_to_date.pk


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value_usd": Decimal("-1")}, "A trade value cannot be negative."),
        (
            {"period": TradePeriod.MONTH, "month": 13},
            "The month must be between 1 and 12.",
        ),
        (
            {"period": TradePeriod.MONTH, "month": 0},
            "The month must be between 1 and 12.",
        ),
        ({"year": 1990}, "The year must be 1991 or later."),
        (
            {"period": TradePeriod.ANNUAL, "month": 4},
            "A yearly figure has no month; a monthly or year-to-date figure needs one.",
        ),
        (
            {"period": TradePeriod.YEAR_TO_DATE, "month": None},
            "A yearly figure has no month; a monthly or year-to-date figure needs one.",
        ),
    ],
)
def test_bad_trade_figures_are_refused(make_trade, new_country, changes, message):
    figure = unsaved_copy(make_trade(new_country), **{"year": 2024, **changes})
    assert_refused_by_validation(figure, message)
    assert_refused_by_database(figure.save)


def test_a_reporter_cannot_report_trade_with_itself(make_trade, new_country, china):
    figure = unsaved_copy(make_trade(new_country), partner=china)
    assert_refused_by_validation(figure, "The reporter and the partner must differ.")
    assert_refused_by_database(figure.save)


def test_a_trade_year_after_next_year_is_refused_by_validation(make_trade, new_country):
    figure = unsaved_copy(make_trade(new_country), year=last_allowed_year() + 1)
    assert_refused_by_validation(figure, f"cannot be later than {last_allowed_year()}")


def test_next_year_is_allowed_for_forecasts(make_trade, new_country):
    figure = unsaved_copy(make_trade(new_country), year=last_allowed_year())
    figure.full_clean()


def test_a_summit_cannot_end_before_it_starts(make_summit):
    summit = make_summit()
    summit.end_date = summit.start_date - datetime.timedelta(days=1)
    assert_refused_by_validation(summit, "The end date cannot be before the start date.")
    assert_refused_by_database(summit.save)


def test_a_check_between_two_fields_names_the_one_to_correct(make_summit, make_project):
    summit = make_summit()
    summit.end_date = summit.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        summit.full_clean()
    assert refused.value.message_dict == {
        "end_date": ["The end date cannot be before the start date."]
    }
    project = make_project(start_date=datetime.date(2020, 1, 1))
    project.completion_date = datetime.date(2019, 1, 1)
    project.investment_amount = Decimal("-1")
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    errors = refused.value.message_dict
    assert errors["completion_date"] == ["Completion cannot be before the start."]
    assert "The investment cannot be negative." in errors["investment_amount"]
    assert "__all__" not in errors


def test_every_constraint_named_for_a_field_is_one_of_the_models():
    from django.apps import apps

    named = 0
    for model in apps.get_app_config("cooperation").get_models():
        constraints = {constraint.name for constraint in model._meta.constraints}
        for constraint, field in getattr(model, "constraint_fields", {}).items():
            assert constraint in constraints, (model.__name__, constraint)
            model._meta.get_field(field)
            named += 1
    assert named == 12


def test_a_project_cannot_be_completed_before_it_starts(make_project):
    project = make_project(start_date=datetime.date(2020, 1, 1))
    project.completion_date = datetime.date(2019, 1, 1)
    assert_refused_by_validation(project, "Completion cannot be before the start.")
    assert_refused_by_database(project.save)


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        (Decimal("90.5"), Decimal("10"), "Latitude must be between -90 and 90."),
        (Decimal("-91"), Decimal("10"), "Latitude must be between -90 and 90."),
        (Decimal("40"), Decimal("180.5"), "Longitude must be between -180 and 180."),
        (Decimal("40"), Decimal("-181"), "Longitude must be between -180 and 180."),
        (Decimal("40"), None, "Give both latitude and longitude, or neither."),
    ],
)
def test_project_coordinates_are_in_range(make_project, latitude, longitude, message):
    project = make_project()
    project.latitude, project.longitude = latitude, longitude
    assert_refused_by_validation(project, message)
    assert_refused_by_database(project.save)


def test_country_coordinates_are_in_range(new_country):
    new_country.latitude, new_country.longitude = Decimal("95"), Decimal("10")
    assert_refused_by_validation(new_country, "Latitude must be between -90 and 90.")
    assert_refused_by_database(new_country.save)


def test_an_investment_is_not_negative(make_project):
    project = make_project()
    project.investment_amount, project.investment_currency = Decimal("-5"), "USD"
    assert_refused_by_validation(project, "The investment cannot be negative.")
    assert_refused_by_database(project.save)


def test_an_investment_amount_has_a_currency(make_project):
    project = make_project()
    project.investment_amount = Decimal("100")
    assert_refused_by_validation(project, "Give the currency of the investment amount.")
    assert_refused_by_database(project.save)


def test_a_country_code_is_two_capital_letters(new_country):
    new_country.iso2 = "q1"
    assert_refused_by_validation(new_country, "Two capital letters, e.g. KZ.")
    assert_refused_by_database(new_country.save)


def test_a_summit_edition_is_unique_within_its_series(make_summit):
    xian = Summit.objects.get(series__slug="china-central-asia-summit", edition=1)
    duplicate = make_summit(series=xian.series, edition=2000)
    duplicate.edition = 1
    assert_refused_by_validation(duplicate, "This series already has a summit with this edition.")
    assert_refused_by_database(duplicate.save)


def test_a_valid_project_passes_validation(make_project):
    project = make_project(
        start_date=datetime.date(2014, 5, 1),
        latitude=Decimal("34.59"),
        longitude=Decimal("119.22"),
        investment_amount=Decimal("600000000"),
        investment_currency="cny",
    )
    project.full_clean()
    assert project.investment_currency == "CNY"
    assert Project.objects.filter(pk=project.pk).exists()
    assert TradeStatistic.objects.count() > 0
