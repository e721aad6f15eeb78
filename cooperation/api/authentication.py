"""Token sign-in. DRF's looks the key up as given, and a key holding a NUL character makes
PostgreSQL's driver raise (a 500 for any request with `Authorization: Token \\x00`); such a key
is answered like any unknown one."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
