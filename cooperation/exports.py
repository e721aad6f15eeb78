"""The flat, documented tables the API's CSV and the bulk downloads share: one definition per
resource of its columns, their types (Frictionless Table Schema) and how to read them."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import CharField, F, Func
from django.http import StreamingHttpResponse
from modeltranslation.manager import get_translatable_fields_for_model

from .models import (
    AIDDATA_ATTRIBUTION,
    AIDDATA_LICENSE,
    OSM_ATTRIBUTION,
    Article,
    Commitment,
    Country,
    FinanceRecord,
    Organization,
    Project,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)


def codes(records, attribute="iso2", separator=","):
    values = [str(getattr(record, attribute)) for record in records]
    if attribute == "iso2":
        values.sort()  # country codes in code order, as the API lists them
    return separator.join(values)


def iso(value):
    return value.isoformat() if value else None


def slug_of(record):
    return record.slug if record else None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, date, datetime, boolean
    read: object
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    queryset: object  # a callable returning the published rows, ready to iterate
    columns: list = field(default_factory=list)
    primary_key: str = ""
    description: str = ""
    # For tables of millions of rows: the columns as database paths, read as plain tuples
    # (no model instances), in the order of `columns`.
    value_paths: tuple = ()
    # A table whose rows come from someone else's dataset, under its own licence.
    licenses: tuple = ()
    sources: tuple = ()

    def stream(self, queryset, site, chunk=2000):
        """Every row of the queryset, as lists of column values."""
        if self.value_paths:
            plain = queryset.select_related(None).prefetch_related(None)
            dated = [i for i, c in enumerate(self.columns) if c.type in ("date", "datetime")]
            for values in plain.values_list(*self.value_paths).iterator(chunk):
                if dated:
                    values = list(values)
                    for i in dated:
                        if values[i] is not None:
                            values[i] = values[i].isoformat()
                yield values
            return
        for record in queryset.iterator(chunk):
            yield self.row(record, site)

    @property
    def header(self):
        return [column.name for column in self.columns]

    def row(self, record, site):
        return [column.read(record, site) for column in self.columns]

    def schema(self):
        return {
            "fields": [
                {
                    "name": c.name,
                    "type": c.type,
                    **({"description": c.description} if c.description else {}),
                }
                for c in self.columns
            ],
            "primaryKey": self.primary_key,
        }


# Formula injection (OWASP, "CSV Injection"; ASVS 1.2.10): a spreadsheet reads a cell that starts
# with one of these as a formula, so such text is written with a leading apostrophe, which
# spreadsheets take as "this is text" and do not display. Numbers (-5.2) are written as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A number written as text ("-3.20" in a spreadsheet export) is not a formula either.
PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


def spreadsheet_safe(value):
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def spreadsheet_unescape(value):
    """The text as typed, from a cell spreadsheet_safe() wrote: a file exported here and imported
    back changes nothing."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SpreadsheetSafe(Func):
    """spreadsheet_safe() in SQL, for the CSV that PostgreSQL writes itself (COPY)."""

    # NULLIF: COPY quotes an empty string ("") to tell it from NULL; Python's writer does not.
    template = (
        "NULLIF(CASE WHEN %(expressions)s ~ '^[-+]?[0-9]+([.][0-9]+)?$' THEN %(expressions)s "
        "WHEN left(%(expressions)s, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) "
        "THEN '''' || %(expressions)s ELSE %(expressions)s END, '')"
    )
    output_field = CharField()


# Each piece of a streamed CSV is about this many characters: one write to the socket per
# piece rather than per row keeps a million-row export fast. Rows end with a line feed, on
# every database (PostgreSQL's COPY writes no other).
CSV_PIECE = 64 * 1024


def csv_pieces(rows, header, prefix=""):
    buffer = io.StringIO()
    buffer.write(prefix)
    writer = csv.writer(buffer, lineterminator="\n")  # writes None as an empty field
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
        if buffer.tell() >= CSV_PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class ISODate(Func):
    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()


