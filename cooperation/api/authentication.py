"""Token sign-in. DRF's looks the key up as given, and a key holding a NUL character makes
PostgreSQL's driver raise (a 500 for any request with `Authorization: Token \\x00`); such a key
is answered like any unknown one. Failed token sign-ins are counted per address and, past the
allowance, refused before any lookup (FailedSignInThrottle)."""

import logging

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from ..limits import client_ip
from .throttles import FailedSignInThrottle

logger = logging.getLogger(__name__)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        throttle = FailedSignInThrottle()
        wait = throttle.refused_for(request)
        if wait is not None:
            raise exceptions.Throttled(
                wait, _("Too many failed token sign-ins from your address; wait, then retry.")
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure(request)
            logger.warning("failed token sign-in from %s", client_ip(request))
            raise

    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
