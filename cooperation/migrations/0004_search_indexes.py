"""PostgreSQL indexes for /search/: full-text (GIN over the generated search document, the same
expression the query uses) and trigram (for substring matches such as Chinese words).
Other databases search without them."""

from django.db import migrations

TABLES = ["project", "summit", "article", "country", "organization"]


def statements(table):
    name = f"cooperation_{table}"
    return [
        f"CREATE INDEX IF NOT EXISTS {table}_search_fts ON {name} USING gin "
        f"(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))",
        f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {name} USING gin "
        f"(UPPER(search_document::text) gin_trgm_ops)",
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        for sql in statements(table):
            schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_fts")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0003_public_pages")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
