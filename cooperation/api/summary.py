"""/api/v1/trade-statistics/summary/: totals by year that a reader can quote.

A total adds figures that describe different trade, never the same trade twice:
- one reporter at a time (China's customs by default): two reporters' figures for the same trade
  are mirror statistics, to be compared, not added;
- a regional total or its member countries, never both;
- one period type and one flow at a time; a year-to-date figure counts only its latest month in
  the year, and figures ending in different months are not added;
- bounds ("over USD 10 bn") are left out of the sum, and the row says which were left out.

Each row says what it covers (partners, figures, qualifiers). The change on the year is given
only when the year before covers the same partners with summable figures; otherwise it is null
and `change_note` says why.
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ..models import SUMMABLE_QUALIFIERS, Country, TradeFlow, TradePeriod

GROUPS = ("partner", "reporter", "flow")
DEFAULT_REPORTER = "CN"
YEAR_PARAMETERS = ("year", "year_min", "year_max")


class LeftOutSerializer(serializers.Serializer):
    partner = serializers.CharField()
    qualifier = serializers.CharField()
    value_usd = serializers.DecimalField(max_digits=20, decimal_places=2)


class SummaryRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(
        allow_null=True,
        help_text="For monthly and year-to-date totals: the (last) month; null for a year.",
    )
    reporter = serializers.CharField(help_text="ISO code of the one reporter summed.")
    partner = serializers.CharField(allow_null=True, help_text="ISO code, when grouped by it.")
    flow = serializers.CharField()
    value_usd = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        help_text="The sum of the exact and approximate figures; bounds are in `left_out`.",
    )
    change_pct = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        help_text="Change on the previous year, computed, only when both years cover the same "
        "partners with exact or approximate figures; otherwise null, and `change_note` says why.",
    )
    change_note = serializers.CharField(allow_null=True)
    figures = serializers.IntegerField(help_text="How many stored figures the total adds up.")
    partners = serializers.ListField(
        child=serializers.CharField(), help_text="ISO codes of the partners the total covers."
    )
    qualifiers = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="How many figures of each qualifier (exact, about, at_least, at_most) the "
        "row's figures hold, the left-out bounds included.",
    )
    left_out = LeftOutSerializer(
        many=True, help_text="Bounds (at least / at most) not added to `value_usd`."
    )


PARAMETERS = [
    OpenApiParameter(
        "reporter",
        str,
        description="The one reporter whose figures are summed (ISO code). Default: CN (China's "
        "customs). Two reporters cannot be summed: their figures describe the same trade.",
    ),
    OpenApiParameter(
        "partner",
        str,
        description="Partner ISO codes, comma-separated. Default: every named country, no "
        "regional totals. A regional total (e.g. XC) and one of its members cannot be asked "
        "for together.",
    ),
    OpenApiParameter(
        "flow",
        str,
        enum=[flow.value for flow in TradeFlow],
        description="Default: total (or every flow, side by side, with group_by=flow). Only one "
        "flow unless grouped by flow.",
    ),
    OpenApiParameter(
        "period",
        str,
        enum=[period.value for period in TradePeriod],
        description="Default: annual. Year-to-date totals use each partner's latest month of "
        "the year; figures ending in different months are not added (400).",
    ),
    OpenApiParameter("year", int, description="One year."),
    OpenApiParameter("year_min", int, description="From this year."),
    OpenApiParameter("year_max", int, description="To this year."),
    OpenApiParameter(
        "group_by",
        str,
        enum=["partner", "reporter", "flow", "partner,flow"],
        description="Group totals by partner and/or flow (comma-separated), always by year.",
    ),
]


def refuse(parameter, message):
    raise ValidationError({parameter: [message]})


def parse_group_by(raw):
    groups = [item.strip() for item in (raw or "").split(",") if item.strip()]
    unknown = [group for group in groups if group not in GROUPS]
    if unknown:
        refuse(
            "group_by",
            _("Unknown value: %(values)s. Choose from: partner, reporter, flow.")
            % {"values": ", ".join(unknown)},
        )
    return list(dict.fromkeys(groups))


def split(raw):
    return [item.strip() for item in (raw or "").split(",") if item.strip()]


def summary_defaults(params, groups):
    """The filters a request left out, so that a sum never mixes reporters, flows or periods,
    or a regional total with its members."""
    defaults = {}
    if not params.get("reporter"):
        defaults["reporter"] = DEFAULT_REPORTER
    if not params.get("period"):
        defaults["period"] = TradePeriod.ANNUAL.value
    if not params.get("flow") and "flow" not in groups:
        defaults["flow"] = TradeFlow.TOTAL.value
    if not params.get("partner"):
        defaults["partner"] = "countries"  # named countries, no regional totals
    return defaults


def check_combination(params, groups):
    """400 for what cannot be added up, before any figure is read."""
    if len(split(params.get("reporter"))) > 1:
        refuse(
            "reporter",
            _(
                "Figures from two reporters describe the same trade twice and cannot be added. "
                "Ask for one reporter at a time, e.g. reporter=CN."
            ),
        )
    if len(split(params.get("period"))) > 1:
        refuse(
            "period",
            _("Yearly, monthly and year-to-date figures cannot be added. Ask for one period."),
        )
    if len(split(params.get("flow"))) > 1 and "flow" not in groups:
        refuse(
            "flow",
            _(
                "Exports, imports and totals cannot be added. Ask for one flow, or "
                "group_by=flow to see them side by side."
            ),
        )


def check_partners(partner_ids):
    """A regional total and one of its members asked for together would count that member's
    trade twice."""
    if not partner_ids:
        return
    asked = set(partner_ids)
    for region in Country.objects.filter(pk__in=asked).prefetch_related("members"):
        overlap = sorted(m.iso2 for m in region.members.all() if m.pk in asked)
        if overlap:
            refuse(
                "partner",
                _(
                    "%(region)s is the total of its members; adding it to %(members)s would "
                    "count their trade twice. Ask for the regional total or its members."
                )
                % {"region": region.iso2, "members": ", ".join(overlap)},
            )


def aggregate_ids():
    """Partners that are totals of named members (e.g. XC, Central Asia's five states)."""
    regions = Country.objects.filter(members__isnull=False)
    return list(regions.values_list("pk", flat=True).distinct())


def year_window(cleaned):
    """The years asked for, as (first, last), either end None when open."""
    if cleaned.get("year") is not None:
        return cleaned["year"], cleaned["year"]
    return cleaned.get("year_min"), cleaned.get("year_max")


def widened(data, first):
    """The request's filters with the year before the first included, so that the first year's
    change does not depend on the window asked for."""
    data = data.copy()
    for key in YEAR_PARAMETERS:
        data.pop(key, None)
    cleaned_first, last = first
    if cleaned_first is not None:
        data["year_min"] = str(cleaned_first - 1)
    if last is not None:
        data["year_max"] = str(last)
    return data


def latest_months(figures):
    """Year-to-date figures: only each series' latest month in the year counts."""
    latest = {}
    for figure in figures:
        key = (figure["year"], figure["reporter_id"], figure["partner_id"], figure["flow"])
        if key not in latest or figure["month"] > latest[key]["month"]:
            latest[key] = figure
    return list(latest.values())


def summarize(figures, groups, *, period, first_year=None):
    """Rows of totals by year (and month) and group, oldest first, each with its coverage and
    its change on the year."""
    codes = dict(Country.objects.values_list("pk", "iso2"))
    rows_in = list(
        figures.order_by().values(
            "year", "month", "reporter_id", "partner_id", "flow", "value_usd", "value_qualifier"
        )
    )
    if period == TradePeriod.YEAR_TO_DATE:
        rows_in = latest_months(rows_in)
    by_month = period == TradePeriod.MONTH

    def group_of(figure):
        return (
            codes[figure["reporter_id"]],
            codes[figure["partner_id"]] if "partner" in groups else None,
            figure["flow"],
        )

    buckets = defaultdict(list)
    for figure in rows_in:
        month = figure["month"] if by_month else None
        buckets[(group_of(figure), figure["year"], month)].append(figure)

    rows = []
    for (group, year, month), members in sorted(
        buckets.items(), key=lambda item: (item[0][0][1] or "", item[0][0][2], item[0][1:])
    ):
        if period == TradePeriod.YEAR_TO_DATE:
            months = sorted({figure["month"] for figure in members})
            if len(months) > 1:
                refuse(
                    "period",
                    _(
                        "Year-to-date figures for %(year)s end in different months (%(months)s) "
                        "and cannot be added. Ask for one partner, or group_by=partner."
                    )
                    % {"year": year, "months": ", ".join(str(m) for m in months)},
                )
            month = months[0]
        summed = [f for f in members if f["value_qualifier"] in SUMMABLE_QUALIFIERS]
        bounds = [f for f in members if f["value_qualifier"] not in SUMMABLE_QUALIFIERS]
        reporter, partner, flow = group
        rows.append(
            {
                "year": year,
                "month": month,
                "reporter": reporter,
                "partner": partner,
                "flow": flow,
                "value_usd": sum((f["value_usd"] for f in summed), Decimal(0)),
                "change_pct": None,
                "change_note": None,
                "figures": len(summed),
                "partners": sorted(codes[f["partner_id"]] for f in summed),
                "qualifiers": dict(sorted(Counter(f["value_qualifier"] for f in members).items())),
                "left_out": [
                    {
                        "partner": codes[f["partner_id"]],
                        "qualifier": f["value_qualifier"],
                        "value_usd": f["value_usd"],
                    }
                    for f in sorted(bounds, key=lambda f: codes[f["partner_id"]])
                ],
                "_group": (group, month if by_month else None),
            }
        )
    index = {(row["_group"], row["year"]): row for row in rows}
    for row in rows:
        before = index.get((row["_group"], row["year"] - 1))
        row["change_pct"], row["change_note"] = change_on_the_year(row, before)
    rows = [row for row in rows if first_year is None or row["year"] >= first_year]
    for row in rows:
        del row["_group"]
    return rows


def change_on_the_year(row, before):
    """(change, None), or (None, why not)."""
    if before is None:
        return None, _("No total for the year before.")
    if row["left_out"] or before["left_out"]:
        return None, _("A figure in one of the two years is a bound (at least / at most).")
    if row["partners"] != before["partners"]:
        return None, _("The two years cover different partners (%(before)s; %(now)s).") % {
            "before": ", ".join(before["partners"]) or "—",
            "now": ", ".join(row["partners"]) or "—",
        }
    if row["month"] != before["month"]:
        return None, _("The two years' year-to-date figures end in different months.")
    if not before["value_usd"]:
        return None, _("The year before totals zero.")
    change = ((row["value_usd"] / before["value_usd"] - 1) * 100).quantize(Decimal("0.01"))
    return change, None


def csv_row(row, header):
    """One row for the CSV: lists and counts written out in one cell each."""
    cells = dict(row)
    cells["partners"] = " ".join(row["partners"])
    cells["qualifiers"] = " ".join(f"{key}:{count}" for key, count in row["qualifiers"].items())
    cells["left_out"] = " ".join(
        f"{item['partner']}:{item['qualifier']}:{item['value_usd']}" for item in row["left_out"]
    )
    return ["" if cells[column] is None else cells[column] for column in header]
