"""The API answers errors in JSON: `{"detail": ...}` or per-field lists, never an HTML page."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    return drf_exception_handler(exc, context)


def is_api(request):
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """A 404 under /api/ (an unknown resource or file) is JSON like every other API error."""
    from django.views.defaults import page_not_found

    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    from django.views.defaults import server_error as html_server_error

    if is_api(request):
        return JsonResponse({"detail": _("Server error. It has been logged.")}, status=500)
    return html_server_error(request)
