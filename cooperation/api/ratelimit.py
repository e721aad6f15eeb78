"""RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (the IETF draft's names) on every API
answer: what the tightest allowance that applies has left, and the seconds until a request
leaves its window. Answers from the shared cache are not counted; they carry what the reader's
allowance has left all the same."""

import logging
import math

from django.conf import settings

logger = logging.getLogger(__name__)


def note_allowance(request, throttle, allowed):
    """Called by the throttles: what this allowance has left after the request."""
    history = getattr(throttle, "history", None)
    if history is None or not getattr(throttle, "num_requests", None):
        return
    if allowed:
        remaining = max(0, throttle.num_requests - len(history))
        oldest = history[-1] if history else throttle.now
        reset = max(0, math.ceil(throttle.duration - (throttle.now - oldest)))
    else:
        remaining, reset = 0, max(1, math.ceil(throttle.wait() or 1))
    django_request = getattr(request, "_request", request)
    allowances = getattr(django_request, "rate_allowances", [])
    allowances.append((throttle.num_requests, remaining, reset))
    django_request.rate_allowances = allowances


def peek_anonymous_allowance(request):
    """The reader's anonymous allowance, read without counting this request (a cached answer)."""
    from .throttles import AnonThrottle

    try:
        throttle = AnonThrottle()
        if throttle.rate is None:
            return None
        key = throttle.get_cache_key(request, None)
        if key is None:
            return None
        now = throttle.timer()
        history = [t for t in throttle.cache.get(key, []) if t > now - throttle.duration]
    except Exception:
        logger.warning("throttle cache unavailable; no rate-limit headers", exc_info=True)
        return None
    oldest = history[-1] if history else now
    return (
        throttle.num_requests,
        max(0, throttle.num_requests - len(history)),
        max(0, math.ceil(throttle.duration - (now - oldest))),
    )


class RateLimitHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or not settings.REST_FRAMEWORK.get(
            "DEFAULT_THROTTLE_CLASSES"
        ):
            return response
        allowances = getattr(request, "rate_allowances", None)
        if allowances:
            tightest = min(allowances, key=lambda allowance: (allowance[1], -allowance[2]))
        elif getattr(request, "user", None) is not None and not request.user.is_authenticated:
            tightest = peek_anonymous_allowance(request)
        else:
            tightest = None
        if tightest is not None:
            limit, remaining, reset = tightest
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        return response
