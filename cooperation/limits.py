"""Limits at the door: request bodies beyond MAX_REQUEST_BYTES are refused before anything reads
them (413; the reverse proxy has the same cap, deploy/nginx/tracker-proxy.conf, and this one holds
where the app is reached without it), as are addresses beyond MAX_ADDRESS_BYTES (414; nginx and
gunicorn take no longer request line), NUL characters in parameters, and the visitor's address
that every rate limit counts."""

import ipaddress
import re
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _


def language_of(request):
    """The language the answer would have been in, for what is refused before LocaleMiddleware
    picks it: the path's prefix on a page, `?lang=` under /api/ (the last, as DRF reads it,
    and without parsing the query, which may be what is refused), else the browser's."""
    if request.path.startswith("/api/"):
        asked = re.findall(r"(?:^|&)lang=([^&]*)", request.META.get("QUERY_STRING", ""))
        if asked and asked[-1] in dict(settings.LANGUAGES):
            return asked[-1]
    elif language := translation.get_language_from_path(request.path_info):
        return language
    return translation.get_language_from_request(request)


def refusal(request, status, message, field=None, **values):
    """JSON under /api/, as every API error (`{"detail": …}`, or `{field: […]}`); a short page
    elsewhere; in the reader's language."""
    language = language_of(request)
    with translation.override(language):
        text = str(message) % values if values else str(message)
        if request.path.startswith("/api/"):
            body = {field: [text]} if field is not None else {"detail": text}
            response = JsonResponse(body, status=status)
        else:
            response = HttpResponse(
                loader.render_to_string("400.html", {"message": text}), status=status
            )
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def address_length(meta):
    """The address as sent, in bytes: the request line's own where the server passes it on
    (gunicorn's RAW_URI), else the path encoded again (servers hand it over decoded) and the
    query string as it came."""
    raw = meta.get("RAW_URI") or meta.get("REQUEST_URI")
    if raw:
        return len(raw)
    path = meta.get("PATH_INFO", "")
    try:
        sent = path.encode("latin-1")  # WSGI: the bytes, as latin-1 text
    except UnicodeEncodeError:
        sent = path.encode("utf-8", "surrogateescape")  # ASGI: decoded text
    query = meta.get("QUERY_STRING", "")
    return len(quote(sent, safe="/:@!$&'()*+,;=~")) + (len(query) + 1 if query else 0)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = address_length(request.META)
        if address > settings.MAX_ADDRESS_BYTES:
            message = _("The address is %(size)s bytes long; the limit is %(limit)s.")
            return refusal(request, 414, message, size=address, limit=settings.MAX_ADDRESS_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        limit = settings.MAX_REQUEST_BYTES
        if length < 0:
            return refusal(request, 400, _("The Content-Length header is not a number."))
        if length > limit:
            message = _("The request is %(size).1f MB; the limit is %(limit).0f MB.")
            return refusal(
                request, 413, message, size=length / 1024 / 1024, limit=limit / 1024 / 1024
            )
        return self.get_response(request)


class NulCharacterMiddleware:
    """A NUL character is never part of a real parameter, and PostgreSQL refuses it in text,
    so a query that carries one would fail deep inside (Django's own admin search included):
    it is a 400 at the door instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            parameters = request.GET.lists()
        except TooManyFieldsSent:
            message = _("Too many parameters: at most %(count)s.")
            return refusal(request, 400, message, count=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
        for key, values in parameters:
            if "\x00" in key or any("\x00" in value for value in values):
                name = key.replace("\x00", "")[:100]
                message = _("%(name)s holds a NUL character, which no address may hold.")
                return refusal(request, 400, message, field=name, name=name)
        return self.get_response(request)


def from_trusted_proxy(address):
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in settings.TRUSTED_PROXIES)


def client_ip(request):
    """The visitor's address, as every rate limit and the login lockout count it.

    Behind NUM_PROXIES reverse proxies it is the address the nearest of them wrote into
    X-Forwarded-For, but only when the request came from one of TRUSTED_PROXIES: a client that
    reaches the app server directly writes its own header, so it is counted by its own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    if not proxies or not from_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
