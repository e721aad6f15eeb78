"""Editors and managers work on commitments and their evidence; PostgreSQL search indexes for
commitments, as for the other searchable records (0004)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = [
    "add_commitment",
    "change_commitment",
    "view_commitment",
    "add_evidence",
    "change_evidence",
    "view_evidence",
    "delete_evidence",
]


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(db).filter(
        content_type__app_label="cooperation",
        content_type__model__in=["commitment", "evidence"],
    )
    editors, _ = Group.objects.using(db).get_or_create(name="Editors")
    editors.permissions.add(*permissions.filter(codename__in=EDITOR_CODENAMES))
    managers, _ = Group.objects.using(db).get_or_create(name="Managers")
    managers.permissions.add(*permissions)


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS commitment_search_fts ON cooperation_commitment USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS commitment_search_trgm ON cooperation_commitment USING gin "
        "(UPPER(search_document::text) gin_trgm_ops)"
    )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS commitment_search_fts")
    schema_editor.execute("DROP INDEX IF EXISTS commitment_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0006_commitments")]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
