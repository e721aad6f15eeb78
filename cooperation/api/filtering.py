"""The API's filter backend: the shared FilterSets, with `status=draft` read as a publication
status. Kept apart from the views, since DRF imports it while it loads its own views."""

from django_filters.rest_framework import DjangoFilterBackend

from ..models import PublicationStatus

DRAFT_VALUES = {"draft": [PublicationStatus.DRAFT], "all": list(PublicationStatus.values)}


class TrackerFilterBackend(DjangoFilterBackend):
    """The shared FilterSets; a repeated `ordering` is one ordering by each key in turn;
    `status=draft|all|published` means the publication status, which
    `RecordViewSet` handles, so it is not a filter on a record's own `status` field."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        orderings = kwargs["data"].getlist("ordering")
        if len(orderings) > 1:
            # `?ordering=status&ordering=-start` (what generated clients send for a list) means
            # `?ordering=status,-start`, not the last one alone.
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["ordering"] = ",".join(orderings)
        if kwargs["data"].get("status") in (*DRAFT_VALUES, PublicationStatus.PUBLISHED):
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"].pop("status")
        return kwargs
