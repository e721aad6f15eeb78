"""/api/v1/trade-statistics/summary/: totals by year, grouped by partner, reporter or flow, with
the change on the previous year computed from the stored figures."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ..models import Country, TradeFlow, TradePeriod

# Countries are grouped by key and named afterwards: a join to read their codes would cost one
# lookup per figure summed.
GROUPS = {"partner": "partner_id", "reporter": "reporter_id", "flow": "flow"}


class SummaryRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    reporter = serializers.CharField(allow_null=True, help_text="ISO code, when grouped by it.")
    partner = serializers.CharField(allow_null=True, help_text="ISO code, when grouped by it.")
    flow = serializers.CharField(allow_null=True)
    value_usd = serializers.DecimalField(max_digits=20, decimal_places=2)
    change_pct = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        help_text="Change on the previous year of the same group, computed; null without one.",
    )
    figures = serializers.IntegerField(help_text="How many stored figures the total adds up.")


def parse_group_by(raw):
    groups = [item.strip() for item in (raw or "").split(",") if item.strip()]
    unknown = [group for group in groups if group not in GROUPS]
    if unknown:
        raise ValidationError(
            {
                "group_by": [
                    _("Unknown value: %(values)s. Choose from: partner, reporter, flow.")
                    % {"values": ", ".join(unknown)}
                ]
            }
        )
    return list(dict.fromkeys(groups))


def summary_defaults(params, groups):
    """Without them, a sum would mix exports with totals, or months with years."""
    defaults = {}
    if not params.get("period"):
        defaults["period"] = TradePeriod.ANNUAL.value
    if not params.get("flow") and "flow" not in groups:
        defaults["flow"] = TradeFlow.TOTAL.value
    return defaults


def summarize(figures, groups):
    """Rows of totals by year and group, oldest first, each with its change on the year."""
    keys = [GROUPS[group] for group in groups]
    codes = dict(Country.objects.values_list("pk", "iso2"))
    totals = list(
        figures.order_by()
        .values("year", *keys)
        .annotate(value_usd=Sum("value_usd"), figures=Count("pk"))
    )
    for total in totals:
        for key in ("reporter_id", "partner_id"):
            if key in total:
                total[key] = codes[total[key]]
    totals.sort(key=lambda total: (*(total[key] for key in keys), total["year"]))
    rows, previous = [], {}
    for total in totals:
        group = tuple(total[key] for key in keys)
        before = previous.get(group)
        change = None
        if before and before["year"] == total["year"] - 1 and before["value_usd"]:
            change = ((total["value_usd"] / before["value_usd"] - 1) * 100).quantize(
                Decimal("0.01")
            )
        row = {
            "year": total["year"],
            "reporter": total.get("reporter_id"),
            "partner": total.get("partner_id"),
            "flow": total.get("flow"),
            "value_usd": total["value_usd"],
            "change_pct": change,
            "figures": total["figures"],
        }
        rows.append(row)
        previous[group] = row
    return rows
