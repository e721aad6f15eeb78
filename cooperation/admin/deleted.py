"""Recently deleted records, each with a link to its history, where it can be restored."""

from django.apps import apps
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

PER_MODEL = 50


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
                    "label": str(record.instance),
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
