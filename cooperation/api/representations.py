"""Each record's API representation, kept in the shared cache under the content version.

A list answer the page cache cannot give (a new filter, another page size, an editor, a client
with a token) still holds records that other answers showed since the content last changed:
those are taken from the cache instead of being serialized again. The records are still read
(the query counts do not change); what is saved is building their representations.
"""

import datetime
import hashlib

from django.conf import settings
from django.utils.translation import get_language
from rest_framework import serializers

from ..caching import cache_get_many, cache_set_many, content_state


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
    def to_representation(self, data):
        records = list(data.all() if hasattr(data, "all") else data)
        request = self.context.get("request")
        if not settings.PUBLIC_CACHE_SECONDS or request is None or not records:
            return super().to_representation(records)
        keys = [f"{self.key_prefix(request)}:{record.pk}" for record in records]
        found = cache_get_many(keys)
        missing = {
            key: plain(self.child.to_representation(record))
            for key, record in zip(keys, records, strict=True)
            if key not in found
        }
        if missing:
            cache_set_many(missing, settings.PUBLIC_CACHE_SECONDS)
        return [found[key] if key in found else missing[key] for key in keys]

    def key_prefix(self, request):
        """Everything a representation depends on besides the record: the content, the shape
        (its class and the fields `?fields=` kept), the language, the scheme and host its links
        carry, and the day (a deadline passes)."""
        parts = [
            content_state(request)[0],
            type(self.child).__qualname__,
            ",".join(self.child.fields),
            get_language() or "",
            request.scheme,
            request.get_host().lower(),
            datetime.date.today().isoformat(),
        ]
        digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()
        return f"record:{digest}"
