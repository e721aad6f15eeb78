"""Managers see failed sign-ins and lockouts in the admin (django-axes), and may lift a lockout
by deleting its attempt record."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "view_accessattempt",
    "delete_accessattempt",
    "view_accesslog",
    "view_accessfailurelog",
]


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers, _ = Group.objects.using(db).get_or_create(name="Managers")
    managers.permissions.add(
        *Permission.objects.using(db).filter(content_type__app_label="axes", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers = Group.objects.using(db).filter(name="Managers").first()
    if managers is not None:
        managers.permissions.remove(
            *Permission.objects.using(db).filter(content_type__app_label="axes", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0012_correction_form_tokens"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
