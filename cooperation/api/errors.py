"""The API answers errors in JSON: `{"detail": ...}` or per-field lists, never an HTML page.
Pages and the API alike answer 503 with Retry-After while the database is unreachable."""

import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from rest_framework.views import exception_handler as drf_exception_handler

from ..observability import current_request_id

RETRY_AFTER_SECONDS = "10"


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


def permission_denied(request, exception=None):
    """Denied: JSON under /api/; for signed-in staff in the admin, a page in the admin's own
    look that says so and leads back; elsewhere the site's page."""
    from django.contrib import admin
    from django.template.response import TemplateResponse

    if is_api(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    user = getattr(request, "user", None)
    if (
        request.path.startswith("/admin/")
        and user is not None
        and user.is_active
        and (user.is_staff)
    ):
        context = {**admin.site.each_context(request), "title": _("Not allowed")}
        response = TemplateResponse(request, "admin/403.html", context, status=403)
        return response.render()
    return TemplateResponse(request, "403.html", {}, status=403).render()


def bad_request(request, exception=None):
    """What Django refuses before any view runs (too many parameters, too large a body, a Host
    header the site does not serve) is JSON under /api/ too, with the reason."""
    from django.views.defaults import bad_request as html_bad_request

    if not is_api(request):
        return html_bad_request(request, exception)
    if isinstance(exception, TooManyFieldsSent):
        message = _("Too many parameters: at most %(count)s.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    elif isinstance(exception, RequestDataTooBig):
        message = _("The body is too large: at most %(count)s bytes.") % {
            "count": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        }
    elif isinstance(exception, DisallowedHost):
        message = _("This server does not answer to the Host header given.")
    else:
        message = _("The request could not be read.")
    return JsonResponse({"detail": message}, status=400)


def database_unreachable():
    """Django calls the 500 handler inside its `except` block, so the error is at hand."""
    error = sys.exc_info()[1]
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request):
    """Never a traceback: a short page (or JSON) with the request ID the log line carries."""
    request_id = current_request_id()
    if database_unreachable():
        status, message = 503, _("The site is briefly unavailable. Please try again shortly.")
    else:
        status, message = 500, _("Server error. It has been logged.")
    if is_api(request):
        response = JsonResponse({"detail": message, "request_id": request_id}, status=status)
    else:
        template = loader.get_template("503.html" if status == 503 else "500.html")
        response = HttpResponse(template.render({"request_id": request_id}), status=status)
    if status == 503:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
