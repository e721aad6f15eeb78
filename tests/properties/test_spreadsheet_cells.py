"""The spreadsheet import reads any cell a CSV or XLSX file can hold: each gives a value the
model accepts or a message for the editor, never an exception the import did not expect; and a
value written out the way the export writes it reads back the same."""

import datetime
import re
from decimal import Decimal

import pytest
import tablib
from hypothesis import assume, given
from hypothesis import strategies as st

from cooperation.admin.resources import (
    PROJECT_COLUMNS,
    TRADE_COLUMNS,
    AmountWidget,
    ChoiceWidget,
    CountryWidget,
    PartialDateField,
    ProjectResource,
    SlugWidget,
    SourceWidget,
    StrictManyToManyWidget,
    TradeStatisticResource,
    WholeNumberWidget,
    YesNoWidget,
)
from cooperation.models import (
    Confidence,
    Country,
    DatePrecision,
    PartialDate,
    ProjectStatus,
    PublicationStatus,
    Sector,
    Source,
    TradeFlow,
    TradePeriod,
)
from cooperation.numbers import MULTIPLIERS, parse_amount

from . import examples

# Python's own messages, which mean a cell reached code that did not expect it.
UNEXPECTED = re.compile(
    r"invalid literal|could not convert|Exceeds the limit|object has no attribute|"
    r"not supported between|unsupported operand|<class |Traceback|InvalidOperation"
)

# What openpyxl hands over for an XLSX cell, and tablib's text for a CSV one.
any_cell = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789.,' -−+$kmbnlKMBN\u00a0\u202f٠١٢"),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.decimals(allow_nan=False),  # no spreadsheet holds a signalling NaN
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


def assert_clear(error):
    """A message an editor can act on: ours, not the traceback of a surprised parser."""
    assert isinstance(error, ValueError), repr(error)
    message = str(error)
    assert message.strip(), "an empty message"
    assert not UNEXPECTED.search(message), message


def read(clean, value):
    """(value, None) when the cell reads, (None, error) when it is refused."""
    try:
        return clean(value), None
    except Exception as error:
        assert_clear(error)
        return None, error


# Amounts


@examples(300)
@given(any_cell)
def test_an_amount_cell_gives_a_finite_number_or_a_message(cell):
    value, _error = read(AmountWidget().clean, cell)
    if value is not None:
        assert isinstance(value, Decimal)
        assert value.is_finite()


