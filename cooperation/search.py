"""One search box across projects, summits, articles, countries and organizations.

On PostgreSQL: full-text search with ranking over each record's generated search document (a
GIN index serves it), or-ed with a trigram-indexed substring match so that words without spaces
(Chinese) are found too. On SQLite: every word must appear in the search document.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, Value

from . import caching
from .kinds import PUBLIC_KINDS, plural
from .models import Country, CountryRole, Organization, Outcome

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 20

SEARCH_CONFIG = "simple"  # no stemming: the documents mix English, Chinese and Russian


def document_vector():
    return SearchVector("search_document", config=SEARCH_CONFIG)


def search_kinds():
    """(key, label, queryset) for every kind of record the search covers."""
    return [
        *(
            (plural(model), model._meta.verbose_name_plural, model.objects.published())
            for model in PUBLIC_KINDS
        ),
        ("documents", Outcome._meta.verbose_name_plural, Outcome.objects.published()),
        (
            "countries",
            Country._meta.verbose_name_plural,
            Country.objects.exclude(role=CountryRole.OTHER),
        ),
        (
            "organizations",
            Organization._meta.verbose_name_plural,
            Organization.objects.public().select_related("country"),
        ),
    ]


def clean_query(text):
    """Words separated by single spaces, without control characters, at most 200 characters."""
    printable = "".join(ch for ch in str(text or "") if ch.isprintable() or ch.isspace())
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


# Names written several ways in English: a search for one finds the others.
SPELLINGS = [
    ("khorgos", "horgos", "khorgas", "horgas", "korgas", "qorgas"),
    ("kazakhstan", "kazakstan", "qazaqstan"),
    ("kyrgyzstan", "kirgizstan", "kirghizia", "kirgizia"),
    ("tashkent", "toshkent"),
    ("almaty", "alma-ata", "alma ata"),
    ("astana", "nur-sultan", "nursultan"),
    ("urumqi", "urumchi", "ürümqi"),
    ("kashgar", "kashi"),
]
APOSTROPHES = "'’ʼ"


def spellings(word):
    """The ways a word may be written in the records: itself, with or without an apostrophe
    or hyphen inside ("Xian" finds "Xi'an"), and the names listed in SPELLINGS."""
    lower = word.lower()
    bare = "".join(ch for ch in lower if ch not in APOSTROPHES + "-")
    # The word as typed too: SQLite's LIKE folds the case of ASCII letters only ("Казахстан").
    found = {word, lower, bare}
    if bare.isascii() and bare.isalpha() and 3 <= len(bare) <= 20:
        for i in range(2, len(bare) - 1):
            found.update(f"{bare[:i]}{mark}{bare[i:]}" for mark in APOSTROPHES[:2] + "-")
    for group in SPELLINGS:
        if bare in group or lower in group:
            found.update(group)
    return found


def forgiving_match(words):
    """Every word found in one of its spellings."""
    match = Q()
    for word in words:
        either = Q()
        for spelling in spellings(word):
            either |= Q(search_document__folded_contains=spelling)
        match &= either
    return match


def search_queryset(queryset, query):
    """The records matching the query, best first."""
    words = query.split()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        matches = Q(search_document__folded_contains=query) | forgiving_match(words)
        return (
            queryset.alias(document=document_vector())
            .filter(Q(document=search_query) | matches)
            .annotate(rank=SearchRank(document_vector(), search_query))
            .order_by(F("rank").desc(nulls_last=True), "pk")
        )
    return queryset.filter(forgiving_match(words)).annotate(rank=Value(0.0)).order_by("pk")


def search_everything(query, request=None):
    """[(key, label, results, total)] for each kind, at most RESULTS_PER_KIND results each,
    worked out once per change to the content for the same words: ranking every match is most
    of a search's cost."""
    grouped = []
    for key, label, queryset in search_kinds():
        matches = search_queryset(queryset, query)

        def best(matches=matches):
            return list(matches[:RESULTS_PER_KIND]), matches.count()

        results, total = caching.remember("search", (key, query), best, request)
        grouped.append((key, label, results, total))
    return grouped
