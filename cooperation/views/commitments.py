"""/commitments/ and /commitments/<slug>/: what was promised, and how far it has got."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .. import wording
from ..exports import COMMITMENTS
from ..filters import CommitmentFilter
from ..models import ACHIEVED_STATUSES, Commitment, CommitmentStatus, Source
from ..progress import attach_progress, tracked
from .base import FilteredListView, KeptContentMixin, PublishedDetailView


def deadline_summary(commitments):
    """How many of the commitments had deadlines that have passed, and how many of those
    were achieved; and the count by status."""
    today = datetime.date.today()
    totals = commitments.order_by().aggregate(
        total=Count("pk", distinct=True),
        due=Count("pk", filter=Q(deadline__lt=today), distinct=True),
        due_achieved=Count(
            "pk", filter=Q(deadline__lt=today, status__in=ACHIEVED_STATUSES), distinct=True
        ),
    )
    by_status = dict(
        commitments.order_by()
        .values_list("status")
        .annotate(count=Count("pk", distinct=True))
        .values_list("status", "count")
    )
    totals["by_status"] = [
        (status, by_status[status.value])
        for status in CommitmentStatus
        if by_status.get(status.value)
    ]
    return totals


class CommitmentListView(FilteredListView):
    model = Commitment
    filterset_class = CommitmentFilter
    template_name = "cooperation/commitment_list.html"
    content_template_name = "cooperation/content/commitment_list.html"
    table = COMMITMENTS
    row_relations = ("parties",)
    kept_rows = True

    def prepared(self, records):
        return attach_progress(records)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.errors:
            context["summary"] = deadline_summary(self.object_list)
        return context


class CommitmentDetailView(KeptContentMixin, PublishedDetailView):
    model = Commitment
    template_name = "cooperation/commitment_detail.html"
    content_template_name = "cooperation/content/commitment_detail.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("conflicts_with", "superseded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The frame loads the chart script for a target tracked by trade figures (a chart
        # once there is one figure); the chart itself is in the content.
        context["tracked"] = tracked(self.object)
        return context

    def get_content_data(self, context):
        attach_progress([self.object])
        progress = self.object.progress
        if progress and progress.series:
            size = wording.table_unit()[0]
            # A true year axis: every year from the first figure to the deadline (or the last
            # figure), the target drawn only up to its deadline.
            by_year = {figure.year: figure for figure in progress.series}
            last = max(by_year)
            deadline = self.object.deadline.year if self.object.deadline else last
            years = list(range(min(by_year), max(last, deadline) + 1))
            partner = self.object.target_partner
            context["progress_chart"] = {
                "labels": years,
                "unit": _("USD billions"),
                "datasets": [
                    {
                        "label": str(partner),
                        "key": getattr(partner, "iso2", ""),
                        "dashed": False,
                        "data": [
                            float(by_year[y].value_usd / size) if y in by_year else None
                            for y in years
                        ],
                        "qualifiers": [
                            by_year[y].value_qualifier if y in by_year else None for y in years
                        ],
                    },
                    {
                        "label": _("Target"),
                        "key": "target",
                        "dashed": True,
                        "data": [
                            float(progress.target / size) if y <= deadline else None for y in years
                        ],
                    },
                ],
            }
            context["chart_sources"] = Source.objects.filter(
                pk__in={figure.source_id for figure in progress.series}
            ).order_by("publisher", "title")
        published = [c for c in self.object.conflicts_with.all() if c.is_published]
        context["conflicts"] = published
        context["superseded_by"] = [c for c in self.object.superseded_by.all() if c.is_published]
        supersedes = self.object.supersedes
        context["supersedes"] = supersedes if supersedes and supersedes.is_published else None
        return context
