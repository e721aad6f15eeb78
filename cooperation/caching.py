"""Caching that never serves stale content.

Every committed change to the records bumps one counter in the database (ContentVersion). Cached
anonymous pages and API responses, and the API's ETags, are keyed by that counter: after a change
every app server misses at once, with no purge to send. Reading the counter costs one query by
primary key; the cache holds the rendered response.

Editors and API clients who sign in are never served from the cache. The cache failing (Redis
down) is not an error: the request is answered from the database.
"""

import datetime
import functools
import hashlib
import logging
import pickle
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_ROW = 1
UNTRACKED = {
    "seedstate",
    "contentversion",
    "correctionreport",
    "apitoken",
    "passwordchangerequired",
    "reviewrequest",  # a change waiting for review is not on the site until approved
}


@functools.cache
def _state_query(alias):
    """The version row's SQL, compiled once, and the converters of its `changed_at` (SQLite
    gives text): every request reads the row, and building the query through the ORM cost
    eight times what running it does."""
    from .models import ContentVersion

    rows = ContentVersion.objects.using(alias).filter(pk=VERSION_ROW)
    sql, params = rows.values_list("version", "changed_at").query.sql_with_params()
    column = ContentVersion._meta.get_field("changed_at").get_col(ContentVersion._meta.db_table)
    connection = connections[alias]
    converters = [
        *connection.ops.get_db_converters(column),
        *column.get_db_converters(connection),
    ]
    return sql, params, column, converters


def _read_state():
    from .models import ContentVersion

    alias = ContentVersion.objects.db
    sql, params, column, converters = _state_query(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    version, changed_at = row
    for converter in converters:
        changed_at = converter(changed_at, column, connection)
    return version, changed_at


def content_state(request=None):
    """(version, changed_at) of the content, read once per request."""
    from .models import ContentVersion

    if request is not None and hasattr(request, "content_state"):
        return request.content_state
    row = _read_state()
    if row is None:
        created, _ = ContentVersion.objects.get_or_create(pk=VERSION_ROW)
        row = (created.version, created.changed_at)
    if request is not None:
        request.content_state = row
    return row


@functools.cache
def release():
    """What names this release's static files (the manifest's hash in production): content
    kept by the release before may link to files this one no longer has."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def kept_version(request=None):
    """What everything kept from the content is keyed by: the content version and the
    release."""
    return f"{content_state(request)[0]}.{release()}"


def _bump(using):
    from .models import ContentVersion

    versions = ContentVersion.objects.using(using)
    updated = versions.filter(pk=VERSION_ROW).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        versions.get_or_create(pk=VERSION_ROW, defaults={"version": 2})


def bump_content_version(using=DEFAULT_DB_ALIAS):
    """After the current transaction commits (at once outside one), move the counter on.
    Many changes in one transaction bump it once; a transaction rolled back bumps nothing."""
    connection = connections[using]
    waiting = getattr(connection, "_content_bump", None)
    if (
        waiting is not None
        and connection.in_atomic_block
        and any(entry[1] is waiting for entry in connection.run_on_commit)
    ):
        return

    def bump():
        connection._content_bump = None
        _bump(using)

    connection._content_bump = bump
    transaction.on_commit(bump, using=using)


def tracked(sender):
    opts = sender._meta
    return opts.app_label == "cooperation" and opts.model_name not in UNTRACKED


def on_change(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if tracked(sender) and not kwargs.get("raw", False):
        bump_content_version(using)


def connect_signals():
    """Saves, deletes and link changes, from the admin, the API, imports, reverts and the
    seed, all pass through these signals. Bulk writes call bump_content_version() themselves."""
    for model in apps.get_app_config("cooperation").get_models():
        if not tracked(model):
            continue
        post_save.connect(on_change, sender=model, dispatch_uid=f"content-save-{model.__name__}")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"content-del-{model.__name__}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                on_change,
                sender=field.remote_field.through,
                dispatch_uid=f"content-m2m-{model.__name__}-{field.name}",
            )


# The shared cache, failing open.


def cache_get(key):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("cache unavailable on read", exc_info=True)
        return None


def cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache unavailable on write", exc_info=True)


def cache_get_many(keys):
    try:
        return cache.get_many(keys)
    except Exception:
        logger.warning("cache unavailable on read", exc_info=True)
        return {}


def cache_set_many(values, timeout):
    try:
        cache.set_many(values, timeout)
    except Exception:
        logger.warning("cache unavailable on write", exc_info=True)


def kept_each(prefix, pks, load, build):
    """What `build(record)` gave for each primary key, in their order, kept under `prefix` (which
    names the content version): the records the cache lacks are read with `load(missing keys)`
    and built. A record deleted since its key was read is left out, as a moment later it would
    be. API representations and page rows are kept this way."""
    keys = {pk: f"{prefix}:{pk}" for pk in pks}
    found = cache_get_many(list(keys.values())) if keys else {}
    missing = [pk for pk in pks if keys[pk] not in found]
    if missing:
        made = {keys[record.pk]: build(record) for record in load(missing)}
        cache_set_many(made, settings.PUBLIC_CACHE_SECONDS)
        found.update(made)
    return [found[keys[pk]] for pk in pks if keys[pk] in found]


def keys_of(queryset):
    """The queryset's primary keys, in its order, without its joins and prefetches."""
    return queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)


# Values computed from the content: counts of long lists, the trade summary. Kept under the
# content version like pages, so they are never older than the content, and shared by every
# reader (their SQL, not the reader, decides the value).


