"""Recently deleted records, each with a link to its history, where it can be restored."""

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

PER_MODEL = 50


def label_with_parent(model, record):
    """A row that belonged to a record says which: "China Power International — Investor
    (project: Samarkand 200 MW solar plant)"."""
    label = str(record.instance)
    for field in model._meta.get_fields():
        if not (field.many_to_one and field.remote_field.on_delete is models.CASCADE):
            continue
        parent_id = getattr(record, field.attname, None)
        parent = field.related_model._default_manager.filter(pk=parent_id).first()
        if parent is None and getattr(field.related_model, "history", None) is not None:
            last = field.related_model.history.filter(id=parent_id).first()
            parent = last.instance if last else None
        if parent is not None:
            label += f" ({field.verbose_name}: {parent})"
    return label


def deleted_records(user):
    """The latest deletions of every model the user may change, newest first."""
    found = []
    for model in apps.get_app_config("cooperation").get_models():
        history = getattr(model, "history", None)
        if history is None or model not in admin.site._registry:
            continue
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            continue
        records = (
            history.filter(history_type="-")
            .exclude(id__in=model._default_manager.values("id"))
            .select_related("history_user")
            .order_by("-history_date")[:PER_MODEL]
        )
        for record in records:
            found.append(
                {
                    "kind": opts.verbose_name,
                    "label": label_with_parent(model, record),
                    "deleted_at": record.history_date,
                    "deleted_by": record.history_user,
                    "history_url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_history",
                        args=[record.id],
                    ),
                }
            )
    return sorted(found, key=lambda row: row["deleted_at"], reverse=True)


def deleted_records_view(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Recently deleted records"),
        "records": deleted_records(request.user),
    }
    return TemplateResponse(request, "admin/cooperation/deleted_records.html", context)
