"""Writes that cannot vanish: a write to an address without its trailing slash is sent on with
308 Permanent Redirect, which clients repeat with the same method and body. Django's 301 is
repeated as a GET by browsers, requests and httpx, so a POST turned into a read of the list and
nothing was written, with no error."""

import json

from django.http import HttpResponsePermanentRedirect
from django.middleware.common import CommonMiddleware
from django.utils.http import escape_leading_slashes

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


class TrailingSlashMiddleware(CommonMiddleware):
    """CommonMiddleware (APPEND_SLASH), with 308 rather than 301 for anything but a read."""

    def process_response(self, request, response):
        if (
            request.method not in SAFE_METHODS
            and response.status_code == 404
            and self.should_redirect_with_slash(request)
        ):
            path = escape_leading_slashes(request.get_full_path(force_append_slash=True))
            redirect = PermanentRedirectKeepingMethod(path, content_type="application/json")
            redirect.content = json.dumps(
                {"detail": f"This address ends with a slash: {request.path}/"}
            )
            return redirect
        return super().process_response(request, response)
