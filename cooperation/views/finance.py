"""/finance/ and /finance/<aiddata id>/: AidData's development-finance records, filterable,
mapped where an OpenStreetMap link gives a point, and downloadable."""

from django.urls import reverse
from django.utils.translation import get_language

from .. import caching
from ..exports import FINANCE
from ..filters import FinanceRecordFilter
from ..models import Country, FinanceInstrument, FinanceRecord
from ..selectors import MAP_POINT_LIMIT, MapPoints
from .base import FilteredListView, PublishedDetailView


def finance_map_points(records, request=None):
    """The records with a point, in the list's order, up to MAP_POINT_LIMIT, as plain rows."""
    pick = {"zh-hans": 1, "ru": 2}.get(get_language() or "en", 0)
    labels = {value: str(label) for value, label in FinanceInstrument.choices}
    url = reverse("finance-detail", kwargs={"aiddata_id": 0}).replace("/0/", "/__id__/")
    located = records.with_point().select_related(None).prefetch_related(None)
    rows = list(
        located.values_list(
            "aiddata_id",
            "aiddata_title",
            "title_en",
            "title_zh_hans",
            "title_ru",
            "instrument",
            "latitude",
            "longitude",
        )[: MAP_POINT_LIMIT + 1]
    )
    total = caching.count(located, request) if len(rows) > MAP_POINT_LIMIT else len(rows)
    return MapPoints(
        [
            {
                "title": titles[pick] or titles[0] or original,
                "url": url.replace("__id__", str(aiddata_id)),
                "status": labels.get(instrument, ""),
                "lat": float(latitude),
                "lng": float(longitude),
            }
            for aiddata_id, original, *titles, instrument, latitude, longitude in rows[
                :MAP_POINT_LIMIT
            ]
        ],
        total,
        Country.objects.map_labels() if rows else [],
    )


class FinanceListView(FilteredListView):
    model = FinanceRecord
    filterset_class = FinanceRecordFilter
    template_name = "cooperation/finance_list.html"
    table = FINANCE  # the CSV has the API's and the snapshot's columns
    row_relations = ("financiers",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        points = [] if self.errors else finance_map_points(self.object_list, self.request)
        context["map_points"] = points
        filters = self.request.GET.copy()
        for name in ("page", "format", "ordering"):
            filters.pop(name, None)
        filters["format"] = "geojson"
        context["map_geojson_url"] = f"{reverse('api:finance-list')}?{filters.urlencode()}"
        return context


class FinanceDetailView(PublishedDetailView):
    model = FinanceRecord
    template_name = "cooperation/finance_detail.html"
    slug_field = "aiddata_id"
    slug_url_kwarg = "aiddata_id"

    def get_queryset(self):
        return super().get_queryset().select_related("project")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context["linked"] = list(
            record.linked_records.published().select_related("recipient").order_by("aiddata_id")
        )
        context["map_points"] = (
            [
                {
                    "title": record.display_title,
                    "url": record.get_absolute_url(),
                    "status": record.get_instrument_display(),
                    "lat": float(record.latitude),
                    "lng": float(record.longitude),
                }
            ]
            if record.has_point
            else []
        )
        return context
