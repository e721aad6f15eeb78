"""/projects/ and /projects/<slug>/."""

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import caching
from ..filters import ProjectFilter
from ..models import Article, Commitment, FinanceRecord, Project, ProjectStatus
from .base import FilteredListView, PublishedDetailView


def map_point(project):
    return {
        "title": project.title,
        "url": project.get_absolute_url(),
        "status": project.get_status_display(),
        "status_code": project.status,
        "countries": ", ".join(country.name for country in project.countries.all()),
        "lat": float(project.latitude),
        "lng": float(project.longitude),
    }


MAP_POINT_LIMIT = 500  # more would make the page heavy and the map unreadable


class MapPoints(list):
    """The points to draw, and how many located projects there are in all (more than drawn
    when the list is longer than MAP_POINT_LIMIT)."""

    def __init__(self, points, total):
        super().__init__(points)
        self.total = total


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
            "pk", "slug", "title_en", "title_zh_hans", "title_ru", "status", "latitude", "longitude"
        )[: limit + 1]
    )
    total = caching.count(located, request) if len(rows) > limit else len(rows)
    names = project_country_names([row[0] for row in rows[:limit]], pick)
    return MapPoints(
        [
            {
                "title": titles[pick] or titles[0],
                "url": url.replace("__slug__", slug),
                "status": labels[status],
                "status_code": status,
                "countries": ", ".join(names.get(pk, [])),
                "lat": float(latitude),
                "lng": float(longitude),
            }
            for pk, slug, *titles, status, latitude, longitude in rows[:limit]
        ],
        total,
    )


def project_country_names(ids, pick):
    """{project id: [country names in the page's language]}, in one query."""
    if not ids:
        return {}
    through = Project.countries.through
    rows = (
        through.objects.filter(project_id__in=ids)
        .order_by("country__name_en")
        .values_list("project_id", "country__name_en", "country__name_zh_hans", "country__name_ru")
    )
    names = {}
    for project_id, *translations in rows:
        names.setdefault(project_id, []).append(translations[pick] or translations[0])
    return names


class ProjectListView(FilteredListView):
    model = Project
    filterset_class = ProjectFilter
    template_name = "cooperation/project_list.html"
    csv_filename = "projects.csv"
    csv_header = (
        "slug",
        "title",
        "status",
        "sector",
        "countries",
        "start",
        "completion",
        "investment_amount",
        "investment_currency",
        "investment_usd",
        "latitude",
        "longitude",
        "url",
    )

    def csv_row(self, project):
        return (
            project.slug,
            project.title,
            project.status,
            project.sector.slug,
            ",".join(c.iso2 for c in project.countries.all()),
            project.start.iso if project.start else "",
            project.completion.iso if project.completion else "",
            project.investment_amount if project.investment_amount is not None else "",
            project.investment_currency,
            project.investment_usd if project.investment_usd is not None else "",
            project.latitude if project.latitude is not None else "",
            project.longitude if project.longitude is not None else "",
            self.request.build_absolute_uri(project.get_absolute_url()),
        )

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
        context["commitments"] = list(
            Commitment.objects.published()
            .filter(Q(projects=self.object) | Q(evidence__projects=self.object))
            .distinct()
            .order_by("deadline")
        )
        context["commitments_heading"] = _("Commitments it serves")
        context["finance_records"] = list(
            FinanceRecord.objects.published()
            .filter(project=self.object)
            .prefetch_related("financiers")
            .order_by("committed_on", "aiddata_id")
        )
        located = self.object.latitude is not None
        context["map_points"] = [map_point(self.object)] if located else []
        return context
