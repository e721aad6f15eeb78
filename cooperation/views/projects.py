"""/projects/ and /projects/<slug>/."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ..exports import PROJECTS
from ..filters import ProjectFilter
from ..models import Article, Commitment, Country, FinanceRecord, Project
from ..selectors import MapPoints, map_point, map_points
from .base import FilteredListView, KeptContentMixin, PublishedDetailView


class ProjectListView(FilteredListView):
    model = Project
    filterset_class = ProjectFilter
    template_name = "cooperation/project_list.html"
    content_template_name = "cooperation/content/project_list.html"
    table = PROJECTS
    row_relations = ("countries",)
    kept_rows = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_points"] = (
            [] if self.errors else map_points(self.object_list, self.request, self.asked)
        )
        context["map_geojson_url"] = self.geojson_url("api:project-list")
        return context


class ProjectDetailView(KeptContentMixin, PublishedDetailView):
    model = Project
    template_name = "cooperation/project_detail.html"
    content_template_name = "cooperation/content/project_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "partnerships__organization__country",
                "milestones__source",
                Prefetch(
                    "articles", queryset=Article.objects.published().order_by("-published_on")
                ),
            )
        )

    def get_content_data(self, context):
        context["commitments"] = list(Commitment.objects.linked_to(self.object))
        context["commitments_heading"] = _("Commitments it serves")
        context["finance_records"] = list(
            FinanceRecord.objects.published()
            .filter(project=self.object)
            .prefetch_related("financiers")
            .order_by("committed_on", "aiddata_id")
        )
        located = self.object.latitude is not None or bool(self.object.route)
        context["map_points"] = (
            MapPoints([map_point(self.object)], 1, Country.objects.map_labels()) if located else []
        )
        return context
