"""What the security tests look for in a response: active content in HTML, links that leave the
site, and the row counts that an injected statement would change."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django import forms
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection

# Attributes a browser follows or runs as a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def content_of(response):
    """The body as bytes, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(response):
    return content_of(response).decode(response.charset or "utf-8", errors="replace")


def squeezed(value):
    """An attribute value as a browser reads a URL: no whitespace or control characters."""
    return "".join(ch for ch in value if ord(ch) > 0x20).lower()


class ActiveContentFinder(HTMLParser):
    """Collects what would run in a browser: event handlers, javascript: URLs, inline scripts
    that call alert(), and the elements the payloads try to smuggle in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.script = None  # the attributes of the <script> being read

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if (
                name in URL_ATTRIBUTES
                and value
                and squeezed(value).startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and values.get("src") == "x":
            self.problems.append("<img src=x>")
        if tag in ("iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self.script = values
            if not values.get("src") and values.get("type") not in DATA_SCRIPT_TYPES:
                self.problems.append(f"<script {values}> without src")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script is None:
            return
        if self.script.get("type") in DATA_SCRIPT_TYPES:
            # json_script writes <, > and & as \u escapes: a raw one means text got through.
            if "<" in data or ">" in data:
                self.problems.append(f"unescaped markup in a data script {data[:80]!r}")
        elif "alert(" in data:
            self.problems.append(f"script content {data[:80]!r}")


def active_content(html):
    """Everything in the HTML that a payload could have made run; empty when there is none."""
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    problems = finder.problems
    for raw in ("<script>alert(1)", "<img src=x onerror", "<svg onload"):
        if raw in html:
            problems.append(f"raw {raw!r}")
    return problems


def is_on_site(location):
    """Whether a redirect's Location keeps the browser on this site: a path on the same host,
    or an absolute URL naming the test server."""
    location = location or ""
    if any(ord(ch) < 0x20 or ch == "\\" for ch in location):
        return False
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return location.startswith("/") and not location.startswith("//")


MARKER = re.compile(r"xss\d{3}")


def markers_in(text):
    return set(MARKER.findall(text))


def row_counts():
    """How many rows every table an injected statement could touch holds, in one query."""
    models = [*apps.get_app_config("cooperation").get_models(), User, Group]
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables))
        counts = cursor.fetchone()
    return dict(zip([model._meta.label for model in models], counts, strict=True))


def admin_form_data(form):
    """What a browser sends back for an admin form as it was rendered (files aside)."""
    data = {}
    for name, formfield in form.fields.items():
        if isinstance(formfield, forms.FileField):
            continue
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data
