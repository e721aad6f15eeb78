"""/api/v1/deletions/: what was deleted from the published records, and when, for clients that
sync with `updated_since` (a deleted record never shows up there)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from ..filters import UTCDateTimeFilter
from ..models import Deletion
from ..models.deletions import RESOURCES
from .base import refuse_unknown_parameters, use_asked_language
from .fields import ModelSerializer
from .schema import JSON_ONLY


class DeletionSerializer(ModelSerializer):
    id = serializers.CharField(source="record_id", help_text="The record's id.")

    class Meta:
        model = Deletion
        fields = ["resource", "id", "slug", "deleted_at"]


class DeletionFilter(django_filters.FilterSet):
    since = UTCDateTimeFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        label=_("Deleted since"),
        help_text=_("ISO 8601 date and time, e.g. 2025-06-01T00:00:00Z."),
    )
    resource = django_filters.MultipleChoiceFilter(
        choices=sorted((name, name) for name, _field in RESOURCES.values())
    )

    class Meta:
        model = Deletion
        fields = []


class DeletionListView(generics.ListAPIView):
    """Deleted records, oldest first: keep the time of your last sync and ask for `since`."""

    permission_classes = []
    queryset = Deletion.objects.order_by("deleted_at", "id")
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilter

    @extend_schema(summary="Deleted records", tags=["deletions"], parameters=[JSON_ONLY])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def accepted_parameters(self):
        return {"since", "resource", "page", "page_size", "paging", "cursor", "format", "lang", "_"}

    def initial(self, request, *args, **kwargs):
        use_asked_language(request)
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request, self.accepted_parameters())
