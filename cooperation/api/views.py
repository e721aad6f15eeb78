"""/api/v1/ resources. Each reads with the same FilterSet as its public page."""

import json

from django.db.models import F
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import renderers
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import caching, exports, filters
from ..models import (
    COUNTRY_ORDERING,
    Article,
    Commitment,
    Country,
    Organization,
    Project,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)
from ..progress import attach_progress
from . import serializers, summary
from .base import CSV_CHUNK, RecordViewSet
from .pagination import KEY_PATTERN
from .relations import Values
from .schema import JSON_ONLY
from .serializers import SOURCE_COLUMNS

# Undated records last on every database (PostgreSQL puts NULLs first when descending).
NEWEST_START = F("start_date").desc(nulls_last=True)

DRAFTS = OpenApiParameter(
    "publication_status",
    str,
    enum=["published", "draft", "all"],
    description="Drafts are shown only to signed-in editors who ask for them. Default: published.",
)
FORMAT = OpenApiParameter(
    "format", str, enum=["json", "csv"], description="`csv` streams every filtered row."
)
UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only what changed at or after this moment: ISO 8601 date and time, e.g. "
    "2025-06-01T00:00:00Z.",
)
FIELDS = OpenApiParameter(
    "fields",
    str,
    description="Comma-separated field names: each record of a JSON list keeps only those, "
    "e.g. `slug,title,status`.",
)
PROJECT_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv", "geojson"],
    description="`csv` streams every filtered row; `geojson` is a FeatureCollection of the "
    "filtered projects' points.",
)


def documented(resource, *, list_parameters=(FORMAT,)):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {resource}",
            parameters=[DRAFTS, FIELDS, *list_parameters],
            tags=[resource],
        ),
        retrieve=extend_schema(
            summary=f"One of the {resource}", parameters=[DRAFTS, JSON_ONLY], tags=[resource]
        ),
        create=extend_schema(summary=f"Add to {resource} (editors)", tags=[resource]),
        update=extend_schema(summary=f"Replace one of the {resource} (editors)", tags=[resource]),
        partial_update=extend_schema(
            summary=f"Change one of the {resource} (editors)", tags=[resource]
        ),
        destroy=extend_schema(summary=f"Delete one of the {resource} (managers)", tags=[resource]),
    )


@documented("countries")
class CountryViewSet(RecordViewSet):
    table = exports.COUNTRIES
    queryset = Country.objects.all()
    serializer_class = serializers.CountrySerializer
    filterset_class = filters.CountryFilter
    lookup_field = "iso2"
    lookup_value_regex = "[A-Za-z]{2}"
    values_relations = (Values("members", ("iso2",)),)

    def base_queryset(self):
        return Country.objects.prefetch_related("strategies", "members").order_by(*COUNTRY_ORDERING)

    def initial(self, request, *args, **kwargs):
        if "iso2" in self.kwargs:  # /countries/kz/ is Kazakhstan too
            self.kwargs["iso2"] = self.kwargs["iso2"].upper()
        super().initial(request, *args, **kwargs)


@documented("sectors")
class SectorViewSet(RecordViewSet):
    table = exports.SECTORS
    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    filterset_class = filters.SectorFilter
    lookup_field = "slug"

    def base_queryset(self):
        return Sector.objects.all()


@documented("organizations")
class OrganizationViewSet(RecordViewSet):
    table = exports.ORGANIZATIONS
    queryset = Organization.objects.all()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter
    lookup_field = "slug"

    def base_queryset(self):
        return Organization.objects.select_related("country").order_by("name")


@documented("sources")
class SourceViewSet(RecordViewSet):
    table = exports.SOURCES
    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_value_regex = KEY_PATTERN

    def base_queryset(self):
        return Source.objects.order_by("id")


