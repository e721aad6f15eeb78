"""Page-number pagination with count, next, previous, results and the page size used."""

import re

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from .. import caching
from ..paging import TwoEndedPaginator

MAX_PAGE_SIZE = 500
# A primary key, in an address or a cursor: digits, few enough for a 64-bit integer.
KEY_PATTERN = "[0-9]{1,18}"
KEY = re.compile(KEY_PATTERN)


class TrackerPagination(PageNumberPagination):
    django_paginator_class = TwoEndedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({"page_size": [_("Enter a whole number.")]}) from None
        if size < 1 or size > self.max_page_size:
            raise ValidationError(
                {
                    "page_size": [
                        _("Give a page size from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def walking(self, request):
        params = request.query_params
        return "cursor" in params or "paging" in params

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.walk = None
        if self.walking(request):
            return self.walk_queryset(queryset, request, view)
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size, request=request)
        raw = request.query_params.get(self.page_query_param, 1)
        try:
            number = int(raw)
            self.page = paginator.page(number)
        except (ValueError, InvalidPage):
            raise ValidationError(
                {
                    "page": [
                        _("There is no page “%(page)s”; pages run from 1 to %(count)s.")
                        % {"page": raw, "count": paginator.num_pages}
                    ]
                }
            ) from None
        self.page_size_used = page_size
        return list(self.page)

    def walk_queryset(self, queryset, request, view):
        """`?paging=cursor`: pages in the order records were created, each `next` a cursor
        (the last id seen), so a walk through a whole resource neither skips nor repeats a
        record while others are added or deleted."""
        if request.query_params.get("paging", "cursor") != "cursor":
            raise ValidationError({"paging": [_("Choose cursor, or leave it out.")]})
        if "ordering" in request.query_params:
            raise ValidationError(
                {"ordering": [_("Cursor paging walks in the order records were created.")]}
            )
        self.walk = WalkPagination()
        self.walk.page_size = self.page_size_used = self.get_page_size(request)
        self.walk_count = caching.count(queryset, request)
        return self.walk.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.walk is not None:
            return Response(
                {
                    "count": self.walk_count,
                    "next": self.walk.get_next_link(),
                    "previous": self.walk.get_previous_link(),
                    "page_size": self.page_size_used,
                    "results": data,
                }
            )
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "page_size": self.page_size_used,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["page_size"] = {"type": "integer", "example": 50}
        response["required"] = ["count", "next", "previous", "page_size", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": "paging",
                "required": False,
                "in": "query",
                "description": "`cursor` walks the whole list in the order records were "
                "created, stable while records are added or deleted; follow `next`.",
                "schema": {"type": "string", "enum": ["cursor"]},
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Where a cursor walk goes on (from `next`).",
                "schema": {"type": "string"},
            },
        ]


class WalkPagination(CursorPagination):
    ordering = ("pk",)
    page_size_query_param = None

    def decode_cursor(self, request):
        """A cursor this API did not write is a 400 that names it, as a bad page is: DRF answers
        one it cannot decode with a 404, and filters by a position that is not a key (a 500)."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = False
        position = getattr(cursor, "position", None)
        if cursor is False or (position is not None and not KEY.fullmatch(position)):
            raise ValidationError(
                {"cursor": [_("This is not a cursor from this API: start again without it and "
                              "follow “next”.")]}
            )  # fmt: skip
        return cursor
