"""The text a record is found by: every language of its searchable fields, kept by the database
itself in a generated column, so no write path (admin, import, API, bulk update) can forget it."""

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models.functions import Coalesce
from django.db.models.lookups import IContains

LANGUAGE_SUFFIXES = ("en", "zh_hans", "ru")


class JoinedText(models.Func):
    """`(COALESCE(a, '') || ' ' || COALESCE(b, '') ...)`: flat, so SQLite's parser copes with
    many fields (Concat nests one level per field), and immutable, as PostgreSQL requires of a
    generated column."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()


def search_document(*fields):
    columns = [f"{field}_{suffix}" for field in fields for suffix in LANGUAGE_SUFFIXES]
    return models.GeneratedField(
        expression=JoinedText(
            *(Coalesce(models.F(column), models.Value("")) for column in columns)
        ),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )


class FoldedContains(IContains):
    """`__folded_contains`: a case-insensitive substring match in every script. PostgreSQL's
    `UPPER() LIKE UPPER()` (icontains) folds Cyrillic as it folds Latin; SQLite's LIKE folds
    ASCII letters only, so there both sides are case-folded by Python first (`жанатас` finds
    «Жанатас» on both databases)."""

    lookup_name = "folded_contains"

    def as_sql(self, compiler, connection):
        # Django names the operator and the column's cast after lookup_name: icontains's.
        return IContains(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        rhs_params = [p.casefold() if isinstance(p, str) else p for p in rhs_params]
        return f"tracker_casefold({lhs}) LIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]


def casefold(value):
    return value.casefold() if isinstance(value, str) else value


def add_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("tracker_casefold", 1, casefold, deterministic=True)


models.TextField.register_lookup(FoldedContains)
models.CharField.register_lookup(FoldedContains)
connection_created.connect(add_sqlite_functions, dispatch_uid="tracker-sqlite-casefold")
