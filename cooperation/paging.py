"""Page-number paging that stays fast on the last page of a million rows.

A page is an OFFSET, and the database walks past every skipped row: page 1,300 of a filtered
list reads 26,000 rows to return 20. Pages past the middle are read from the other end instead,
in reversed order, so the last page costs what the first does and no page costs more than half
the list. Reading from both ends gives the same rows only if the order is total, so every paged
list is ordered by its primary key last.

Counting a filtered list of tens of thousands of rows costs more than reading its page, and
every page of it needs the same count: counts are kept in the shared cache under the content
version, like the pages themselves, so any change to the content makes them count again.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from . import caching

PRIMARY_KEY_TERMS = {"pk", "-pk", "id", "-id"}


def totally_ordered(queryset):
    """The queryset in its own order, ties broken by primary key."""
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    if any(term in PRIMARY_KEY_TERMS for term in ordering if isinstance(term, str)):
        return queryset
    return queryset.order_by(*ordering, "pk")


class TwoEndedPaginator(Paginator):
    def __init__(self, object_list, *args, request=None, **kwargs):
        if hasattr(object_list, "query"):
            object_list = totally_ordered(object_list)
        super().__init__(object_list, *args, **kwargs)
        self.request = request

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):
            return super().count
        return caching.count(self.object_list, self.request)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count // 2 or not hasattr(self.object_list, "query"):
            return self._get_page(self.object_list[bottom:top], number, self)
        from_the_end = self.object_list.reverse()[self.count - top : self.count - bottom]
        return self._get_page(list(from_the_end)[::-1], number, self)


class KeptRecords:
    """A page of records known first by their primary keys, for a template that renders its
    rows with `{% keptrows %}`: the tag asks `load()` only for the records whose rows the
    shared cache lacks. Anything else that reads the page gets every record, read once."""

    def __init__(self, pks, load):
        self.pks = list(pks)
        self.load = load  # load(pks) -> those records, in any order
        self._records = None

    def records(self):
        if self._records is None:
            by_pk = {record.pk: record for record in self.load(self.pks)} if self.pks else {}
            self._records = [by_pk[pk] for pk in self.pks if pk in by_pk]
        return self._records

    def __len__(self):
        return len(self.pks)

    def __iter__(self):
        return iter(self.records())

    def __getitem__(self, index):
        return self.records()[index]


def first_by_key(queryset, limit):
    """The first `limit` records, for rows rendered with `{% keptrows %}`: read by primary key
    where the shared cache keeps rows (only the records whose rows it lacks are then read),
    otherwise as they are."""
    if not settings.PUBLIC_CACHE_SECONDS:
        return queryset[:limit]
    keys = caching.keys_of(queryset)[:limit]
    return KeptRecords(keys, lambda pks: queryset.filter(pk__in=pks).order_by())