class ISODateTime(Func):
    """A time in UTC as Python's isoformat() writes it: microseconds only when there are some."""

    template = (
        "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        "CASE WHEN date_trunc('second', %(expressions)s) = %(expressions)s THEN '' "
        "ELSE to_char(%(expressions)s AT TIME ZONE 'UTC', '.US') END || '+00:00'"
    )
    output_field = CharField()


ISO_TEXT = {"date": ISODate, "datetime": ISODateTime}


def copied_csv_pieces(table, queryset):
    """The table's CSV written by PostgreSQL itself (COPY), about six times faster than reading
    the rows into Python; only for tables whose columns are plain database paths."""
    columns = {}
    for i, (column, path) in enumerate(zip(table.columns, table.value_paths, strict=True)):
        if column.type in ISO_TEXT:
            columns[f"csv_{i}"] = ISO_TEXT[column.type](path)
        elif column.type == "string":
            columns[f"csv_{i}"] = SpreadsheetSafe(path)
        else:
            columns[f"csv_{i}"] = F(path)
    # Without modeltranslation's rewriting, values() selects exactly these columns, in order
    # (table_csv_pieces makes sure none of them is a translated field).
    plain = queryset.select_related(None).prefetch_related(None).rewrite(False)
    plain = plain.values(**columns)
    assert list(plain.query.annotation_select) == list(columns) and not plain.query.values_select
    sql, params = plain.query.sql_with_params()
    yield next(csv_pieces((), table.header))
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with (
        connections[queryset.db].cursor() as cursor,
        cursor.cursor.copy(statement, params) as copy,
    ):
        piece = bytearray()
        for data in copy:
            piece += data
            if len(piece) >= CSV_PIECE:
                yield bytes(piece)
                piece.clear()
        yield bytes(piece)