amounts = st.decimals(
    min_value=Decimal("-9999999999999999.99"),
    max_value=Decimal("9999999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@examples(300)
@given(amounts)
def test_an_exported_amount_reads_back_the_same(amount):
    widget = AmountWidget()
    assert widget.clean(widget.render(amount)) == amount


@examples(300)
@given(amounts, st.sampled_from([",", " ", "'", "\u00a0", "\u202f"]))
def test_an_amount_with_thousands_separators_reads_as_the_number(amount, separator):
    written = f"{amount:,}".replace(",", separator)
    assert parse_amount(written) == amount
    sign, digits = ("-", written[1:]) if amount < 0 else ("", written)
    assert parse_amount(f"{sign}US$ {digits}") == amount


@examples(300)
@given(amounts.filter(lambda amount: amount >= 0), st.sampled_from(sorted(MULTIPLIERS)))
def test_an_amount_with_a_unit_is_multiplied(amount, unit):
    assert parse_amount(f"{amount} {unit}".strip()) == amount * MULTIPLIERS[unit]
    assert parse_amount(f"−{amount}{unit}") == -amount * MULTIPLIERS[unit]


@examples(200)
@given(st.from_regex(r"\A[0-9]{1,3}(,[0-9]{3})*,[0-9]{1,2}\Z"))
def test_a_comma_as_a_decimal_point_is_refused_as_ambiguous(text):
    with pytest.raises(ValueError, match="ambiguous|not a number"):
        parse_amount(text)


# Whole numbers (year, month)


@examples(300)
@given(any_cell)
def test_a_whole_number_cell_gives_a_whole_number_or_a_message(cell):
    value, _error = read(WholeNumberWidget().clean, cell)
    assert value is None or (isinstance(value, int) and value >= 0)


@examples(300)
@given(st.integers(min_value=0, max_value=10**12))
def test_a_whole_number_reads_back_from_text_and_from_a_spreadsheet_float(number):
    widget = WholeNumberWidget()
    assert widget.clean(widget.render(number)) == number
    if number < 2**53:
        assert widget.clean(float(number)) == number


# Choices


CHOICES = [TradeFlow, TradePeriod, Confidence, PublicationStatus, ProjectStatus]


@examples(300)
@given(st.sampled_from(CHOICES), any_cell)
def test_a_choice_cell_gives_a_stored_value_or_a_message(choices, cell):
    value, _error = read(ChoiceWidget(choices).clean, cell)
    assert value is None or value in choices.values


@examples(100)
@given(
    st.sampled_from(CHOICES).flatmap(lambda c: st.tuples(st.just(c), st.sampled_from(c.choices))),
    st.sampled_from([str, str.upper, str.lower, str.title]),
)
def test_a_choice_reads_back_by_its_value_or_label_in_any_case(choice, case):
    choices, (stored, label) = choice
    widget = ChoiceWidget(choices)
    assert widget.clean(widget.render(stored)) == stored
    assert widget.clean(case(str(label))) == stored
    assert widget.clean(f"  {case(stored)} ") == stored


@examples(300)
@given(any_cell)
def test_a_yes_no_cell_gives_a_boolean_or_a_message(cell):
    value, error = read(YesNoWidget().clean, cell)
    assert isinstance(value, bool) or error is not None


@examples(20)
@given(st.booleans())
def test_an_exported_yes_no_reads_back_the_same(value):
    widget = YesNoWidget()
    assert widget.clean(widget.render(value)) is value


# Partial dates


def partial_date_cell(cell):
    return PartialDateField("start_date", "start_precision", "start").clean({"start": cell})


@examples(300)
@given(any_cell)
def test_a_date_cell_gives_a_partial_date_or_a_message(cell):
    value, _error = read(partial_date_cell, cell)
    assert value is None or isinstance(value, PartialDate)


@examples(300)
@given(
    st.dates(min_value=datetime.date(1000, 1, 1)),
    st.sampled_from(DatePrecision.values),
    st.sampled_from([str, float]),
)
def test_an_exported_date_reads_back_at_its_precision(date, precision, as_cell):
    stored = PartialDate(date, precision)
    cell = stored.iso
    if as_cell is float:
        if precision != DatePrecision.YEAR:
            return
        cell = float(cell)  # a spreadsheet keeps a year as a number: 2014.0
    read_back = partial_date_cell(cell)
    assert (read_back.date, read_back.precision) == (stored.normalized, precision)


# Cells that name records


@pytest.fixture
def sources(db):
    return list(Source.objects.order_by("pk")[:5])


@examples(150)
@given(cell=any_cell)
def test_a_country_cell_gives_a_country_or_a_message(db, cell):
    value, _error = read(CountryWidget().clean, cell)
    assert value is None or isinstance(value, Country)


@examples(150)
@given(cell=any_cell)
def test_a_sector_or_source_cell_gives_the_record_or_a_message(db, cell):
    sector, _error = read(SlugWidget(Sector, field="slug").clean, cell)
    assert sector is None or isinstance(sector, Sector)
    source, _error = read(SourceWidget().clean, cell)
    assert source is None or isinstance(source, Source)


@examples(150)
@given(cell=any_cell)
def test_a_list_of_countries_gives_every_one_or_names_those_missing(db, cell):
    found, _error = read(StrictManyToManyWidget(Country, separator=",", field="iso2").clean, cell)
    if found is not None:
        wanted = {item.strip() for item in str(cell or "").split(",") if item.strip()}
        assert {country.iso2 for country in found} == wanted


@examples(100)
@given(data=st.data())
def test_exported_record_cells_read_back_as_the_same_records(db, sources, data):
    countries = list(Country.objects.order_by("iso2"))
    country = data.draw(st.sampled_from(countries))
    written = CountryWidget().render(country)
    assert CountryWidget().clean(data.draw(st.sampled_from([written, written.lower()]))) == country
    assert CountryWidget().clean(country.name) == country
    source = data.draw(st.sampled_from(sources))
    assert SourceWidget().clean(SourceWidget().render(source)) == source
    chosen = data.draw(st.lists(st.sampled_from(countries), min_size=1, max_size=4, unique=True))
    widget = StrictManyToManyWidget(Country, separator=",", field="iso2")
    written = widget.render(Country.objects.filter(pk__in=[c.pk for c in chosen]))
    assert set(widget.clean(written)) == set(chosen)


# Whole rows


def plausible(column, source_urls):
    """A cell near what an editor writes in that column, often wrong."""
    near = {
        "reporter": st.sampled_from(["CN", "kz", "KAZ", "Kazakhstan", "Китай", "XX", ""]),
        "partner": st.sampled_from(["KZ", "UZ", "Uzbekistan", "中国", "??", ""]),
        "countries": st.sampled_from(["KZ", "KZ,UZ", "KZ, XX", ",", ""]),
        "flow": st.sampled_from([*TradeFlow.values, "Exports", "export", ""]),
        "period": st.sampled_from([*TradePeriod.values, "Year to date", "weekly", ""]),
        "status": st.sampled_from([*ProjectStatus.values, "Operational", "done", ""]),
        "year": st.one_of(st.integers(1900, 2200), st.floats(1990, 2030), st.just("2023.0")),
        "month": st.one_of(st.integers(-1, 14), st.just("")),
        "value_usd": st.sampled_from(["1,234.5", "89.4 bn", "-5", "1,2", "1e9", "", "nan"]),
        "source_url": st.sampled_from([*source_urls, "https://nowhere.test/", ""]),
        "sources": st.sampled_from(["|".join(source_urls), "https://nowhere.test/", ""]),
        "start": st.sampled_from(["2014", "2014-05", "2014-02-30", "May 2014", "2014.0", ""]),
        "sector": st.sampled_from([*Sector.objects.values_list("slug", flat=True), "nope"]),
        "slug": st.sampled_from(["a-new-project", "not a slug", ""]),
        "latitude": st.sampled_from(["41.3", "91", "-200.5", "x"]),
    }
    strategies = [any_cell]
    if column in near:
        strategies.append(near[column])
    return st.one_of(*strategies)


@pytest.mark.parametrize(
    ("resource_class", "columns"),
    [(TradeStatisticResource, TRADE_COLUMNS), (ProjectResource, PROJECT_COLUMNS)],
    ids=["trade", "projects"],
)
@examples(60)
@given(data=st.data())
def test_a_row_of_any_cells_imports_or_is_reported_with_a_message(
    db, sources, resource_class, columns, data
):
    source_urls = [source.url for source in sources]
    rows = data.draw(
        st.lists(
            st.fixed_dictionaries({c: plausible(c, source_urls) for c in columns}),
            min_size=1,
            max_size=3,
        )
    )
    dataset = tablib.Dataset(*[[row[c] for c in columns] for row in rows], headers=columns)
    result = resource_class().import_data(dataset, dry_run=True, raise_errors=False)
    assert not result.base_errors, [error.traceback for error in result.base_errors]
    for _number, errors in result.row_errors():
        for error in errors:
            assert_clear(error.error)
    for row in result.invalid_rows:
        for messages in row.error_dict.values():
            for message in messages:
                assert str(message).strip()
                assert not UNEXPECTED.search(str(message)), message


@examples(60)
@given(data=st.data())
def test_an_exported_trade_figure_imports_back_unchanged(db, data):
    from cooperation.models import TradeStatistic

    figures = list(TradeStatistic.objects.order_by("pk").values_list("pk", flat=True))
    chosen = data.draw(st.lists(st.sampled_from(figures), min_size=1, max_size=5, unique=True))
    exported = TradeStatisticResource().export(
        queryset=TradeStatisticResource().get_queryset().filter(pk__in=chosen)
    )
    assume(exported.height)
    result = TradeStatisticResource().import_data(exported, dry_run=True, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors(), [
        (row.number, row.error_dict) for row in result.invalid_rows
    ]
    assert result.totals["skip"] == exported.height, result.totals
