"""Progress on trade targets, computed from the stored trade figures whenever it is read, so a
new or corrected figure shows at once.

For a target such as "USD 40 bn of China–Kazakhstan trade by 2030" the measure is the tracked
reporter's annual figures for that partner and flow: the latest one against the target, and the
yearly growth still needed to reach it by the deadline.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from .models import TargetKind, TradePeriod, TradeStatistic


@dataclass
class Progress:
    target: Decimal
    latest: TradeStatistic | None
    deadline_year: int | None
    series: list = field(default_factory=list)

    @property
    def latest_value(self):
        return self.latest.value_usd if self.latest else None

    @property
    def percent(self):
        if not self.latest or not self.target:
            return None
        return (self.latest.value_usd / self.target * 100).quantize(Decimal("0.1"))

    @property
    def bar_value(self):
        """For a progress bar: the share reached, at most 100."""
        return min(self.percent, Decimal(100)) if self.percent is not None else None

    @property
    def reached(self):
        return self.latest is not None and self.latest.value_usd >= self.target

    @property
    def remaining(self):
        if self.latest is None:
            return self.target
        return max(self.target - self.latest.value_usd, Decimal(0))

    @property
    def years_left(self):
        if self.latest is None or self.deadline_year is None:
            return None
        return self.deadline_year - self.latest.year

    @property
    def needed_growth_pct(self):
        """Yearly growth from the latest figure that would just reach the target by the
        deadline; None when reached, or when there is no latest figure or no year left."""
        years = self.years_left
        if self.reached or not self.latest or not years or years <= 0 or not self.latest.value_usd:
            return None
        ratio = float(self.target / self.latest.value_usd)
        return Decimal((ratio ** (1 / years) - 1) * 100).quantize(Decimal("0.1"))

    def as_dict(self):
        return {
            "target": self.target,
            "latest_value": self.latest_value,
            "latest_year": self.latest.year if self.latest else None,
            "latest_source": self.latest.source_id if self.latest else None,
            "percent": self.percent,
            "reached": self.reached,
            "remaining": self.remaining,
            "years_left": self.years_left,
            "needed_annual_growth_pct": self.needed_growth_pct,
            "series": [{"year": f.year, "value_usd": f.value_usd} for f in self.series],
        }


def tracked(commitment):
    return (
        commitment.target_kind == TargetKind.TRADE
        and commitment.target_value is not None
        and commitment.target_reporter_id
        and commitment.target_partner_id
    )


def attach_progress(commitments):
    """Set `.progress` on each commitment (None where it is not a tracked trade target), with
    one query for all of them."""
    commitments = list(commitments)
    trade = [c for c in commitments if tracked(c)]
    for commitment in commitments:
        commitment.progress = None
    if not trade:
        return commitments
    keys = {(c.target_reporter_id, c.target_partner_id, c.target_flow or "total") for c in trade}
    wanted = Q()
    for reporter, partner, flow in keys:
        wanted |= Q(reporter_id=reporter, partner_id=partner, flow=flow)
    figures = (
        TradeStatistic.objects.published()
        .filter(wanted, period=TradePeriod.ANNUAL)
        .order_by("year")
        .only("id", "year", "value_usd", "reporter_id", "partner_id", "flow", "source_id")
    )
    by_key = {}
    for figure in figures:
        by_key.setdefault((figure.reporter_id, figure.partner_id, figure.flow), []).append(figure)
    for commitment in trade:
        series = by_key.get(
            (
                commitment.target_reporter_id,
                commitment.target_partner_id,
                commitment.target_flow or "total",
            ),
            [],
        )
        deadline_year = commitment.deadline.year if commitment.deadline else None
        counted = [f for f in series if deadline_year is None or f.year <= deadline_year]
        commitment.progress = Progress(
            target=commitment.target_value,
            latest=counted[-1] if counted else None,
            deadline_year=deadline_year,
            series=series,
        )
    return commitments
