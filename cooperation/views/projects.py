"""/projects/ and /projects/<slug>/."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import caching
from ..exports import PROJECTS
from ..filters import ProjectFilter
from ..models import Article, Commitment, Country, Project, ProjectStatus
from .base import FilteredListView, PublishedDetailView


def map_point(project):
    return {
        "title": project.title,
        "url": project.get_absolute_url(),
        "status": project.get_status_display(),
        "lat": float(project.latitude),
        "lng": float(project.longitude),
    }


MAP_POINT_LIMIT = 500  # more would make the page heavy and the map unreadable


class MapPoints(list):
    """The points to draw, how many located projects there are in all (more than drawn when
    the list is longer than MAP_POINT_LIMIT), and the country names to write on the map."""

    def __init__(self, points, total, labels):
        super().__init__(points)
        self.total = total
        self.labels = labels


def map_points(projects, request=None):
    """The located projects of the queryset, in its order, up to MAP_POINT_LIMIT (not only the
    current page): read as plain rows, since a filter may match thousands."""
    limit = MAP_POINT_LIMIT
    language = get_language() or "en"
    pick = {"zh-hans": 1, "ru": 2}.get(language, 0)  # the page's language among the titles
    labels = {value: str(label) for value, label in ProjectStatus.choices}
    url = reverse("project-detail", kwargs={"slug": "__slug__"})
    located = projects.exclude(latitude=None).select_related(None).prefetch_related(None)
    rows = list(
        located.values_list(
            "slug", "title_en", "title_zh_hans", "title_ru", "status", "latitude", "longitude"
        )[: limit + 1]
    )
    total = caching.count(located, request) if len(rows) > limit else len(rows)
    return MapPoints(
        [
            {
                "title": titles[pick] or titles[0],
                "url": url.replace("__slug__", slug),
                "status": labels[status],
                "lat": float(latitude),
                "lng": float(longitude),
            }
            for slug, *titles, status, latitude, longitude in rows[:limit]
        ],
        total,
        Country.objects.map_labels() if rows else [],
    )


class ProjectListView(FilteredListView):
    model = Project
    filterset_class = ProjectFilter
    template_name = "cooperation/project_list.html"
    table = PROJECTS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_points"] = [] if self.errors else map_points(self.object_list, self.request)
        filters = self.request.GET.copy()
        for name in ("page", "format", "ordering"):
            filters.pop(name, None)
        filters["format"] = "geojson"
        context["map_geojson_url"] = f"{reverse('api:project-list')}?{filters.urlencode()}"
        return context


class ProjectDetailView(PublishedDetailView):
    model = Project
    template_name = "cooperation/project_detail.html"

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commitments"] = list(Commitment.objects.linked_to(self.object))
        context["commitments_heading"] = _("Commitments it serves")
        located = self.object.latitude is not None
        context["map_points"] = (
            MapPoints([map_point(self.object)], 1, Country.objects.map_labels()) if located else []
        )
        return context
