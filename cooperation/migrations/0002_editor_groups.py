"""The Editors and Managers groups, so every database has them from its first migrate."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors may delete only rows that hang off a record and cannot orphan published content.
EDITOR_DELETABLE = {"projectpartner", "projectmilestone", "outcome", "strategy"}
BOOKKEEPING = {"seedstate"}


def create_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    cooperation = Permission.objects.using(db).filter(content_type__app_label="cooperation").exclude(
        content_type__model__in=BOOKKEEPING
    )
    editor_permissions = [
        permission
        for permission in cooperation.exclude(content_type__model__startswith="historical")
        if not permission.codename.startswith("delete_")
        or permission.content_type.model in EDITOR_DELETABLE
    ]
    editors, _ = Group.objects.using(db).get_or_create(name="Editors")
    editors.permissions.set(editor_permissions)

    manager_permissions = list(
        cooperation.exclude(content_type__model__startswith="historical")
    ) + list(
        Permission.objects.using(db).filter(
            content_type__app_label="auth", content_type__model__in=["user", "group"]
        )
    )
    managers, _ = Group.objects.using(db).get_or_create(name="Managers")
    managers.permissions.set(manager_permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name__in=["Editors", "Managers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
