"""The relations an API list shows, read for a page of records as values.

Prefetching builds a model instance for every related record a page shows (a project's
countries, partners and their organizations, sources, summits: about 250 for twenty projects),
and each instance costs what building a wide translated record costs: most of a list's uncached
time went there. What a list shows of them is a code, a slug or a few columns, so each relation
is read instead as one `values()` query of those columns, from the queryset the records' own
prefetch of it names (its filter, published summits only, and its ordering are said once, in the
model's `with_related()`), else from all of the related model's records; modeltranslation still
picks each translated column's language and falls back as it does for an instance. Each record
is given plain rows the serializer's fields read as they would read the records (`ReadAhead`).
The representation is the same to the byte (`tests/api/test_read_as_values.py`).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from rest_framework import serializers

# Where a record keeps the rows read for it: {relation: [row, …]}.
READ = "_read_as_values"


@dataclass(frozen=True)
class Values:
    """A relation of the records (a many-to-many field or the reverse of a foreign key) read as
    rows of `columns`; `linked` reads a foreign key of each row as a row of its own columns (a
    translated name is read on its own model, where its language is picked); `nested` reads
    relations of the rows in turn (a summit's outcome documents' parties)."""

    relation: str
    columns: tuple[str, ...] = ()
    linked: dict = field(default_factory=dict)
    nested: tuple = ()

    def read(self, records, model=None, sources=()):
        """Read for `records` from the queryset of the prefetch this replaces (the related
        records that may be shown), or from all of them where none names it; `sources` are the
        querysets that could, each with the path it would name this relation by."""
        base = prefetched(sources)
        model = model or type(records[0])
        relation = model._meta.get_field(self.relation)
        # From the related records back to these: the reverse of a foreign key or of a
        # many-to-many field names its field; a many-to-many field, its query name.
        back = relation.field.name if relation.auto_created else relation.related_query_name()
        related = relation.related_model
        queryset = related._default_manager.all() if base is None else base
        pks = [record.pk for record in records]
        # values() after filter() joins the relation once: each row names its record.
        rows = list(
            queryset.prefetch_related(None)
            .filter(**{f"{back}__in": pks})
            .values("pk", *self.columns, back)
        )
        for name in self.columns:
            # A foreign key not read as a row of its own is shown by its key alone.
            if name not in self.linked and related._meta.get_field(name).many_to_one:
                for row in rows:
                    row[name] = None if row[name] is None else SimpleNamespace(pk=row[name])
        for name, columns in self.linked.items():
            target = related._meta.get_field(name).related_model
            ids = {row[name] for row in rows if row[name] is not None}
            found = {
                values["pk"]: SimpleNamespace(**values)
                for values in target._default_manager.filter(pk__in=ids).values("pk", *columns)
            }
            for row in rows:
                row[name] = found.get(row[name])
        grouped = {pk: [] for pk in pks}
        for row in rows:
            grouped[row.pop(back)].append(SimpleNamespace(**row))
        read = [row for group in grouped.values() for row in group]
        for inner in self.nested:
            if read:
                within = [(queryset, inner.relation)]
                above = [(source, f"{path}__{inner.relation}") for source, path in sources]
                inner.read(read, model=related, sources=within + above)
        for record in records:
            record.__dict__.setdefault(READ, {})[self.relation] = grouped[record.pk]


def prefetched(sources):
    """The queryset the first prefetch of `sources` ((queryset, path), …) reads from, or
    None: a relation's own lookup (`Prefetch("summits", queryset=…)`), or its parent's
    (`Prefetch("evidence__projects", queryset=…)` for the evidence's projects)."""
    for queryset, path in sources:
        for lookup in queryset._prefetch_related_lookups:
            if getattr(lookup, "prefetch_through", None) == path and lookup.queryset is not None:
                return lookup.queryset
    return None


def read_as_values(records, relations, source):
    """Each of `relations` read for these records (one query each, and one per `linked`), each
    from what the queryset `source`, the records' own, prefetches it from."""
    records = list(records)
    if records:
        for relation in relations:
            relation.read(records, sources=[(source, relation.relation)])
    return records


class ReadAhead:
    """A field showing a relation reads the rows `read_as_values` gave its record, where it gave
    them; otherwise the relation, as usual (a record read on its own, or saved)."""

    def get_attribute(self, instance):
        rows = getattr(instance, "__dict__", {}).get(READ, {}).get(self.source)
        return rows if rows is not None else super().get_attribute(instance)


class ReadAheadList(ReadAhead, serializers.ListSerializer):
    """The list of a nested shape (a project's partners, a record's sources)."""
