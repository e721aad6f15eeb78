"""Progress on trade targets, computed from the stored trade figures whenever it is read, so a
new or corrected figure shows at once.

For a target such as "USD 40 bn of China–Kazakhstan trade by 2015" the measure is the tracked
reporter's annual figure for that partner and flow:
- while the deadline is ahead (or there is none): the latest figure, and the yearly growth still
  needed to reach the target by the deadline;
- once the deadline has passed: the figure for the deadline year, and the target achieved or
  missed on it; when that figure is missing, it says so and judges nothing. No growth is asked
  of a past deadline.

The status the figures give is set beside the one an editor chose, and flagged when the two
disagree. A bilateral target is also measured on the other side's own figures (`other_side`):
a target set by Kazakhstan is tracked on China's customs figures, but Kazakhstan's own statistics
may say something else, and readers see both.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import (
    CommitmentStatus,
    TargetKind,
    TradePeriod,
    TradeStatistic,
    ValueQualifier,
)

# Editors' statuses that say the same as a computed one.
SAME_VERDICT = {
    CommitmentStatus.ACHIEVED: {CommitmentStatus.ACHIEVED, CommitmentStatus.ACHIEVED_EARLY},
    CommitmentStatus.ACHIEVED_EARLY: {CommitmentStatus.ACHIEVED, CommitmentStatus.ACHIEVED_EARLY},
    CommitmentStatus.MISSED: {CommitmentStatus.MISSED},
    CommitmentStatus.IN_PROGRESS: {
        CommitmentStatus.IN_PROGRESS,
        CommitmentStatus.NOT_STARTED,
        CommitmentStatus.BEHIND,
    },
}


@dataclass
class Progress:
    target: Decimal
    latest: TradeStatistic | None
    deadline_year: int | None
    series: list = field(default_factory=list)
    deadline: datetime.date | None = None
    editor_status: str = ""
    today: datetime.date = field(default_factory=datetime.date.today)
    reporter: object = None
    other_side: "Progress | None" = None

    @property
    def deadline_passed(self):
        """The deadline year is over: its figure is the one to judge on."""
        return self.deadline_year is not None and self.deadline_year < self.today.year

    @property
    def measured(self):
        """The figure the target is judged on: the deadline year's once the deadline has
        passed (None when missing), else the latest."""
        if self.deadline_passed:
            return next((f for f in self.series if f.year == self.deadline_year), None)
        return self.latest

    @property
    def measured_year(self):
        """The year the target is judged on, even when its figure is missing."""
        if self.deadline_passed:
            return self.deadline_year
        return self.latest.year if self.latest else None

    @property
    def latest_value(self):
        return self.measured.value_usd if self.measured else None

    @property
    def percent(self):
        if not self.measured or not self.target:
            return None
        return (self.measured.value_usd / self.target * 100).quantize(Decimal("0.1"))

    @property
    def bar_value(self):
        """For a progress bar: the share reached, at most 100."""
        return min(self.percent, Decimal(100)) if self.percent is not None else None

    @property
    def reached(self):
        """True or False where the figure settles it; None where it does not (no figure, or a
        bound on the wrong side of the target)."""
        figure = self.measured
        if figure is None:
            return None
        above = figure.value_usd >= self.target
        qualifier = getattr(figure, "value_qualifier", ValueQualifier.EXACT)
        if qualifier == ValueQualifier.AT_LEAST and not above:
            return None  # "over 30 bn" against 40 says nothing
        if qualifier == ValueQualifier.AT_MOST and above:
            return None
        return above

    @property
    def computed_status(self):
        reached = self.reached
        if self.deadline_passed:
            if reached is None:
                return None
            return CommitmentStatus.ACHIEVED if reached else CommitmentStatus.MISSED
        if reached:
            return CommitmentStatus.ACHIEVED_EARLY if self.deadline else CommitmentStatus.ACHIEVED
        if self.measured is not None:
            return CommitmentStatus.IN_PROGRESS
        return None

    @property
    def status_note(self):
        """Why there is no computed status, when there is none."""
        if self.computed_status is not None:
            return ""
        if self.deadline_passed and self.measured is None:
            return _("No figure has been recorded for the deadline year, %(year)s.") % {
                "year": self.deadline_year
            }
        if self.measured is not None:
            return _("The figure is a bound, which does not settle whether the target was met.")
        return _("No trade figure has been recorded for this measure yet.")

    @property
    def disagrees(self):
        """The editors' status and the figures' say different things."""
        computed = self.computed_status
        if computed is None or not self.editor_status:
            return False
        if self.editor_status == CommitmentStatus.SUPERSEDED:
            return False
        return self.editor_status not in SAME_VERDICT[computed]

    @property
    def computed_status_label(self):
        status = self.computed_status
        return CommitmentStatus(status).label if status else ""

    @property
    def remaining(self):
        if self.measured is None:
            return self.target
        return max(self.target - self.measured.value_usd, Decimal(0))

    @property
    def years_left(self):
        """Years from the latest figure to the deadline, only while the deadline is ahead."""
        if self.deadline_passed or self.latest is None or self.deadline_year is None:
            return None
        return self.deadline_year - self.latest.year

    @property
    def needed_growth_pct(self):
        """Yearly growth from the latest figure that would just reach the target by the
        deadline; None once the deadline has passed, when reached, or without a figure, a
        year left, or an exact or approximate value to grow from."""
        years = self.years_left
        figure = self.latest
        if not years or years <= 0 or self.reached or not figure or not figure.value_usd:
            return None
        if getattr(figure, "value_qualifier", ValueQualifier.EXACT) not in (
            ValueQualifier.EXACT,
            ValueQualifier.ABOUT,
        ):
            return None
        ratio = float(self.target / figure.value_usd)
        return Decimal((ratio ** (1 / years) - 1) * 100).quantize(Decimal("0.1"))

    def as_dict(self):
        measured = self.measured
        other = self.other_side
        return {
            "other_side": (
                {
                    "reporter": other.reporter.iso2,
                    "latest_value": other.latest_value,
                    "measured_year": other.measured_year,
                    "latest_source": other.measured.source_id if other.measured else None,
                    "percent": other.percent,
                    "computed_status": other.computed_status,
                }
                if other is not None
                else None
            ),
            "target": self.target,
            "latest_value": self.latest_value,
            "latest_year": measured.year if measured else None,
            "latest_source": measured.source_id if measured else None,
            "measured_year": self.measured_year,
            "deadline_passed": self.deadline_passed,
            "percent": self.percent,
            "reached": self.reached,
            "computed_status": self.computed_status,
            "status_note": str(self.status_note),
            "disagrees_with_status": self.disagrees,
            "remaining": self.remaining,
            "years_left": self.years_left,
            "needed_annual_growth_pct": self.needed_growth_pct,
            "series": [
                {
                    "year": f.year,
                    "value_usd": f.value_usd,
                    "qualifier": getattr(f, "value_qualifier", ValueQualifier.EXACT),
                }
                for f in self.series
            ],
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
    keys |= {(partner, reporter, MIRROR_FLOW[flow]) for reporter, partner, flow in keys}
    wanted = Q()
    for reporter, partner, flow in keys:
        wanted |= Q(reporter_id=reporter, partner_id=partner, flow=flow)
    figures = (
        TradeStatistic.objects.published()
        .filter(wanted, period=TradePeriod.ANNUAL)
        .order_by("year")
        .only(
            "id",
            "year",
            "value_usd",
            "value_qualifier",
            "reporter_id",
            "partner_id",
            "flow",
            "source_id",
        )
    )
    reporters = {c.target_reporter_id: c.target_reporter for c in trade}
    reporters.update({c.target_partner_id: c.target_partner for c in trade})
    by_key = {}
    for figure in figures:
        by_key.setdefault((figure.reporter_id, figure.partner_id, figure.flow), []).append(figure)
    today = datetime.date.today()
    for commitment in trade:
        flow = commitment.target_flow or "total"
        reporter, partner = commitment.target_reporter_id, commitment.target_partner_id
        ours = _progress(commitment, by_key.get((reporter, partner, flow), []), today)
        ours.reporter = reporters[reporter]
        theirs = by_key.get((partner, reporter, MIRROR_FLOW[flow]), [])
        if theirs:
            ours.other_side = _progress(commitment, theirs, today)
            ours.other_side.reporter = reporters[partner]
        commitment.progress = ours
    return commitments


# The same trade from the other side: one side's exports are the other's imports.
MIRROR_FLOW = {"total": "total", "exports": "imports", "imports": "exports"}


def _progress(commitment, series, today):
    deadline_year = commitment.deadline.year if commitment.deadline else None
    counted = [f for f in series if deadline_year is None or f.year <= deadline_year]
    return Progress(
        target=commitment.target_value,
        latest=counted[-1] if counted else None,
        deadline_year=deadline_year,
        series=series,
        deadline=commitment.deadline,
        editor_status=commitment.status,
        today=today,
    )
