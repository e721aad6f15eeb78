"""Each record's API representation, kept in the shared cache under the content version.

A list answer the page cache cannot give (a new filter, another page size, an editor, a client
with a token) still holds records that other answers showed since the content last changed.
Such a list reads its page as primary keys first (one query), takes the representations it can
from the cache, and reads and serializes only the records it cannot: with every record kept,
none is built as a model instance, and none of the relations are read.
"""

import datetime
import hashlib

from django.conf import settings
from django.utils.translation import get_language
from rest_framework import serializers

from ..caching import cache_get, cache_set, canonical_host, kept_each, kept_version


def plain(value):
    """The representation with plain strings: a hyperlink is a `str` that carries its record,
    prefetched relations and all, which the cache would store and rebuild every time."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str) and type(value) is not str:
        return str(value)
    return value


class CachedRecordList(serializers.ListSerializer):
    def keeps(self):
        return keeps(self.child)

    def to_representation(self, data):
        records = list(data.all() if hasattr(data, "all") else data)
        if not self.keeps() or not records:
            return super().to_representation(records)
        by_pk = {record.pk: record for record in records}
        return self.by_primary_key([record.pk for record in records],
                                   lambda missing: [by_pk[pk] for pk in missing])  # fmt: skip

    def by_primary_key(self, pks, load):
        """The representations of the records with these primary keys, in their order: kept
        ones from the cache, the others built from the records `load(missing keys)` reads."""
        prefix = self.key_prefix(self.context["request"])
        return kept_each(
            prefix, pks, load, lambda record: plain(self.child.to_representation(record))
        )

    def key_prefix(self, request):
        return key_prefix(self.child, request)


def keeps(serializer):
    """Whether this record serializer's representations are kept: its class says so, and the
    shared cache is on."""
    meta = getattr(serializer, "Meta", None)
    kept = getattr(meta, "list_serializer_class", None) is CachedRecordList
    request = serializer.context.get("request")
    # Links carry the host as sent: only the site's own names, as written, share them.
    return bool(kept and settings.PUBLIC_CACHE_SECONDS and request and canonical_host(request))


def key_prefix(serializer, request):
    """Everything a record's representation depends on besides the record: the content, the
    shape (the class and the fields `?fields=` kept), the language, the scheme and host its
    links carry, and the day (a deadline passes). A list and a record's own address share it."""
    parts = [
        kept_version(request),
        type(serializer).__qualname__,
        shape(serializer),
        get_language() or "",
        request.scheme,
        request.get_host().lower(),
        datetime.date.today().isoformat(),
    ]
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()
    return f"record:{digest}"


def shape(serializer):
    """The fields kept, where `?fields=` chose them (which builds the fields); otherwise all of
    the class's, named without building them, which costs a list's worth of time."""
    chosen = serializer.__dict__.get("fields")  # DRF's cached_property, once built
    return "*" if chosen is None else ",".join(chosen)


def kept_record(serializer, request, pk, build):
    """The kept representation of the record with this primary key, or `build()`'s, kept."""
    key = f"{key_prefix(serializer, request)}:{pk}"
    found = cache_get(key)
    if found is None:
        found = plain(build())
        cache_set(key, found, settings.PUBLIC_CACHE_SECONDS)
    return found
