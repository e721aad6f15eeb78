"""`{% keptrows %}` and `{% kept %}` (in the `tracker` library): rows and parts of a page kept
in the shared cache under the content version.

A list page the page cache cannot answer (a filter nobody asked for before, a signed-in
editor) renders twenty rows, most of its time in Django's template engine. Each row is kept
under the content version, like the API's record representations (`api/representations.py`),
so any change to the content renders them again. Given a page of `KeptRecords`
(`paging.py`), only the records whose rows the cache lacks are read at all:

    {% keptrows project in projects vary show_financed %}<tr>…</tr>{% empty %}…{% endkeptrows %}

The row is keyed by the record's primary key, the template and line of the loop, the page's
language, the day (a deadline passes) and the `vary` values. A row must depend on nothing
else of the page's context; anything it reads besides the record goes in `vary`.

`{% kept value … %}…{% endkept %}` keeps a part of a page the same way, keyed by its template
and line, the language, the day and the values named (a trade table by its flow, reporter and
view). What it shows must follow from the content and those values alone: never from the
request's address (its query string) or its reader.
"""

import datetime
import hashlib

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..caching import cache_get, cache_set, kept_each, kept_version
from ..paging import KeptRecords


class KeptRowsNode(template.Node):
    child_nodelists = ("nodelist_loop", "nodelist_empty")

    def __init__(self, name, sequence, vary, nodelist_loop, nodelist_empty):
        self.name = name
        self.sequence = sequence
        self.vary = vary
        self.nodelist_loop = nodelist_loop
        self.nodelist_empty = nodelist_empty

    def render(self, context):
        sequence = self.sequence.resolve(context, ignore_failures=True) or []
        request = context.get("request")
        if not settings.PUBLIC_CACHE_SECONDS or request is None:
            records = list(sequence)
            if not records:
                return self.nodelist_empty.render(context)
            return mark_safe("".join(self.row(context, record) for record in records))
        if isinstance(sequence, KeptRecords):  # read by key: only the missing are loaded
            pks, load = sequence.pks, sequence.load
        else:
            by_pk = {record.pk: record for record in sequence}
            pks, load = list(by_pk), lambda missing: [by_pk[pk] for pk in missing]
        if not pks:
            return self.nodelist_empty.render(context)
        prefix = self.key_prefix(context, request)
        return mark_safe("".join(kept_each(prefix, pks, load, lambda r: self.row(context, r))))

    def row(self, context, record):
        with context.push({self.name: record}):
            return str(self.nodelist_loop.render(context))

    def key_prefix(self, context, request):
        return fragment_key("row", self, context, request)


def fragment_key(kind, node, context, request):
    parts = [
        kept_version(request),
        node.origin.name,
        node.token.lineno,
        get_language() or "",
        datetime.date.today().isoformat(),
        *(repr(value.resolve(context, ignore_failures=True)) for value in node.vary),
    ]
    return f"{kind}:" + hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()


class KeptNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, vary, nodelist):
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if not settings.PUBLIC_CACHE_SECONDS or request is None:
            return self.nodelist.render(context)
        key = fragment_key("part", self, context, request)
        found = cache_get(key)
        if found is None:
            found = str(self.nodelist.render(context))
            cache_set(key, found, settings.PUBLIC_CACHE_SECONDS)
        return mark_safe(found)


def kept(parser, token):
    """{% kept [value …] %}…{% endkept %}"""
    vary = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(vary, nodelist)


def keptrows(parser, token):
    """{% keptrows item in records [vary value …] %}…[{% empty %}…]{% endkeptrows %}"""
    bits = token.split_contents()
    if len(bits) < 4 or bits[2] != "in" or (len(bits) > 4 and bits[4] != "vary"):
        raise template.TemplateSyntaxError(
            "keptrows is written {% keptrows item in records [vary value …] %}"
        )
    sequence = parser.compile_filter(bits[3])
    vary = [parser.compile_filter(bit) for bit in bits[5:]]
    nodelist_loop = parser.parse(("empty", "endkeptrows"))
    if parser.next_token().contents == "empty":
        nodelist_empty = parser.parse(("endkeptrows",))
        parser.delete_first_token()
    else:
        nodelist_empty = template.NodeList()
    return KeptRowsNode(bits[1], sequence, vary, nodelist_loop, nodelist_empty)
