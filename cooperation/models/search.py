"""The text a record is found by: every language of its searchable fields, kept by the database
itself in a generated column, so no write path (admin, import, API, bulk update) can forget it."""

from django.db import models
from django.db.models.functions import Coalesce

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
