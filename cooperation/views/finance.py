"""/finance/ and /finance/<aiddata id>/: AidData's development-finance records, filterable,
mapped where an OpenStreetMap link gives a point, and downloadable."""

from ..exports import FINANCE
from ..filters import FinanceRecordFilter
from ..models import FinanceRecord
from ..selectors import finance_map_points
from .base import FilteredListView, KeptContentMixin, PublishedDetailView


class FinanceListView(FilteredListView):
    model = FinanceRecord
    filterset_class = FinanceRecordFilter
    template_name = "cooperation/finance_list.html"
    content_template_name = "cooperation/content/finance_list.html"
    table = FINANCE  # the CSV has the API's and the snapshot's columns
    row_relations = ("financiers",)
    kept_rows = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        points = (
            [] if self.errors else finance_map_points(self.object_list, self.request, self.asked)
        )
        context["map_points"] = points
        context["map_geojson_url"] = self.geojson_url("api:finance-list")
        return context


class FinanceDetailView(KeptContentMixin, PublishedDetailView):
    model = FinanceRecord
    template_name = "cooperation/finance_detail.html"
    content_template_name = "cooperation/content/finance_detail.html"
    slug_field = "aiddata_id"
    slug_url_kwarg = "aiddata_id"

    def get_queryset(self):
        return super().get_queryset().select_related("project")

    def get_content_data(self, context):
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
