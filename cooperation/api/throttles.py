"""Rate limits that keep the API answering when the shared cache is down: without the cache
there is no count, so requests are let through (and the outage is logged)."""

import logging

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from ..limits import client_ip

logger = logging.getLogger(__name__)


class FailOpenMixin:
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("throttle cache unavailable; letting the request through", exc_info=True)
            return True

    def get_ident(self, request):
        # The address from the configured proxies only (DRF's own would trust any client's
        # X-Forwarded-For once NUM_PROXIES is set).
        return client_ip(request)


class AnonThrottle(FailOpenMixin, AnonRateThrottle):
    pass


class UserThrottle(FailOpenMixin, UserRateThrottle):
    pass


class ExportThrottle(FailOpenMixin, SimpleRateThrottle):
    """Whole filtered lists as CSV or GeoJSON cost a worker seconds each: each visitor (by user,
    or by address) has its own allowance, separate from the rate of ordinary reads. The whole
    dataset is in /api/v1/downloads/, which costs nothing to serve."""

    scope = "export"
    export_formats = ("csv", "geojson")

    def throttle_failure(self):
        self.request.export_throttled = True
        return False

    def allow_request(self, request, view):
        self.request = request
        renderer = getattr(request, "accepted_renderer", None)
        if getattr(renderer, "format", None) not in self.export_formats:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = request.user.pk
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
