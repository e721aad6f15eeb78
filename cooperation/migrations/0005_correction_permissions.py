"""Editors review correction reports; managers may also delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reports = Permission.objects.using(db).filter(
        content_type__app_label="cooperation", content_type__model="correctionreport"
    )
    editors, _ = Group.objects.using(db).get_or_create(name="Editors")
    editors.permissions.add(*reports.filter(codename__in=["view_correctionreport", "change_correctionreport"]))
    managers, _ = Group.objects.using(db).get_or_create(name="Managers")
    managers.permissions.add(*reports)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0004_search_indexes")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