@documented("projects", list_parameters=(PROJECT_FORMAT,))
class ProjectViewSet(RecordViewSet):
    table = exports.PROJECTS
    queryset = Project.objects.all()
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    lookup_field = "slug"
    values_relations = (
        Values("countries", ("iso2",)),
        Values("partnerships", ("organization", "role"), linked={"organization": ("slug", "name")}),
        Values("sources", SOURCE_COLUMNS),
        Values("summits", ("slug",)),
    )

    def get_renderers(self):
        found = super().get_renderers()
        return [*found, GeoJSONRenderer()] if self.action == "list" else found

    def base_queryset(self):
        return Project.objects.with_related().order_by(NEWEST_START, "slug")

    def special_format_response(self, request, queryset):
        if request.accepted_renderer.format == "geojson":
            return geojson_response(self.request, queryset)
        return super().special_format_response(request, queryset)


class GeoJSONRenderer(renderers.BaseRenderer):
    media_type = "application/geo+json"
    format = "geojson"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode()


def geojson_response(request, projects):
    """A FeatureCollection of every filtered project that has a location, streamed: a
    LineString through a linear project's waypoints, where it has a route, else its Point."""

    def geometry(project):
        if project.route:
            return {
                "type": "LineString",
                "coordinates": [[longitude, latitude] for latitude, longitude in project.route],
            }
        return {
            "type": "Point",
            "coordinates": [float(project.longitude), float(project.latitude)],
        }

    def feature(project):
        return json.dumps(
            {
                "type": "Feature",
                "geometry": geometry(project),
                "properties": {
                    "slug": project.slug,
                    "title": project.title,
                    "status": project.status,
                    "sector": project.sector.slug,
                    "countries": sorted(country.iso2 for country in project.countries.all()),
                    "location_note": project.location_note,
                    "route": (
                        ("surveyed" if project.route_surveyed else "approximate")
                        if project.route
                        else None
                    ),
                    "html_url": request.build_absolute_uri(project.get_absolute_url()),
                },
            },
            ensure_ascii=False,
        )

    def chunks():
        yield '{"type": "FeatureCollection", "features": ['
        located = projects.located().iterator(CSV_CHUNK)
        for index, project in enumerate(located):
            yield ("," if index else "") + feature(project)
        yield "]}"

    return StreamingHttpResponse(chunks(), content_type="application/geo+json")


@documented("summits")
class SummitViewSet(RecordViewSet):
    table = exports.SUMMITS
    queryset = Summit.objects.all()
    serializer_class = serializers.SummitSerializer
    filterset_class = filters.SummitFilter
    lookup_field = "slug"
    values_relations = (
        Values("participants", ("iso2",)),
        Values(
            "outcomes",
            ("slug", "title", "kind", "signed_on", "url", "key_quote", "summary"),
            nested=(Values("parties", ("iso2",)),),
        ),
        Values("sources", SOURCE_COLUMNS),
    )

    def base_queryset(self):
        return (
            Summit.objects.with_related()
            .prefetch_related("outcomes__parties")
            .order_by(NEWEST_START, "slug")
        )


class SummaryResponseSerializer(drf_serializers.Serializer):
    count = drf_serializers.IntegerField()
    group_by = drf_serializers.ListField(child=drf_serializers.CharField())
    defaults = drf_serializers.DictField(
        child=drf_serializers.CharField(),
        help_text="Filters applied because the request left them out: reporter=CN, "
        "period=annual, flow=total unless grouped by flow, and partner=countries (named "
        "countries, no regional totals), so that a total never adds the same trade twice.",
    )
    results = summary.SummaryRowSerializer(many=True)


