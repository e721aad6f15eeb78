"""Redoc's script, served from the pinned sidecar package without its one remote request: the
sidebar's "API docs by Redocly" logo, fetched from their CDN, which the content security policy
blocks (a console error on every visit). The link text stays; the image is dropped."""

import functools
import hashlib

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

REMOTE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
SOURCE_MAP = b"//# sourceMappingURL=redoc.standalone.js.map"


@functools.cache
def redoc_script():
    path = finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")
    with open(path, "rb") as handle:
        script = handle.read()
    # An empty src fails at once, with no request, and Redoc then leaves the image out.
    script = script.replace(REMOTE_LOGO, b"").replace(SOURCE_MAP, b"")
    return script, f'"{hashlib.sha256(script).hexdigest()[:32]}"'


def redoc_script_view(request):
    script, etag = redoc_script()
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        script, content_type="text/javascript; charset=utf-8"
    )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=86400)
    return response
