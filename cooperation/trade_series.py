"""Trade figures shaped for pages: series by partner and year, and mirror comparisons."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext

from . import wording
from .models import (
    COUNTRY_ORDERING,
    SUMMABLE_QUALIFIERS,
    Country,
    CountryRole,
    FigureBasis,
    TradeFlow,
    TradeStatistic,
    country_order,
)

# The same trade seen from the other side: China's exports are the partner's imports.
MIRROR_FLOW = {
    TradeFlow.TOTAL: TradeFlow.TOTAL,
    TradeFlow.EXPORTS: TradeFlow.IMPORTS,
    TradeFlow.IMPORTS: TradeFlow.EXPORTS,
}


def annual(queryset=None):
    base = queryset if queryset is not None else TradeStatistic.objects.published()
    return base.annual().with_related()


def china():
    return Country.objects.get(iso2="CN")


def country_ids(*codes):
    """{ISO code: primary key}. Figures filtered by key can be found through their indexes; a
    join on the code leaves the database to walk the whole table."""
    return dict(Country.objects.filter(iso2__in=codes).values_list("iso2", "pk"))


def china_reported_series(flow=TradeFlow.TOTAL, partners=None):
    """{partner: {year: figure}} for what China reports with each partner."""
    figures = annual().filter(reporter=country_ids("CN").get("CN"), flow=flow)
    if partners is not None:
        figures = figures.filter(partner__in=partners)
    series = defaultdict(dict)
    for figure in figures.order_by("partner__iso2", "year"):
        series[figure.partner][figure.year] = figure
    return series


def partner_reported_series(flow=TradeFlow.TOTAL, partners=None):
    """{partner: {year: figure}} for what each partner reports of its trade with China.

    `flow` is given from China's side and turned into the partner's own (China's exports are
    the partner's imports).
    """
    figures = annual().filter(partner=country_ids("CN").get("CN"), flow=MIRROR_FLOW[flow])
    if partners is not None:
        figures = figures.filter(reporter__in=partners)
    series = defaultdict(dict)
    for figure in figures.order_by("reporter__iso2", "year"):
        series[figure.reporter][figure.year] = figure
    return series


def central_asia_partners():
    regions = list(Country.objects.filter(role=CountryRole.REGION))
    states = list(Country.objects.filter(role=CountryRole.CENTRAL_ASIA).order_by(*COUNTRY_ORDERING))
    return states + regions


def mirror_rows(china_series, partner_series):
    """Partner-years that both sides report, with the gap between them. A figure that only
    passes on the other side's (basis "mirrored") is no second view, so it is left out."""
    rows = []
    for partner, by_year in china_series.items():
        theirs = partner_series.get(partner, {})
        for year in sorted(set(by_year) & set(theirs)):
            ours, their = by_year[year], theirs[year]
            if FigureBasis.MIRRORED in (ours.basis, their.basis):
                continue
            gap = ours.value_usd - their.value_usd
            ratio = (ours.value_usd / their.value_usd) if their.value_usd else None
            rows.append(
                {
                    "partner": partner,
                    "year": year,
                    "china": ours,
                    "partner_figure": their,
                    "gap": gap,
                    "ratio": ratio.quantize(Decimal("0.01")) if ratio is not None else None,
                }
            )
    return sorted(rows, key=lambda row: (country_order(row["partner"]), row["year"]))


def named(series, suffix="", dashed=False):
    """[(label, {year: figure}, dashed)] from {country: {year: figure}}, by country name."""
    return [
        (f"{country.name}{suffix}", by_year, dashed)
        for country, by_year in sorted(series.items(), key=lambda item: country_order(item[0]))
    ]


def year_range(series_values):
    """Every year from the first to the last with a figure, so gaps show as gaps."""
    years = {year for by_year in series_values for year in by_year}
    return list(range(min(years), max(years) + 1)) if years else []


def series_key(by_year):
    """The country a series is about (not China), for its colour on every page and language."""
    for figure in by_year.values():
        side = figure.partner if figure.partner.iso2 != "CN" else figure.reporter
        return side.iso2
    return ""


def chart_data(lines, years=None):
    """Chart.js-ready data from [(label, {year: figure}, dashed)]: values in the language's
    table unit (USD billions, or 亿美元 in Chinese), each series keyed by its country's code,
    with each value's qualifier where the figures carry one."""
    size = wording.table_unit()[0]
    all_years = years or year_range(by_year for _label, by_year, _dashed in lines)
    datasets = [
        {
            "label": label,
            "key": series_key(by_year),
            "dashed": dashed,
            "data": [
                float(by_year[year].value_usd / size) if year in by_year else None
                for year in all_years
            ],
            # Beside each value: exact, about, at_least or at_most (an "over" value is drawn
            # marked), and whether it is a total computed from exports and imports.
            "qualifiers": [
                by_year[year].value_qualifier if year in by_year else None for year in all_years
            ],
            "computed": [
                by_year[year].is_computed if year in by_year else None for year in all_years
            ],
            # Who published each value: the line is not drawn between two values that
            # different offices published (a partner's statistics and a bank's estimate).
            "publishers": [
                publisher(by_year[year]) if year in by_year else None for year in all_years
            ],
        }
        for label, by_year, dashed in lines
    ]
    return {
        "labels": all_years,
        "datasets": datasets,
        "unit": gettext("USD billions"),
        "breaks": any(publisher_changes(dataset["publishers"]) for dataset in datasets),
    }


def publisher(figure):
    """The office that published a figure: its reporting agency, else its source's publisher."""
    if figure.reporting_agency_id:
        return f"agency:{figure.reporting_agency_id}"
    return f"source:{figure.source_id}" if figure.source_id else None


def publisher_changes(publishers):
    """Whether two neighbouring values in a line come from different publishers."""
    present = [p for p in publishers if p is not None]
    return any(a != b for a, b in zip(present, present[1:], strict=False))


def chart_sources(lines):
    """The sources of every figure a chart draws, each once, by publisher."""
    sources = {}
    for _label, by_year, _dashed in lines:
        for figure in by_year.values():
            if figure.source_id:
                sources.setdefault(figure.source_id, figure.source)
    return sorted(sources.values(), key=lambda source: (source.publisher, source.title))


class Footnotes(list):
    """The sources of the figures on a page, numbered in the order they first appear
    (a reader follows the number under a figure to its source)."""

    def __init__(self, figures):
        super().__init__()
        self.numbers = {}
        for figure in sorted(figures, key=lambda f: (country_order(f.partner), f.year)):
            if figure.source_id not in self.numbers:
                self.numbers[figure.source_id] = len(self) + 1
                self.append(figure.source)


def footnotes(figures):
    return Footnotes(figures)


def region_members():
    """{regional total's country id: [its member countries]}, in one query."""
    members = defaultdict(list)
    rows = Country.members.through.objects.select_related("to_country")
    for row in rows.order_by("to_country__name_en"):
        members[row.from_country_id].append(row.to_country)
    return members


def split_regions(series, members):
    """({state: {year: figure}}, {region: {year: figure}}): the regional totals apart, so that a
    chart of the states is not squeezed by their own total."""
    states = {country: by_year for country, by_year in series.items() if country.pk not in members}
    regions = {country: by_year for country, by_year in series.items() if country.pk in members}
    return states, regions


class MembersSum:
    """The sum of a region's members' figures for a year, drawn beside the region's own total."""

    value_qualifier = "exact"
    is_computed = True
    # Worked out here, from figures each cited on its own line: no publisher or source of its own.
    reporting_agency_id = source_id = source = None

    def __init__(self, region, value_usd):
        self.partner = self.reporter = region
        self.value_usd = value_usd


# Totals and members are given to 0.01 bn, so a sum of rounded figures may differ a little.
REGION_TOLERANCE = Decimal("0.005")


def region_checks(series, members):
    """For each regional total in `series` ({country: {year: figure}}), each of its years
    against the members' figures from the same reporter: the members' sum where every member
    has a figure, and the years where the total contradicts its members (it differs from their
    sum, or is below the sum of those that have a figure)."""
    checks = []
    for region, totals in series.items():
        if region.pk not in members:
            continue
        sums, conflicts = {}, []
        for year, total in sorted(totals.items()):
            figures = [(member, series.get(member, {}).get(year)) for member in members[region.pk]]
            usable = [
                figure
                for _member, figure in figures
                if figure is not None and figure.value_qualifier in SUMMABLE_QUALIFIERS
            ]
            missing = [member for member, figure in figures if figure not in usable]
            summed = sum((figure.value_usd for figure in usable), Decimal(0))
            slack = total.value_usd * REGION_TOLERANCE
            if not missing:
                sums[year] = MembersSum(region, summed)
            if (not missing and abs(summed - total.value_usd) > slack) or (
                missing and usable and summed > total.value_usd + slack
            ):
                conflicts.append({"year": year, "total": total, "sum": summed, "missing": missing})
        checks.append({"region": region, "sums": sums, "conflicts": conflicts})
    return checks