def remember(name, parts, compute, request=None):
    """compute(), or what it gave for the same parts since the content last changed."""
    if not settings.PUBLIC_CACHE_SECONDS:
        return compute()
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    key = f"{name}:{kept_version(request)}:{digest}"
    value = cache_get(key)
    if value is None:
        value = compute()
        cache_set(key, value, settings.PUBLIC_CACHE_SECONDS)
    return value


def count(queryset, request=None):
    """The queryset's count, counted once per change to the content."""
    # Keyed by the SQL and its parameters apart, so no two filters share a key; without the
    # joins and ordering, which do not change a count and cost more to compile than to look up.
    if queryset.query.is_empty():  # `.none()`: no SQL to key by, and nothing to count
        return 0
    plain = queryset.order_by().prefetch_related(None)
    if plain._fields is None:  # a values() queryset has no joins to drop, and refuses to
        plain = plain.select_related(None)
    return remember("count", plain.query.sql_with_params(), plain.count, request)


# Whole responses for anonymous readers.

SKIP_COOKIES = ("messages",)
NOT_CACHED = (
    "/admin/",
    "/i18n/",
    "/healthz",
    "/static/",
    "/media/",
    "/api/schema/",
    "/api/docs/",
    "/api/redoc/",
    # Snapshots are written in the background, without a new content version.
    "/api/v1/downloads/",
)


def canonical_host(request):
    """Whether the request names one of the site's own hosts: a name listed in ALLOWED_HOSTS as
    it is (not through a wildcard) or SITE_URL's, in lower case, and no port but the one the
    server listens on. Django lets `example.org:8443` and `EXAMPLE.ORG` through for
    `example.org`; such answers are served, but never stored, so nobody can fill the cache with
    pages for names or ports of their choosing."""
    host = request.get_host()
    if host != host.lower():
        # Django accepts `EXAMPLE.ORG` for `example.org`, and pages cite the name as sent.
        return False
    name, port = split_domain_port(host)
    names = {entry.lower() for entry in settings.ALLOWED_HOSTS}
    names.add(split_domain_port(urlsplit(settings.SITE_URL).netloc.lower())[0])
    if name not in names:
        return False
    return not port or port == str(request.META.get("SERVER_PORT", ""))


def public_request(request):
    """An anonymous GET for one of the site's own hosts, which may be served from the cache."""
    if request.method != "GET":
        return False
    if request.path.startswith(NOT_CACHED):
        return False
    if not canonical_host(request):
        return False
    if "HTTP_AUTHORIZATION" in request.META or "preview" in request.GET:
        return False
    if any(name in request.COOKIES for name in (*SKIP_COOKIES, settings.SESSION_COOKIE_NAME)):
        return False
    return not request.user.is_authenticated


def cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def response_key(request, version):
    # Absolute links in a page (canonical, og:url, sitemap, feeds, the API's `url` and `next`)
    # are built from the request's scheme and host, so both are part of the key.
    parts = [
        str(version),
        request.scheme,
        request.get_host().lower(),
        get_language() or "",
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", ""),
        request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:40]
        if request.path.startswith("/api/")
        else "",
    ]
    return "page:" + hashlib.sha1("|".join(parts).encode()).hexdigest()


class PublicCacheMiddleware:
    """Serve anonymous GETs from the shared cache, keyed by the content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not public_request(request):
            return self.get_response(request)
        if not settings.PUBLIC_CACHE_SECONDS:
            return self.dated(request, self.get_response(request))
        key = response_key(request, kept_version(request))
        stored = cache_get(key)
        if stored is not None:
            try:
                status, headers, content = pickle.loads(stored)
            except Exception:
                logger.warning("unreadable cached response", exc_info=True)
            else:
                response = HttpResponse(content, status=status, headers=headers)
                response["X-Cache"] = "hit"
                return response
        response = self.dated(request, self.get_response(request))
        if cacheable_response(request, response):
            response["X-Cache"] = "miss"
            # LocaleMiddleware, outside, names the request's language; the answer's may differ
            # (the API's `?lang=`), and a hit never runs the view that chose it.
            response.headers.setdefault("Content-Language", get_language() or "")
            # What was sent, not the response object: an API response object also carries its
            # data, which would be pickled twice over.
            stored = (response.status_code, dict(response.items()), response.content)
            cache_set(key, pickle.dumps(stored), settings.PUBLIC_CACHE_SECONDS)
        return response

    @staticmethod
    def dated(request, response):
        """A public page is as new as the content it shows: with Last-Modified, a request with
        If-Modified-Since gets a 304 (ConditionalGetMiddleware), from the cache or not."""
        if cacheable_response(request, response) and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(content_state(request)[1].timestamp())
        return response


def content_key(request, vary=()):
    """The key a page's content is kept under (`views.base.KeptContentMixin`), or None where it
    must not be kept: the cache off, a preview, or a host name the cache never stores answers
    for. The content carries absolute links and its own address (the citation), so the scheme,
    host and path are in the key; the day is, because deadlines pass; `vary` holds what else
    it follows from (the trade page's choices)."""
    if not settings.PUBLIC_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return None
    if "preview" in request.GET or getattr(request, "unsaved_preview", False):
        return None
    if not canonical_host(request):
        return None
    parts = [
        kept_version(request),
        request.scheme,
        request.get_host().lower(),
        request.path,
        get_language() or "",
        datetime.date.today().isoformat(),
        repr(vary),
    ]
    return "content:" + hashlib.sha1("|".join(parts).encode()).hexdigest()
