"""Committed development finance added up by country, financier, instrument, sector or year:
constant 2021 USD only (nominal amounts are in many currencies and are never summed), with the
count of records that have no amount. The API's summary and the country pages share it."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Country, FinanceInstrument, FinanceRecord, Organization, Sector

GROUPS = ["country", "financier", "instrument", "sector", "year"]


def summarize(records, group):
    """Constant-USD totals per group, in exact decimal arithmetic (two queries at most)."""
    rows = list(
        records.order_by().values_list(
            "pk",
            "amount_usd_constant_2021",
            "recipient__iso2",
            "instrument",
            "sector__slug",
            "committed_on__year",
        )
    )
    if group == "financier":
        through = FinanceRecord.financiers.through
        keys = defaultdict(list)
        for record_id, slug in through.objects.filter(
            financerecord_id__in=records.order_by().values("pk")
        ).values_list("financerecord_id", "organization__slug"):
            keys[record_id].append(slug)
    column = {"country": 2, "instrument": 3, "sector": 4, "year": 5}.get(group)
    totals = defaultdict(lambda: [Decimal(0), 0, 0])
    for row in rows:
        found = keys.get(row[0]) or [None] if group == "financier" else [row[column] or None]
        for key in found:
            total = totals[key]
            total[1] += 1
            if row[1] is None:
                total[2] += 1
            else:
                total[0] += Decimal(row[1])
    ordered = sorted(totals.items(), key=lambda item: (item[0] is None, str(item[0])))
    return [
        {
            "key": str(key) if key is not None else None,
            "amount_usd_constant_2021": total.quantize(Decimal("0.01")),
            "records": count,
            "records_without_amount": without,
        }
        for key, (total, count, without) in ordered
    ]


def with_labels(rows, group):
    """The rows, each with a `label` in the page's language (one query at most)."""
    names = {}
    if group == "country":
        names = {c.iso2: c.name for c in Country.objects.all()}
    elif group == "financier":
        keys = [row["key"] for row in rows if row["key"]]
        names = {o.slug: str(o) for o in Organization.objects.filter(slug__in=keys)}
    elif group == "sector":
        names = {s.slug: s.name for s in Sector.objects.all()}
    elif group == "instrument":
        names = {value: str(label) for value, label in FinanceInstrument.choices}
    unnamed = {
        "country": _("No country"),
        "financier": _("Financier not named"),
        "instrument": _("Instrument not stated"),
        "sector": _("No tracker sector"),
        "year": _("Year unknown"),
    }[group]
    for row in rows:
        key = row["key"]
        row["label"] = names.get(key, key) if key is not None else unnamed
    return rows
