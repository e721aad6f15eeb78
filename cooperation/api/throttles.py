"""Rate limits that keep the API answering when the shared cache is down: without the cache
there is no count, so requests are let through (and the outage is logged)."""

import logging

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from ..limits import client_ip
from .ratelimit import note_allowance

logger = logging.getLogger(__name__)


class FailOpenMixin:
    def allow_request(self, request, view):
        try:
            allowed = super().allow_request(request, view)
        except Exception:
            logger.warning("throttle cache unavailable; letting the request through", exc_info=True)
            return True
        note_allowance(request, self, allowed)
        return allowed

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


def page_export_wait(request):
    """The export allowance again, for the site's own CSV downloads (/en/projects/?format=csv
    and the like), counted together with the API's: None when the download may go ahead, or
    the seconds to wait."""
    if not settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_CLASSES"):
        return None  # API_THROTTLES=false, for load tests from one address
    throttle = ExportThrottle()
    throttle.request = request
    try:
        if SimpleRateThrottle.allow_request(throttle, request, None):
            return None
    except Exception:
        logger.warning("throttle cache unavailable; letting the request through", exc_info=True)
        return None
    return max(1, round(throttle.wait() or 1))


class FailedSignInThrottle(SimpleRateThrottle):
    """Requests with a token that is wrong, expired or revoked, counted per address. Past the
    allowance (`API_THROTTLE_FAILED_AUTH`) every token sign-in from that address waits (429)
    before any token is looked up: no key can be guessed, but each try costs a lookup, and this
    keeps the tries few. Counted in the shared cache, failing open like the other limits."""

    scope = "failed_auth"

    def get_rate(self):
        return self.THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def _load(self, request):
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def refused_for(self, request):
        """Seconds to wait before another token sign-in from this address, or None."""
        if self.rate is None:
            return None
        try:
            self._load(request)
        except Exception:
            logger.warning("throttle cache unavailable; letting the request through", exc_info=True)
            return None
        if len(self.history) < self.num_requests:
            return None
        return max(1, round(self.wait() or 1))

    def record_failure(self, request):
        if self.rate is None:
            return
        try:
            self._load(request)
            self.history.insert(0, self.now)
            self.cache.set(self.key, self.history, self.duration)
        except Exception:
            logger.warning(
                "throttle cache unavailable; a failed sign-in went uncounted", exc_info=True
            )