@documented("trade-statistics")
class TradeStatisticViewSet(RecordViewSet):
    # Figures are addressed by number: `summary/` must never read as a figure's id.
    lookup_value_regex = KEY_PATTERN
    table = exports.TRADE_STATISTICS
    queryset = TradeStatistic.objects.all()
    serializer_class = serializers.TradeStatisticSerializer
    filterset_class = filters.TradeStatisticFilter

    def get_renderers(self):
        if self.action == "summary":
            return [renderer() for renderer in self.list_renderers]
        return super().get_renderers()

    def accepted_parameters(self):
        if self.action == "summary":  # the list's filters, and what to group by
            filters_ = set(self.filterset_class.base_filters) - {"ordering"}  # rows come by year
            return {*self.EVERY_READ_PARAMETERS, "group_by", "publication_status", *filters_}
        return super().accepted_parameters()

    @extend_schema(
        summary="Trade totals by year",
        description="Totals that never count the same trade twice: one reporter (default CN), "
        "named countries or a regional total but never both, one period and one flow (unless "
        "grouped by flow). Each row says which partners and qualifiers it covers; bounds are "
        "left out of the sum and listed. A combination that cannot be added up is a 400.",
        tags=["trade-statistics"],
        parameters=[*summary.PARAMETERS, UPDATED_SINCE, DRAFTS, FORMAT],
        responses=SummaryResponseSerializer,
    )
    @action(detail=False, url_path="summary", filter_backends=[])
    def summary(self, request):
        groups = summary.parse_group_by(request.query_params.get("group_by"))
        summary.check_combination(request.query_params, groups)
        data = request.query_params.copy()
        defaults = summary.summary_defaults(data, groups)
        data.update({key: value for key, value in defaults.items() if key != "partner"})
        filterset = self.filterset_class(data, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        cleaned = filterset.form.cleaned_data
        summary.check_partners(cleaned.get("partner") and cleaned["partner"].ids)
        window = summary.year_window(cleaned)
        figures = self.filterset_class(
            summary.widened(data, window), queryset=self.get_queryset(), request=request
        ).qs
        if "partner" in defaults:
            figures = figures.exclude(partner__in=summary.aggregate_ids())
        period = cleaned["period"][0]
        etag, last_modified = self.validators()
        if (answer := self.precondition_response(etag, last_modified)) is not None:
            return answer
        # Invalidated by any change, like the cached pages: the sums over a million figures
        # are worked out once per change to the content.
        rows = caching.remember(
            "trade-summary",
            (figures.query.sql_with_params(), groups, period, window[0]),
            lambda: summary.summarize(figures, groups, period=period, first_year=window[0]),
            request,
        )
        if request.accepted_renderer.format == "csv":
            header = (
                "year",
                "month",
                "reporter",
                "partner",
                "flow",
                "value_usd",
                "change_pct",
                "change_note",
                "figures",
                "partners",
                "qualifiers",
                "left_out",
            )
            response = exports.csv_download(
                exports.csv_pieces((summary.csv_row(row, header) for row in rows), header),
                "trade-summary.csv",
            )
        else:
            response = Response(
                {
                    "count": len(rows),
                    "group_by": groups,
                    "defaults": defaults,
                    "results": summary.SummaryRowSerializer(rows, many=True).data,
                }
            )
        return self.with_validators(response, etag, last_modified)

    def base_queryset(self):
        # Newest first; the id keeps pages stable, and no join is needed to sort.
        return TradeStatistic.objects.with_related().order_by("-year", "-month", "-id")


@documented("articles")
class ArticleViewSet(RecordViewSet):
    table = exports.ARTICLES
    queryset = Article.objects.all()
    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    lookup_field = "slug"
    values_relations = (
        Values("countries", ("iso2",)),
        Values("projects", ("slug",)),
        Values("summits", ("slug",)),
        Values("sources"),
    )

    def base_queryset(self):
        return Article.objects.with_related().order_by("-published_on", "slug")


@documented("commitments")
class CommitmentViewSet(RecordViewSet):
    table = exports.COMMITMENTS
    queryset = Commitment.objects.all()
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    lookup_field = "slug"
    values_relations = (
        Values("parties", ("iso2",)),
        Values("projects", ("slug",)),
        Values("sources"),
        Values(
            "evidence",
            ("date", "precision", "summary", "source"),
            nested=(
                Values("projects", ("slug",)),
                Values("summits", ("slug",)),
                Values("trade_statistics"),
            ),
        ),
    )

    def base_queryset(self):
        return Commitment.objects.with_related().order_by(
            F("deadline").asc(nulls_last=True), "slug"
        )

    def prepared(self, records):
        return attach_progress(super().prepared(records))
