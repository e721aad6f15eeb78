"""/api/v1/finance/: AidData's development-finance records, their GeoJSON points, and totals by
country, financier, instrument, sector or year.

Totals add constant-2021-USD amounts only. Nominal amounts are in many currencies and are never
summed; each total says how many of its records have no constant-USD amount.
"""

import json

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import exports, filters
from ..finance_totals import GROUPS, summarize
from ..models import (
    AIDDATA_ATTRIBUTION,
    AIDDATA_LICENSE,
    OSM_ATTRIBUTION,
    FinanceInstrument,
    FinanceRecord,
    FinanceStatus,
    PointDerivation,
)
from .base import CSV_CHUNK, RecordViewSet
from .fields import CodeField, HtmlUrlField, IdField, ModelSerializer, PartialDateField
from .pagination import KEY_PATTERN
from .relations import Values
from .representations import CachedRecordList
from .views import DRAFTS, UPDATED_SINCE, GeoJSONRenderer, documented


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the source may not state: null rather than an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class NominalAmountSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=18, decimal_places=2, source="amount")
    currency = serializers.CharField()


# Built once, not per row (see serializers.INVESTMENT_SHAPE).
NOMINAL_AMOUNT_SHAPE = NominalAmountSerializer()


class FinanceRecordSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:finance-detail")
    html_url = HtmlUrlField()
    title = serializers.CharField(
        source="display_title",
        help_text="A title of the tracker's in the reader's language, else AidData's original.",
    )
    title_is_original = serializers.BooleanField(
        source="shows_original_title", help_text="True when `title` is AidData's English title."
    )
    original_title = serializers.CharField(source="aiddata_title")
    financiers = CodeField(slug_field="slug", many=True, read_only=True)
    recipient = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    borrower = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    instrument = BlankAsNullChoiceField(
        choices=FinanceInstrument.choices, help_text="null when the source does not say."
    )
    point_derivation = BlankAsNullChoiceField(
        choices=PointDerivation.choices, help_text="null for a record without a point."
    )
    amount = serializers.SerializerMethodField(
        help_text="The nominal amount as stated, in its currency; null when unknown."
    )
    amount_usd_constant_2021 = serializers.DecimalField(
        max_digits=26,
        decimal_places=2,
        allow_null=True,
        help_text="AidData's amount in constant 2021 US dollars; never add it to nominal amounts.",
    )
    committed_on = PartialDateField("committed_on", "committed_precision", allow_null=True)
    started_on = PartialDateField("started_on", "started_precision", allow_null=True)
    completed_on = PartialDateField("completed_on", "completed_precision", allow_null=True)
    sources = IdField(many=True, read_only=True)
    aiddata_url = serializers.URLField(read_only=True)
    attribution = serializers.SerializerMethodField()
    license = serializers.SerializerMethodField()

    class Meta:
        model = FinanceRecord
        list_serializer_class = CachedRecordList
        fields = [
            "id",
            "aiddata_id",
            "aiddata_url",
            "title",
            "title_is_original",
            "original_title",
            "financiers",
            "recipient",
            "borrower",
            "instrument",
            "amount",
            "amount_usd_constant_2021",
            "parsed_from_title",
            "not_parsed",
            "committed_on",
            "started_on",
            "completed_on",
            "status",
            "sector",
            "aiddata_sector",
            "infrastructure",
            "project",
            "linked_aiddata_ids",
            "latitude",
            "longitude",
            "point_derivation",
            "point_zoom",
            "location_precision",
            "osm_links",
            "sources",
            "attribution",
            "license",
            "url",
            "html_url",
            "updated_at",
            "facts_updated_on",
        ]
        read_only_fields = fields

    @extend_schema_field(NominalAmountSerializer(allow_null=True))
    def get_amount(self, record):
        if record.amount is None:
            return None
        return NOMINAL_AMOUNT_SHAPE.to_representation(record)

    def get_attribution(self, record) -> str:
        return exports.finance_attribution(record)

    def get_license(self, record) -> str:
        return AIDDATA_LICENSE["name"]


class FinanceSummaryRowSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True,
        help_text="The group: an ISO code, an organization or sector slug, an instrument or a "
        "year; null for records that name none.",
    )
    amount_usd_constant_2021 = serializers.DecimalField(max_digits=26, decimal_places=2)
    records = serializers.IntegerField()
    records_without_amount = serializers.IntegerField(
        help_text="Records in the group with no constant-USD amount: the total leaves them out."
    )


class FinanceSummarySerializer(serializers.Serializer):
    group_by = serializers.CharField()
    count = serializers.IntegerField()
    attribution = serializers.CharField()
    license = serializers.CharField()
    note = serializers.CharField()
    results = FinanceSummaryRowSerializer(many=True)


FINANCE_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv", "geojson"],
    description="`csv` streams every filtered row; `geojson` is a FeatureCollection of the "
    "filtered records that have a point (from an OpenStreetMap link).",
)


