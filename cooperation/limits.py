"""Request bodies beyond MAX_REQUEST_BYTES are refused before anything reads them (413): the
reverse proxy has the same cap (deploy/nginx/tracker-proxy.conf), and this one holds where the
app is reached without it."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        limit = settings.MAX_REQUEST_BYTES
        if length < 0:
            return self.refuse(request, 400, _("The Content-Length header is not a number."))
        if length > limit:
            message = _("The request is %(size).1f MB; the limit is %(limit).0f MB.") % {
                "size": length / 1024 / 1024,
                "limit": limit / 1024 / 1024,
            }
            return self.refuse(request, 413, message)
        return self.get_response(request)

    def refuse(self, request, status, message):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def client_ip(request):
    """The visitor's address as the login lockout sees it: behind DJANGO_NUM_PROXIES trusted
    proxies, the address the nearest of them saw in X-Forwarded-For (as the API's throttles)."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")
