"""/summits/ and /summits/<slug>/."""

from itertools import groupby

from django.db.models import Prefetch

from ..exports import SUMMITS
from ..filters import SummitFilter
from ..models import Article, Project, Summit
from ..selectors import summit_pledges
from .base import FilteredListView, KeptContentMixin, PublishedDetailView


class SummitListView(FilteredListView):
    """A timeline by year."""

    model = Summit
    filterset_class = SummitFilter
    template_name = "cooperation/summit_list.html"
    content_template_name = "cooperation/content/summit_list.html"
    paginate_by = 50
    table = SUMMITS
    row_relations = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summits = context["object_list"]
        context["years"] = [
            (year, list(items)) for year, items in groupby(summits, key=lambda s: s.start_date.year)
        ]
        return context


class SummitDetailView(KeptContentMixin, PublishedDetailView):
    model = Summit
    template_name = "cooperation/summit_detail.html"
    content_template_name = "cooperation/content/summit_detail.html"

    def get_content_data(self, context):
        context["pledges"] = summit_pledges(self.object)
        summit = self.object
        if summit.series_id:
            same_series = Summit.objects.published().filter(series=summit.series_id)
            context["previous_meeting"] = (
                same_series.filter(start_date__lt=summit.start_date).order_by("-start_date").first()
            )
            context["next_meeting"] = (
                same_series.filter(start_date__gt=summit.start_date).order_by("start_date").first()
            )
        return context

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "outcomes__parties",
                Prefetch(
                    "projects",
                    queryset=Project.objects.published().for_cards(),
                ),
                Prefetch(
                    "articles", queryset=Article.objects.published().order_by("-published_on")
                ),
            )
        )