# The list's filters, which the summary takes too.
SUMMARY_FILTERS = [
    OpenApiParameter(
        name,
        int if name.startswith("year") else str,
        description=description + ("" if name.startswith("year") else "; comma-separated"),
    )
    for name, description in [
        ("country", "Recipient countries, ISO codes"),
        ("financier", "Financiers, organization slugs"),
        ("instrument", "Instruments: " + ", ".join(FinanceInstrument.values)),
        ("sector", "Tracker sectors, slugs"),
        ("status", "Statuses: " + ", ".join(FinanceStatus.values)),
        ("year_min", "Committed in or after this year"),
        ("year_max", "Committed in or before this year"),
        ("project", "Projects, slugs"),
    ]
] + [
    OpenApiParameter("search", str, description="Words in the title or AidData's original title."),
    UPDATED_SINCE,
]


@documented("finance", list_parameters=(FINANCE_FORMAT,))
class FinanceRecordViewSet(RecordViewSet):
    """Read-only: editors change finance records in the admin or by re-importing AidData."""

    http_method_names = ["get", "head", "options"]
    lookup_value_regex = KEY_PATTERN
    table = exports.FINANCE
    queryset = FinanceRecord.objects.all()
    serializer_class = FinanceRecordSerializer
    filterset_class = filters.FinanceRecordFilter
    values_relations = (Values("financiers", ("slug",)), Values("sources"))

    def get_renderers(self):
        found = super().get_renderers()
        if self.action == "summary":
            return [renderer() for renderer in self.list_renderers]
        return [*found, GeoJSONRenderer()] if self.action == "list" else found

    def base_queryset(self):
        return FinanceRecord.objects.with_related().order_by("-committed_on", "aiddata_id")

    def accepted_parameters(self):
        if self.action == "summary":  # the list's filters, and what to group by
            filters_ = set(self.filterset_class.base_filters) - {"ordering"}  # rows come by key
            return {*self.EVERY_READ_PARAMETERS, "group_by", "publication_status", *filters_}
        return super().accepted_parameters()

    def special_format_response(self, request, queryset):
        if request.accepted_renderer.format == "geojson":
            return geojson_response(request, queryset)
        return super().special_format_response(request, queryset)

    @extend_schema(
        summary="Finance totals in constant 2021 USD",
        tags=["finance"],
        parameters=[
            OpenApiParameter(
                "group_by",
                str,
                enum=GROUPS,
                required=True,
                description="Group by one of: " + ", ".join(GROUPS) + ". A record with several "
                "financiers counts under each, so financier totals must not be added up.",
            ),
            *SUMMARY_FILTERS,
            DRAFTS,
            OpenApiParameter("format", str, enum=["json", "csv"]),
        ],
        responses=FinanceSummarySerializer,
    )
    @action(detail=False, url_path="summary", filter_backends=[])
    def summary(self, request):
        group = request.query_params.get("group_by", "")
        if group not in GROUPS:
            raise ValidationError(
                {"group_by": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(GROUPS)}]}
            )
        params = request.query_params.copy()
        params.pop("group_by")
        filterset = self.filterset_class(params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        etag, last_modified = self.validators()
        if (answer := self.precondition_response(etag, last_modified)) is not None:
            return answer
        rows = summarize(filterset.qs, group)
        if request.accepted_renderer.format == "csv":
            header = ("key", "amount_usd_constant_2021", "records", "records_without_amount")
            response = exports.csv_download(
                exports.csv_pieces(([row[c] for c in header] for row in rows), header),
                f"finance-by-{group}.csv",
            )
        else:
            response = Response(
                {
                    "group_by": group,
                    "count": len(rows),
                    "attribution": AIDDATA_ATTRIBUTION,
                    "license": AIDDATA_LICENSE["name"],
                    "note": "Totals add constant 2021 USD amounts only; nominal amounts are "
                    "never summed.",
                    "results": FinanceSummaryRowSerializer(rows, many=True).data,
                }
            )
        return self.with_validators(response, etag, last_modified)


def geojson_response(request, records):
    """A FeatureCollection of every filtered record with a point, streamed."""

    def feature(record):
        return json.dumps(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(record.longitude), float(record.latitude)],
                },
                "properties": {
                    "id": record.id,
                    "aiddata_id": record.aiddata_id,
                    "title": record.display_title,
                    "recipient": record.recipient.iso2,
                    "instrument": record.instrument or None,
                    "amount_usd_constant_2021": (
                        None
                        if record.amount_usd_constant_2021 is None
                        else float(record.amount_usd_constant_2021)
                    ),
                    "point_derivation": record.point_derivation,
                    "point_zoom": record.point_zoom,
                    "aiddata_url": record.aiddata_url,
                    "html_url": request.build_absolute_uri(record.get_absolute_url()),
                },
            },
            ensure_ascii=False,
        )

    def chunks():
        attribution = json.dumps(f"{AIDDATA_ATTRIBUTION} Points: {OSM_ATTRIBUTION}")
        yield f'{{"type": "FeatureCollection", "attribution": {attribution}, "features": ['
        located = records.with_point().iterator(CSV_CHUNK)
        for index, record in enumerate(located):
            yield ("," if index else "") + feature(record)
        yield "]}"

    return StreamingHttpResponse(chunks(), content_type="application/geo+json")