def translated(model, path):
    """Whether the path ends in a field with a value per language."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return name in (get_translatable_fields_for_model(model) or ())


def table_csv_pieces(table, queryset, site):
    if (
        table.value_paths
        and connections[queryset.db].vendor == "postgresql"
        and not any(translated(queryset.model, path) for path in table.value_paths)
    ):
        return copied_csv_pieces(table, queryset)
    return csv_pieces(table.stream(queryset, site), table.header)


def csv_download(pieces, filename):
    """A streamed CSV attachment, from csv_pieces() or table_csv_pieces()."""
    response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The byte order mark tells spreadsheet programs the CSV is UTF-8; the page downloads, meant for
# them, start with it; the API's, meant for programs, do not.
BYTE_ORDER_MARK = "\ufeff"


def C(name, type_, read, description=""):
    return Column(name, type_, read, description)


FACTS_UPDATED_ON = C(
    "facts_updated_on",
    "date",
    lambda x, s: iso(x.facts_updated_on),
    "when the record's facts last changed; for seed content, when its sources were last read",
)


COUNTRIES = Table(
    "countries",
    lambda: Country.objects.prefetch_related("members").order_by("iso2"),
    [
        C(
            "iso2",
            "string",
            lambda c, s: c.iso2,
            "ISO 3166-1 alpha-2; XC is the Central Asia total",
        ),
        C("iso3", "string", lambda c, s: c.iso3),
        C("name", "string", lambda c, s: c.name),
        C("slug", "string", lambda c, s: c.slug),
        C("role", "string", lambda c, s: c.role),
        C("capital", "string", lambda c, s: c.capital),
        C("latitude", "number", lambda c, s: c.latitude),
        C("longitude", "number", lambda c, s: c.longitude),
        C("html_url", "string", lambda c, s: s + c.get_absolute_url()),
        C("members", "string", lambda c, s: codes(c.members.all()), "an aggregate's members"),
        C("updated_at", "datetime", lambda c, s: iso(c.updated_at)),
    ],
    "iso2",
)

SECTORS = Table(
    "sectors",
    lambda: Sector.objects.order_by("position", "slug"),
    [
        C("slug", "string", lambda x, s: x.slug),
        C("name", "string", lambda x, s: x.name),
        C("description", "string", lambda x, s: x.description),
        C("position", "integer", lambda x, s: x.position, "the order sectors are listed in"),
        C("updated_at", "datetime", lambda x, s: iso(x.updated_at)),
    ],
    "slug",
)

ORGANIZATIONS = Table(
    "organizations",
    lambda: Organization.objects.public().select_related("country").order_by("slug"),
    [
        C("slug", "string", lambda o, s: o.slug),
        C("name", "string", lambda o, s: o.name),
        C("short_name", "string", lambda o, s: o.short_name),
        C("kind", "string", lambda o, s: o.kind),
        C("country", "string", lambda o, s: o.country.iso2 if o.country else None),
        C("website", "string", lambda o, s: o.website),
        C("description", "string", lambda o, s: o.description),
        C("updated_at", "datetime", lambda o, s: iso(o.updated_at)),
    ],
    "slug",
)

SOURCES = Table(
    "sources",
    lambda: Source.objects.public().order_by("id"),
    [
        C("id", "integer", lambda x, s: x.id),
        C("title", "string", lambda x, s: x.title),
        C("publisher", "string", lambda x, s: x.publisher),
        C("url", "string", lambda x, s: x.url),
        C(
            "link",
            "string",
            lambda x, s: x.link,
            "original (the publisher's page), republished (another site's reprint) or mirror",
        ),
        C("published_on", "date", lambda x, s: iso(x.published_on)),
        C("published_precision", "string", lambda x, s: x.published_precision),
        C("accessed_on", "date", lambda x, s: iso(x.accessed_on), "the date it was read"),
        C(
            "kind",
            "string",
            lambda x, s: x.kind,
            "official_statistics, government, international_organization, news, encyclopedia",
        ),
        C("language", "string", lambda x, s: x.language),
        C("updated_at", "datetime", lambda x, s: iso(x.updated_at)),
    ],
    "id",
)

PROJECTS = Table(
    "projects",
    lambda: Project.objects.published().with_related().order_by("slug"),
    [
        C("slug", "string", lambda p, s: p.slug),
        C("title", "string", lambda p, s: p.title),
        C("status", "string", lambda p, s: p.status),
        C("sector", "string", lambda p, s: p.sector.slug),
        C(
            "countries",
            "string",
            lambda p, s: codes(p.countries.all()),
            "ISO codes, comma-separated",
        ),
        C(
            "partners",
            "string",
            lambda p, s: ";".join(f"{x.organization.slug}:{x.role}" for x in p.partnerships.all()),
            "organization:role pairs, semicolon-separated",
        ),
        C("start_date", "date", lambda p, s: iso(p.start_date), "first day of the known period"),
        C("start_precision", "string", lambda p, s: p.start_precision if p.start_date else None),
        C("completion_date", "date", lambda p, s: iso(p.completion_date)),
        C(
            "completion_precision",
            "string",
            lambda p, s: p.completion_precision if p.completion_date else None,
        ),
        C("investment_amount", "number", lambda p, s: p.investment_amount),
        C("investment_currency", "string", lambda p, s: p.investment_currency or None),
        C("investment_usd", "number", lambda p, s: p.investment_usd),
        C("investment_is_estimate", "boolean", lambda p, s: p.investment_is_estimate),
        C(
            "investment_scope",
            "string",
            lambda p, s: p.investment_scope or None,
            "whole, phase, section or contract: how much of the project the amount covers",
        ),
        C("latitude", "number", lambda p, s: p.latitude),
        C("longitude", "number", lambda p, s: p.longitude),
        C(
            "location_precision",
            "string",
            lambda p, s: p.location_precision or None,
            "site, approximate, endpoint, border_crossing or city: what the point marks",
        ),
        C("sources", "string", lambda p, s: codes(p.sources.all(), "pk"), "source ids"),
        C("confidence", "string", lambda p, s: p.confidence),
        C("html_url", "string", lambda p, s: s + p.get_absolute_url()),
        C("updated_at", "datetime", lambda p, s: iso(p.updated_at)),
        C("summary", "string", lambda p, s: p.summary),
        C("body", "string", lambda p, s: p.body, "Markdown"),
        C("location_name", "string", lambda p, s: p.location_name),
        C("location_note", "string", lambda p, s: p.location_note),
        C("investment_note", "string", lambda p, s: p.investment_note),
        C("summits", "string", lambda p, s: codes(p.summits.all(), "slug"), "summit slugs"),
        C(
            "route",
            "string",
            lambda p, s: ";".join(f"{lat},{lon}" for lat, lon in p.route) or None,
            "waypoints in order, latitude,longitude;latitude,longitude…",
        ),
        C("route_surveyed", "boolean", lambda p, s: p.route_surveyed),
        FACTS_UPDATED_ON,
    ],
    "slug",
)

SUMMITS = Table(
    "summits",
    lambda: Summit.objects.published().with_related().order_by("start_date", "slug"),
    [
        C("slug", "string", lambda x, s: x.slug),
        C("title", "string", lambda x, s: x.title),
        C("kind", "string", lambda x, s: x.kind),
        C("series", "string", lambda x, s: slug_of(x.series)),
        C("edition", "integer", lambda x, s: x.edition),
        C("start_date", "date", lambda x, s: iso(x.start_date)),
        C("end_date", "date", lambda x, s: iso(x.end_date)),
        C("city", "string", lambda x, s: x.city),
        C("host_country", "string", lambda x, s: x.host_country.iso2 if x.host_country else None),
        C("participants", "string", lambda x, s: codes(x.participants.all())),
        C("outcomes", "string", lambda x, s: codes(x.outcomes.all(), "title", "; ")),
        C("sources", "string", lambda x, s: codes(x.sources.all(), "pk"), "source ids"),
        C("html_url", "string", lambda x, s: s + x.get_absolute_url()),
        C("updated_at", "datetime", lambda x, s: iso(x.updated_at)),
        C("format", "string", lambda x, s: x.format),
        C("summary", "string", lambda x, s: x.summary),
        C("confidence", "string", lambda x, s: x.confidence),
        FACTS_UPDATED_ON,
    ],
    "slug",
)

TRADE_STATISTICS = Table(
    "trade-statistics",
    lambda: TradeStatistic.objects.published().with_related().order_by("id"),
    [
        C("id", "integer", lambda f, s: f.id),
        C("reporter", "string", lambda f, s: f.reporter.iso2, "who published the figure"),
        C("partner", "string", lambda f, s: f.partner.iso2),
        C("flow", "string", lambda f, s: f.flow, "exports, imports or total, reporter's side"),
        C("period", "string", lambda f, s: f.period, "annual, month or ytd (year to date)"),
        C("year", "integer", lambda f, s: f.year),
        C("month", "integer", lambda f, s: f.month, "the month, or the last month of ytd"),
        C("value_usd", "number", lambda f, s: f.value_usd),
        C(
            "value_qualifier",
            "string",
            lambda f, s: f.value_qualifier,
            "exact, about, at_least (over) or at_most; bounds are not summable",
        ),
        C(
            "basis",
            "string",
            lambda f, s: f.basis,
            "published, or computed (a total from the reporter's exports + imports)",
        ),
        C("original_value", "number", lambda f, s: f.original_value, "as reported"),
        C("original_currency", "string", lambda f, s: f.original_currency),
        C(
            "usd_basis",
            "string",
            lambda f, s: f.usd_basis,
            "reported (the reporter's own USD) or converted (rate, date and source given)",
        ),
        C("conversion_rate", "number", lambda f, s: f.conversion_rate, "currency units per USD"),
        C("conversion_date", "date", lambda f, s: iso(f.conversion_date)),
        C("conversion_source", "string", lambda f, s: f.conversion_source),
        C("change_pct", "number", lambda f, s: f.change_pct, "as reported, not computed"),
        C("reporting_agency", "string", lambda f, s: slug_of(f.reporting_agency)),
        C("source_id", "integer", lambda f, s: f.source_id),
        C("source_title", "string", lambda f, s: f.source.title),
        C("source_publisher", "string", lambda f, s: f.source.publisher),
        C("source_url", "string", lambda f, s: f.source.url),
        C("confidence", "string", lambda f, s: f.confidence),
        C("note", "string", lambda f, s: f.note_en, "in English"),
        C("updated_at", "datetime", lambda f, s: iso(f.updated_at)),
        FACTS_UPDATED_ON,
    ],
    "id",
    value_paths=(
        "id",
        "reporter__iso2",
        "partner__iso2",
        "flow",
        "period",
        "year",
        "month",
        "value_usd",
        "value_qualifier",
        "basis",
        "original_value",
        "original_currency",
        "usd_basis",
        "conversion_rate",
        "conversion_date",
        "conversion_source",
        "change_pct",
        "reporting_agency__slug",
        "source_id",
        "source__title",
        "source__publisher",
        "source__url",
        "confidence",
        "note_en",
        "updated_at",
        "facts_updated_on",
    ),
)

ARTICLES = Table(
    "articles",
    lambda: Article.objects.published().with_related().order_by("slug"),
    [
        C("slug", "string", lambda a, s: a.slug),
        C("title", "string", lambda a, s: a.title),
        C("kind", "string", lambda a, s: a.kind),
        C("author", "string", lambda a, s: a.author),
        C("publisher", "string", lambda a, s: a.publisher),
        C("published_on", "date", lambda a, s: iso(a.published_on)),
        C("original_url", "string", lambda a, s: a.original_url),
        C("countries", "string", lambda a, s: codes(a.countries.all())),
        C("projects", "string", lambda a, s: codes(a.projects.all(), "slug")),
        C("summits", "string", lambda a, s: codes(a.summits.all(), "slug")),
        C("html_url", "string", lambda a, s: s + a.get_absolute_url()),
        C("updated_at", "datetime", lambda a, s: iso(a.updated_at)),
        C("standfirst", "string", lambda a, s: a.standfirst),
        C("body", "string", lambda a, s: a.body, "Markdown"),
        C("sources", "string", lambda a, s: codes(a.sources.all(), "pk"), "source ids"),
        FACTS_UPDATED_ON,
    ],
    "slug",
)

COMMITMENTS = Table(
    "commitments",
    lambda: Commitment.objects.published().with_related().order_by("slug"),
    [
        C("slug", "string", lambda x, s: x.slug),
        C("title", "string", lambda x, s: x.title, "the pledge"),
        C("parties", "string", lambda x, s: codes(x.parties.all())),
        C("made_by", "string", lambda x, s: x.made_by),
        C("made_at", "string", lambda x, s: slug_of(x.public_made_at), "summit slug"),
        C("made_on", "date", lambda x, s: iso(x.made_on)),
        C("sector", "string", lambda x, s: slug_of(x.sector)),
        C("target_kind", "string", lambda x, s: x.target_kind),
        C("target_value", "number", lambda x, s: x.target_value),
        C("target_unit", "string", lambda x, s: x.target_unit),
        C("deadline", "date", lambda x, s: iso(x.deadline), "first day of the known period"),
        C(
            "deadline_precision",
            "string",
            lambda x, s: x.deadline_precision if x.deadline else None,
        ),
        C("status", "string", lambda x, s: x.status),
        C("status_changed_on", "date", lambda x, s: iso(x.status_changed_on)),
        C("supersedes", "string", lambda x, s: slug_of(x.public_supersedes)),
        C("sources", "string", lambda x, s: codes(x.sources.all(), "pk"), "source ids"),
        C("html_url", "string", lambda x, s: s + x.get_absolute_url()),
        C("updated_at", "datetime", lambda x, s: iso(x.updated_at)),
        C("body", "string", lambda x, s: x.body, "Markdown"),
        C("made_in", "string", lambda x, s: slug_of(x.public_made_in), "project slug"),
        C(
            "made_on_precision",
            "string",
            lambda x, s: x.made_on_precision if x.made_on else None,
        ),
        C("target_reporter", "string", lambda x, s: x.target_reporter and x.target_reporter.iso2),
        C("target_partner", "string", lambda x, s: x.target_partner and x.target_partner.iso2),
        C("target_flow", "string", lambda x, s: x.target_flow),
        C("status_justification", "string", lambda x, s: x.status_justification),
        C("projects", "string", lambda x, s: codes(x.projects.all(), "slug"), "project slugs"),
        C("confidence", "string", lambda x, s: x.confidence),
        FACTS_UPDATED_ON,
    ],
    "slug",
)


def finance_attribution(record):
    """AidData's credit, and OpenStreetMap's for a record with a point read from its links."""
    if record.has_point:
        return f"{AIDDATA_ATTRIBUTION} Point: {OSM_ATTRIBUTION}"
    return AIDDATA_ATTRIBUTION


FINANCE = Table(
    "finance",
    lambda: FinanceRecord.objects.published().with_related().order_by("aiddata_id"),
    [
        C("id", "integer", lambda x, s: x.id),
        C("aiddata_id", "integer", lambda x, s: x.aiddata_id, "AidData record ID"),
        C("aiddata_url", "string", lambda x, s: x.aiddata_url, "the record's page at AidData"),
        C("title", "string", lambda x, s: x.display_title),
        C("original_title", "string", lambda x, s: x.aiddata_title, "AidData's, in English"),
        C("financiers", "string", lambda x, s: codes(x.financiers.all(), "slug"), "slugs"),
        C("recipient", "string", lambda x, s: x.recipient.iso2),
        C("borrower", "string", lambda x, s: slug_of(x.borrower)),
        C("instrument", "string", lambda x, s: x.instrument or None),
        C("amount_nominal", "number", lambda x, s: x.amount, "as stated, in `currency`"),
        C("currency", "string", lambda x, s: x.currency or None),
        C(
            "amount_usd_constant_2021",
            "number",
            lambda x, s: x.amount_usd_constant_2021,
            "constant 2021 US dollars (AidData); never add to amount_nominal",
        ),
        C(
            "parsed_from_title",
            "string",
            lambda x, s: ",".join(x.parsed_from_title),
            "fields read from AidData's title, not from a column",
        ),
        C("committed_on", "date", lambda x, s: iso(x.committed_on), "first day of the period"),
        C("committed_precision", "string", lambda x, s: x.committed_precision),
        C("started_on", "date", lambda x, s: iso(x.started_on)),
        C("completed_on", "date", lambda x, s: iso(x.completed_on)),
        C("status", "string", lambda x, s: x.status),
        C("sector", "string", lambda x, s: slug_of(x.sector)),
        C("aiddata_sector", "string", lambda x, s: x.aiddata_sector, "OECD CRS, as AidData"),
        C("infrastructure", "boolean", lambda x, s: x.infrastructure),
        C("project", "string", lambda x, s: slug_of(x.project)),
        C("latitude", "number", lambda x, s: x.latitude, "from an OpenStreetMap link"),
        C("longitude", "number", lambda x, s: x.longitude),
        C("location_precision", "string", lambda x, s: x.location_precision),
        C("osm_links", "string", lambda x, s: x.osm_links),
        C("attribution", "string", lambda x, s: finance_attribution(x)),
        C("html_url", "string", lambda x, s: s + x.get_absolute_url()),
        C("updated_at", "datetime", lambda x, s: iso(x.updated_at)),
        C("sources", "string", lambda x, s: codes(x.sources.all(), "pk"), "source ids"),
        FACTS_UPDATED_ON,
    ],
    "id",
    licenses=(AIDDATA_LICENSE,),
    sources=(
        {
            "title": "AidData Global Chinese Development Finance Dataset, Version 3.0",
            "path": "https://github.com/aiddata/gcdf-geospatial-data",
        },
    ),
)

TABLES = [
    COUNTRIES,
    SECTORS,
    ORGANIZATIONS,
    SOURCES,
    PROJECTS,
    SUMMITS,
    TRADE_STATISTICS,
    ARTICLES,
    COMMITMENTS,
    FINANCE,
]
