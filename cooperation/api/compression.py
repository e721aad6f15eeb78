"""gzip for the API's JSON, GeoJSON and CSV answers, when the client accepts it. Nothing else is
compressed: the admin's pages carry CSRF tokens and, once, a new API token's key, and a
compressed secret beside text an attacker chooses can be read from the sizes (BREACH)."""

from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("application/json", "application/geo+json", "text/csv")


class ApiGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if not request.path.startswith("/api/v1/") or content_type not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
