"""gzip for the API's JSON, GeoJSON and CSV answers, when the client accepts it. Nothing else is
compressed: the admin's pages carry CSRF tokens and, once, a new API token's key, and a
compressed secret beside text an attacker chooses can be read from the sizes (BREACH)."""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

COMPRESSED_TYPES = ("application/json", "application/geo+json", "text/csv")


class ApiGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if not request.path.startswith("/api/v1/"):
            return response
        if content_type in COMPRESSED_TYPES or response.status_code == 304:
            # Every answer of an address names the same Vary, a 304 (RFC 9110) and one too
            # short to compress included: a cache then keeps each encoding apart.
            patch_vary_headers(response, ("Accept-Encoding",))
        if content_type not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
