"""Partial dates ("2014", "2014-05", "2014-05-19") from any text: a date at its precision or the
documented ValueError; what is written out reads back the same; ordering follows the dates."""

import datetime

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers

from cooperation.api.fields import PartialDateField
from cooperation.models import DatePrecision, PartialDate

from . import examples

PRECISIONS = DatePrecision.values

date_like = st.one_of(
    st.text(),
    st.text(alphabet="0123456789-/. T:"),
    st.from_regex(r"\A\s*[0-9]{1,5}(-[0-9]{0,3}(-[0-9]{0,3})?)?\s*\Z"),
    st.dates().map(lambda date: date.isoformat()),
    st.datetimes().map(lambda moment: moment.isoformat()),
)


def parse_or_refuse(text):
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        assert "date" in str(error), str(error)
        return None


@examples(500)
@given(date_like)
def test_any_text_gives_a_partial_date_or_the_documented_error(text):
    parsed = parse_or_refuse(text)
    if parsed is not None:
        assert parsed.precision in PRECISIONS
        assert parsed.date == parsed.normalized
        assert PartialDate.parse(parsed.iso) == parsed


@examples(500)
@given(st.dates(), st.sampled_from(PRECISIONS), st.sampled_from(["", " ", "\t", "\n"]))
def test_a_year_a_month_or_a_day_reads_back_at_its_precision(date, precision, padding):
    written = PartialDate(date, precision)
    parsed = PartialDate.parse(f"{padding}{written.iso}{padding}")
    assert parsed == PartialDate(written.normalized, precision)
    assert parsed.iso == written.iso


@examples(300)
@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_month_without_its_leading_zero_reads_the_same(year, month):
    assert PartialDate.parse(f"{year:04d}-{month}") == PartialDate.parse(f"{year:04d}-{month:02d}")


@examples(300)
@given(st.integers(1, 9999), st.integers(-99, 99), st.integers(-99, 99))
def test_a_day_that_does_not_exist_is_refused(year, month, day):
    try:
        real = datetime.date(year, month, day)
    except ValueError:
        real = None
    parsed = parse_or_refuse(f"{year:04d}-{month:02d}-{day:02d}")
    assert (parsed.date if parsed else None) == real


@examples(500)
@given(st.dates(), st.dates(), st.sampled_from(PRECISIONS), st.sampled_from(PRECISIONS))
def test_ordering_follows_the_dates(first, second, first_precision, second_precision):
    a, b = PartialDate(first, first_precision), PartialDate(second, second_precision)
    # Later dates never sort earlier at the same precision.
    if first <= second:
        assert a.normalized <= PartialDate(second, first_precision).normalized
    # A period starts no later than any day in it, and contains that day.
    assert a.normalized <= first
    assert a.normalized.year == first.year
    if first_precision != DatePrecision.YEAR:
        assert a.normalized.month == first.month
    # The written form orders as the stored date does, within one precision.
    if first_precision == second_precision:
        assert (a.iso < b.iso) == (a.normalized < b.normalized)


@examples(200)
@given(
    st.dates(),
    st.integers(1, 28),
    st.integers(1, 12),
    st.sampled_from(PRECISIONS),
    st.sampled_from(["en", "zh-hans", "ru"]),
)
def test_a_partial_date_displays_no_finer_than_its_precision(
    date, other_day, other_month, precision, language
):
    """What the precision leaves unknown can change without changing what is shown."""
    other = date.replace(day=other_day)
    if precision == DatePrecision.YEAR:
        other = other.replace(month=other_month)
    with translation.override(language):
        shown = PartialDate(date, precision).display()
        assert str(date.year) in shown
        if precision != DatePrecision.DAY:
            assert PartialDate(other, precision).display() == shown


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | date_like,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["date", "precision", "x"]) | st.text(), children)
    ),
    max_leaves=8,
)


@examples(500)
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries({"date": json_values, "precision": json_values}),
        st.fixed_dictionaries({"date": date_like, "precision": st.sampled_from(PRECISIONS)}),
    )
)
def test_the_api_reads_any_json_as_a_partial_date_or_a_field_error(value):
    field = PartialDateField("start_date", "start_precision")
    try:
        internal = field.to_internal_value(value)
    except serializers.ValidationError as error:
        assert error.detail
        return
    date = internal["start_date"]
    if date is not None:
        precision = internal["start_precision"]
        assert precision in PRECISIONS
        assert PartialDate(date, precision).normalized == date
