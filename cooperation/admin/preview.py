"""Preview from the edit form: the record's public page with what the form holds now, saved or
not. The form is saved inside the request's transaction, the public page is rendered from it,
and the transaction is rolled back: nothing is stored, no history is written, and the form in
the editor's first tab keeps their typing."""

import copy

from django.db import transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse

PREVIEW = "_preview"


class PreviewMixin:
    def previewable(self, obj=None):
        return hasattr(self.model, "get_absolute_url") and hasattr(self.model, "is_published")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["preview_available"] = self.previewable(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if PREVIEW in request.POST and self.previewable(obj):
            return self.preview_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if PREVIEW in request.POST and self.previewable(obj):
            return self.preview_response(request, obj)
        return super().response_change(request, obj)

    def preview_response(self, request, obj):
        path = obj.get_absolute_url()
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        page = copy.copy(request)
        page.method = "GET"
        page.GET = QueryDict("preview=1")
        page.POST = QueryDict()
        page.path = page.path_info = path
        page.resolver_match = match  # the public page's route, not the admin form's
        page.unsaved_preview = True
        page.admin_change_url = reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change",
            args=[obj.pk] if obj.pk else None,
            current_app=self.admin_site.name,
        )
        response = match.func(page, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)  # nothing the form held is kept
        response["Cache-Control"] = "private, no-store"
        return response
