"""Dates known only to the year or month display at their true precision."""

import datetime

import pytest
from django.utils import translation

from cooperation.models import DatePrecision, PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "display"),
    [
        ("2013", DatePrecision.YEAR, "2013"),
        ("2014-05", DatePrecision.MONTH, "May 2014"),
        ("2023-05-18", DatePrecision.DAY, "18 May 2023"),
    ],
)
def test_a_partial_date_displays_at_its_precision(text, precision, display):
    with translation.override("en"):
        date = PartialDate.parse(text)
        assert date.precision == precision
        assert date.display() == display
        assert date.iso == text


def test_a_month_date_never_shows_a_day():
    with translation.override("en"):
        launched = PartialDate(datetime.date(2014, 5, 19), DatePrecision.MONTH)
        assert launched.display() == "May 2014"
        assert launched.normalized == datetime.date(2014, 5, 1)


@pytest.mark.parametrize("text", ["", "May 2014", "2014-13", "14-05-2014", "2014-02-30"])
def test_a_malformed_date_is_refused_with_a_message(text):
    with pytest.raises(ValueError, match=r"date"):
        PartialDate.parse(text)


def test_saving_a_project_normalizes_its_dates_to_their_precision(make_project):
    project = make_project(start_date=datetime.date(2014, 5, 19), start_precision="month")
    project.full_clean()
    assert project.start_date == datetime.date(2014, 5, 1)
    with translation.override("en"):
        assert str(project.start) == "May 2014"
