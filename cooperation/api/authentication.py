"""Token sign-in: `Authorization: Token <key>` or, the same key, `Authorization: Bearer <key>`
(what generated clients send by default), looked up as django-rest-knox stores tokens (the
first characters to find the row, then the SHA-512 digest compared in constant time).

Failed token sign-ins are logged with the address and counted per address; past the allowance
they are refused before any lookup (FailedSignInThrottle). An expired token is refused (its owner
still sees it listed, marked expired). A key that is not text, or holds a NUL character (which
PostgreSQL's driver cannot send), is answered like any unknown key."""

import logging
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

from ..limits import client_ip
from ..models import ApiToken
from .throttles import FailedSignInThrottle

logger = logging.getLogger(__name__)

# The row's "last used" is written at most this often, not on every request.
LAST_USED_RESOLUTION_SECONDS = 60


PREFIXES = (b"token", b"bearer")


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in PREFIXES:
            return None
        throttle = FailedSignInThrottle()
        wait = throttle.refused_for(request)
        if wait is not None:
            raise exceptions.Throttled(
                wait, _("Too many failed token sign-ins from your address; wait, then retry.")
            )
        try:
            if len(header) != 2:
                raise exceptions.AuthenticationFailed(
                    _("Send the token as “Authorization: Token <key>” (or “Bearer <key>”).")
                )
            return self.authenticate_credentials(header[1])
        except exceptions.AuthenticationFailed:
            throttle.record_failure(request)
            logger.warning("failed token sign-in from %s", client_ip(request))
            raise

    def authenticate_credentials(self, token):
        invalid = exceptions.AuthenticationFailed(_("Invalid token."))
        try:
            key = token.decode("utf-8")
        except UnicodeDecodeError:
            raise invalid from None
        if "\x00" in key or not key:
            raise invalid
        digest = hash_token(key)
        candidates = ApiToken.objects.filter(
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user")
        for api_token in candidates:
            if not compare_digest(digest, api_token.digest):
                continue
            if api_token.is_expired:
                raise exceptions.AuthenticationFailed(_("This token has expired."))
            user, api_token = self.validate_user(api_token)
            self.note_use(api_token)
            return user, api_token
        raise invalid

    def note_use(self, api_token):
        now = timezone.now()
        last = api_token.last_used_at
        if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
