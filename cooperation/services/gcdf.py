"""Import AidData's GCDF 3.0 finance records from its published CSV layout.

Every row is read and checked before anything is written: a missing column, an unknown ISO code,
a negative or unreadable amount, a date whose year disagrees with its year column, or an AidData
ID given twice stops the import with the row number and the reason, and nothing is saved.

A re-import is keyed on the AidData ID. It creates what is new, updates what it wrote itself,
and keeps a record an editor has changed since (reporting it), as the seed does (SeedState).

The extract has no columns for the financier, the instrument or the nominal amount: they are
read from AidData's title where it names them, each marked "parsed from title"; what the title
does not say is listed for an editor, never guessed. Where a file does carry those columns (the
full GCDF 3.0 workbook), they are read from the columns instead.
"""

import csv
import datetime
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ..models import (
    Country,
    DatePrecision,
    FinanceInstrument,
    FinanceRecord,
    FinanceStatus,
    Organization,
    PointDerivation,
    Project,
    PublicationStatus,
    Sector,
    SeedState,
    Source,
)
from .records import record_save

AIDDATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "aiddata"
GCDF_FILE = AIDDATA_DIR / "gcdf3_central_asia.csv"
SOURCE_URL = "https://github.com/aiddata/gcdf-geospatial-data"
CHANGE_REASON = gettext_noop(
    "Imported from AidData GCDF 3.0"
)  # stored in English, shown translated
STATE_MODEL = "cooperation.financerecord"

# Headers are matched with case, spaces and punctuation ignored, so the extract's
# "AidData.Record.ID" and the workbook's "AidData Record ID" are the same column.
REQUIRED = {
    "aiddata_id": "AidData.Record.ID",
    "title": "Title",
    "iso3": "Recipient.ISO-3",
    "constant_usd": "Amount.(Constant.USD.2021)",
    "status": "Status",
    "sector": "Sector.Name",
    "commitment_year": "Commitment.Year",
    "commitment_date": "Commitment.Date.(MM/DD/YYYY)",
}
OPTIONAL = {
    "infrastructure": "Infrastructure",
    "start_year": "Implementation.Start.Year",
    "completion_year": "Completion.Year",
    "start_date": "Actual.Implementation.Start.Date.(MM/DD/YYYY)",
    "completion_date": "Actual.Completion.Date.(MM/DD/YYYY)",
    "location_precision": "Level.of.precision",
    "osm_type": "Type.of.the.OSM.feature",
    "osm_links": "OSM.link",
    # The full workbook's columns, read instead of the title where present.
    "financiers": "Funding Agencies",
    "instrument": "Flow Type Simplified",
    "amount": "Amount (Original Currency)",
    "currency": "Original Currency",
}
STATUSES = {
    "completion": FinanceStatus.COMPLETION,
    "implementation": FinanceStatus.IMPLEMENTATION,
    "pipeline: commitment": FinanceStatus.PIPELINE,
    "pipeline: pledge": FinanceStatus.PIPELINE,
}
TITLE_FIELDS = ("financiers", "instrument", "amount", "currency")


class GcdfImportError(Exception):
    """The file was refused; `problems` lists (row number, reason), the header being row 1."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(f"row {row}: {reason}" for row, reason in problems))


@dataclass
class GcdfReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # changed by an editor since the import wrote it
    not_parsed: dict = field(default_factory=dict)  # {aiddata id: [fields]}
    with_point: int = 0
    project_links: int = 0
    dry_run: bool = False

    @property
    def total(self):
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.kept)

    def lines(self):
        yield (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept as editors left them"
        )
        if self.kept:
            ids = ", ".join(str(i) for i in self.kept)
            yield f"not overwritten (changed by an editor since the last import): {ids}"
        yield f"{self.with_point} with a point from OpenStreetMap links"
        yield f"{self.project_links} linked to curated projects"
        parsed_fully = self.total - len(self.not_parsed)
        yield f"{parsed_fully} titles parsed fully"
        counts = Counter(name for names in self.not_parsed.values() for name in names)
        for name, count in sorted(counts.items()):
            yield f"not found in the title: {name} in {count} records"


# --- reading one row --------------------------------------------------------------------------


def _key(header):
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _columns(headers):
    """{our name: the file's header} for the columns present; the missing required ones."""
    present = {_key(h): h for h in headers if h}
    found, missing = {}, []
    for name, header in {**REQUIRED, **OPTIONAL}.items():
        if _key(header) in present:
            found[name] = present[_key(header)]
        elif name in REQUIRED:
            missing.append(header)
    return found, missing


def _year(text, label):
    text = (text or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text:
        return None
    if not (text.isdecimal() and len(text) == 4):
        raise ValueError(f"{label} “{text}” is not a year")
    return int(text)


def _date(text, year, label):
    """(date, precision): AidData writes 1 January for "that year"."""
    text = (text or "").strip()
    if not text:
        return None, DatePrecision.DAY
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{label} “{text}” is not a date like 2019-07-27") from None
    if year is not None and value.year != year:
        raise ValueError(f"{label} {text} disagrees with its year column ({year})")
    if (value.month, value.day) == (1, 1):
        return value, DatePrecision.YEAR
    return value, DatePrecision.DAY


def _decimal(text, label):
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{label} “{text}” is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{label} “{text}” is not a number")
    if value < 0:
        raise ValueError(f"{label} {text} is negative")
    return value


# --- what the title says ----------------------------------------------------------------------

SCALE = {"": 1, "k": 10**3, "thousand": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6}
SCALE |= {"billion": 10**9, "bn": 10**9}
NUMBER = r"(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|million|mn|billion|bn)?\b"
AMOUNT_PATTERNS = [
    (re.compile(r"(?:US\$|\$)\s*" + NUMBER, re.I), "USD"),
    (re.compile(r"\b(?:RMB|CNY)\s*" + NUMBER, re.I), "CNY"),
    (re.compile(r"\b(?:EUR|€)\s*" + NUMBER, re.I), "EUR"),
    (re.compile(NUMBER + r"\s*(?:USD|US dollars?|dollars)\b", re.I), "USD"),
    (re.compile(NUMBER + r"\s*(?:yuan|RMB|CNY)\b", re.I), "CNY"),
]
INSTRUMENTS = [
    (re.compile(r"debt (?:relief|forgiveness|cancellation)|forgives|write[- ]off|reschedul", re.I),
     FinanceInstrument.DEBT_RELIEF),
    (re.compile(r"buyer[’']s credit|export credit|export buyer", re.I),
     FinanceInstrument.EXPORT_CREDIT),
    (re.compile(r"credit line|line of credit", re.I), FinanceInstrument.CREDIT_LINE),
    (re.compile(r"\bloans?\b|loan facility|\bloaned\b", re.I), FinanceInstrument.LOAN),
    (re.compile(r"\bworth\b|in[- ]kind", re.I), FinanceInstrument.IN_KIND),
    (re.compile(r"\bgrants?\b|\bgranted\b|donat|humanitarian|relief|\baid\b", re.I),
     FinanceInstrument.GRANT),
]  # fmt: skip
WORKBOOK_INSTRUMENTS = {
    "loan": FinanceInstrument.LOAN,
    "grant": FinanceInstrument.GRANT,
    "export credit": FinanceInstrument.EXPORT_CREDIT,
    "buyer's credit": FinanceInstrument.EXPORT_CREDIT,
    "credit line": FinanceInstrument.CREDIT_LINE,
    "in-kind grant": FinanceInstrument.IN_KIND,
    "debt forgiveness": FinanceInstrument.DEBT_RELIEF,
    "debt rescheduling": FinanceInstrument.DEBT_RELIEF,
}
SHARE_OF = re.compile(r"(?:contributes|participates) (?:to|in) (?:an? )?(?:US)?\$?$", re.I)
LINKED = re.compile(r"linked to(.*)", re.I | re.S)
RECORD_ID = re.compile(r"(?<!\d)(\d{5,6})(?!\d)")


def parse_amount(title):
    """(amount, currency) of the first amount the title states, or (None, "")."""
    found = []
    for pattern, currency in AMOUNT_PATTERNS:
        match = pattern.search(title)
        if match:
            found.append((match.start(), match, currency))
    if not found:
        return None, ""
    start, match, currency = min(found, key=lambda item: item[0])
    if SHARE_OF.search(title[:start]):
        return None, ""  # the whole facility's size, not this financier's share
    number = Decimal(match.group(1).replace(",", ""))
    scale = SCALE[(match.group(2) or "").lower()]
    return (number * scale).quantize(Decimal("0.01")), currency


def parse_instrument(title):
    for pattern, instrument in INSTRUMENTS:
        if pattern.search(title):
            return instrument
    return ""


def parse_financiers(title, aliases):
    """Organization slugs named before the verb ("CDB and Bank of China provide …")."""
    match = re.match(r"\s*(.+?)\s+(?i:provides?|provided|grants?|loans?|donates?|contributes?|"
                     r"participates?|commits?|extends?|finances?|funds?|signs?|issues?|"
                     r"offers?|supports?|reschedules?)\b", title)  # fmt: skip
    if not match:
        return []
    names = re.split(r"\s*(?:,|\band\b)\s*", match.group(1))
    slugs = [aliases.get(name.strip()) for name in names if name.strip()]
    if not slugs or None in slugs:
        return []
    return list(dict.fromkeys(slugs))


def linked_ids(title):
    match = LINKED.search(title)
    return sorted({int(i) for i in RECORD_ID.findall(match.group(1))}) if match else []


# --- where it is ------------------------------------------------------------------------------

MAP_VIEW = re.compile(r"#map=(\d{1,2})/(-?\d{1,2}(?:\.\d+)?)/(-?\d{1,3}(?:\.\d+)?)")
ROUTE = re.compile(r"route=(-?\d{1,2}(?:\.\d+)?)(?:%2C|,)(-?\d{1,3}(?:\.\d+)?)", re.I)


def point_from_links(links):
    """(latitude, longitude, derivation, zoom) from the first link that carries coordinates."""
    for link in re.split(r",\s*(?=https?:)|\s+and\s+|;\s*(?=https?:)|\s+", links or ""):
        view = MAP_VIEW.search(link)
        if view:
            zoom, lat, lon = view.groups()
            return _point(lat, lon) + (PointDerivation.MAP_VIEW, int(zoom))
        route = ROUTE.search(link)
        if route:
            return _point(*route.groups()) + (PointDerivation.ROUTE_START, None)
    return None, None, "", None


def _point(lat, lon):
    places = Decimal("0.00001")
    return Decimal(lat).quantize(places), Decimal(lon).quantize(places)


# --- the mappings reviewed by hand ------------------------------------------------------------


def _load_json(name):
    return json.loads((AIDDATA_DIR / name).read_text(encoding="utf-8"))


@dataclass
class Mappings:
    financiers: dict
    sectors: dict
    project_links: dict

    @classmethod
    def load(cls):
        return cls(
            financiers=_load_json("financiers.json")["aliases"],
            sectors=_load_json("sectors.json")["sectors"],
            project_links={
                int(key): value["project"]
                for key, value in _load_json("project_links.json")["links"].items()
            },
        )


# --- the import -------------------------------------------------------------------------------


def read_rows(text):
    """[(row number, {header: value})] and the headers; the header is row 1."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows = [(number, row) for number, row in enumerate(reader, start=2)]
    return rows, reader.fieldnames or []


def _prepare(row, columns, mappings, countries):
    """The record's values from one row, or ValueError with the reason."""

    def cell(name):
        header = columns.get(name)
        return (row.get(header) or "").strip() if header else ""

    text_id = cell("aiddata_id")
    if text_id.endswith(".0"):
        text_id = text_id[:-2]
    if not text_id.isdecimal():
        raise ValueError(f"AidData ID “{text_id}” is not a whole number")
    title = re.sub(r"\s+", " ", cell("title"))
    if not title:
        raise ValueError("the title is empty")
    iso3 = cell("iso3").upper()
    recipient = countries.get(iso3)
    if recipient is None:
        raise ValueError(f"unknown recipient ISO code “{iso3}”")
    status = STATUSES.get(cell("status").lower())
    if status is None:
        raise ValueError(f"unknown status “{cell('status')}”")
    committed_year = _year(cell("commitment_year"), "the commitment year")
    committed_on, committed_precision = _date(
        cell("commitment_date"), committed_year, "the commitment date"
    )
    if committed_on is None and committed_year:
        committed_on, committed_precision = datetime.date(committed_year, 1, 1), "year"
    started_on, started_precision = _date(
        cell("start_date"), _year(cell("start_year"), "the start year"), "the start date"
    )
    completed_on, completed_precision = _date(
        cell("completion_date"),
        _year(cell("completion_year"), "the completion year"),
        "the completion date",
    )
    if started_on and completed_on and completed_on < started_on:
        raise ValueError(f"completion {completed_on} is before the start {started_on}")

    parsed, not_parsed = [], []
    financiers = []
    if cell("financiers"):
        names = [n.strip() for n in re.split(r"[|;]", cell("financiers")) if n.strip()]
        financiers = [mappings.financiers[n] for n in names if n in mappings.financiers]
    else:
        financiers = parse_financiers(title, mappings.financiers)
        (parsed if financiers else not_parsed).append("financiers")
    instrument = WORKBOOK_INSTRUMENTS.get(cell("instrument").lower(), "")
    if not cell("instrument"):
        instrument = parse_instrument(title)
        (parsed if instrument else not_parsed).append("instrument")
    if cell("amount"):
        amount, currency = _decimal(cell("amount"), "the amount"), cell("currency").upper()
    else:
        amount, currency = parse_amount(title)
        (parsed if amount is not None else not_parsed).extend(["amount", "currency"])
    latitude, longitude, derivation, zoom = point_from_links(cell("osm_links"))
    aiddata_id = int(text_id)
    sector_name = cell("sector").upper()
    return {
        "aiddata_id": aiddata_id,
        "aiddata_title": title,
        "recipient": recipient,
        "status": status,
        "instrument": instrument,
        "amount": amount,
        "currency": currency,
        "amount_usd_constant_2021": _decimal(cell("constant_usd"), "the constant 2021 USD amount"),
        "parsed_from_title": parsed,
        "not_parsed": not_parsed,
        "committed_on": committed_on,
        "committed_precision": committed_precision,
        "started_on": started_on,
        "started_precision": started_precision,
        "completed_on": completed_on,
        "completed_precision": completed_precision,
        "sector_slug": mappings.sectors.get(sector_name),
        "aiddata_sector": sector_name,
        "infrastructure": cell("infrastructure").lower() in ("yes", "true", "1"),
        "location_precision": cell("location_precision")[:400],
        "osm_feature_type": cell("osm_type")[:20],
        "osm_links": cell("osm_links"),
        "latitude": latitude,
        "longitude": longitude,
        "point_derivation": derivation,
        "point_zoom": zoom,
        "project_slug": mappings.project_links.get(aiddata_id),
        "linked_aiddata_ids": linked_ids(title),
        "financier_slugs": financiers,
    }


def gcdf_check(*, text, mappings=None):
    """The prepared rows; GcdfImportError listing every bad row. Reads, never writes."""
    mappings = mappings or Mappings.load()
    rows, headers = read_rows(text)
    columns, missing = _columns(headers)
    if missing:
        raise GcdfImportError([(1, "missing columns: " + ", ".join(missing))])
    countries = {c.iso3: c for c in Country.objects.all()}
    problems, prepared, seen = [], [], {}
    for number, row in rows:
        try:
            values = _prepare(row, columns, mappings, countries)
        except (ValueError, InvalidOperation) as error:
            problems.append((number, str(error)))
            continue
        first = seen.setdefault(values["aiddata_id"], number)
        if first != number:
            problems.append(
                (number, f"AidData ID {values['aiddata_id']} is already on row {first}")
            )
            continue
        prepared.append((number, values))
    if not rows:
        problems.append((2, "the file has no records"))
    if problems:
        raise GcdfImportError(problems)
    return prepared


def _checksum(values):
    plain = {k: (v.pk if hasattr(v, "pk") else v) for k, v in values.items()}
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def gcdf_import(*, text, user=None, publish=False, dry_run=False, seeded=False):
    """Import the file's records; with dry_run, report what would happen and roll back.

    An editor's import dates what it changes today; the seed's (`seeded`) dates its records
    by when AidData's dataset was last read (the source's `accessed_on`), or not at all."""
    mappings = Mappings.load()
    prepared = gcdf_check(text=text, mappings=mappings)
    report = GcdfReport(dry_run=dry_run)
    organizations = {o.slug: o for o in Organization.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.all()}
    projects = {p.slug: p for p in Project.objects.all()}
    source = Source.objects.filter(url=SOURCE_URL).first()
    existing = {r.aiddata_id: r for r in FinanceRecord.objects.all()}
    states = {s.natural_key: s for s in SeedState.objects.filter(model=STATE_MODEL)}
    touched = []
    for number, values in prepared:
        aiddata_id = values["aiddata_id"]
        missing = [
            slug
            for slug in [*values["financier_slugs"], values["sector_slug"]]
            if slug and slug not in organizations and slug not in sectors
        ]
        if missing:
            raise GcdfImportError([(number, "not in the database: " + ", ".join(missing))])
        checksum = _checksum(values)
        key = str(aiddata_id)
        record, state = existing.get(aiddata_id), states.get(key)
        if record is not None:
            if state is None or record.updated_at != state.record_updated_at:
                report.kept.append(aiddata_id)
                continue
            if state.checksum == checksum:
                report.unchanged.append(aiddata_id)
                _count(report, record, values)
                continue
        else:
            record = FinanceRecord(
                publication_status=PublicationStatus.PUBLISHED
                if publish
                else PublicationStatus.DRAFT,
                published_at=timezone.now() if publish else None,
            )
        for name, value in values.items():
            if not name.endswith("_slug"):
                setattr(record, name, value)
        record.sector = sectors.get(values["sector_slug"])
        record.project = projects.get(values["project_slug"])
        created = record.pk is None
        if seeded:
            record.facts_updated_on = source.accessed_on if source else None
        record_save(
            instance=record,
            user=user,
            reason=CHANGE_REASON,
            facts_dated=seeded,
            # The seed fails whole, as seed_load() does: its constraints are the database's alone
            # (a query each, 2,359 for the seed's records). An editor's file gets a message per row.
            check_constraints=not seeded,
            m2m={
                "financiers": [organizations[s] for s in values["financier_slugs"]],
                "sources": [source] if source else [],
            },
        )
        SeedState.objects.update_or_create(
            model=STATE_MODEL,
            natural_key=key,
            defaults={"checksum": checksum, "record_updated_at": record.updated_at},
        )
        (report.created if created else report.updated).append(aiddata_id)
        _count(report, record, values)
        touched.append(record)
    _link_records(touched)
    if dry_run:
        transaction.set_rollback(True)
    return report


def _count(report, record, values):
    if values["not_parsed"]:
        report.not_parsed[record.aiddata_id] = values["not_parsed"]
    report.with_point += values["latitude"] is not None
    report.project_links += values["project_slug"] is not None


def _link_records(records):
    """Records whose titles name each other are linked both ways."""
    by_id = dict(FinanceRecord.objects.values_list("aiddata_id", "pk"))
    for record in records:
        record.linked_records.add(
            *[by_id[i] for i in record.linked_aiddata_ids if i in by_id and i != record.aiddata_id]
        )


def gcdf_seed(*, user=None):
    """The seed's finance records: AidData's extract in fixtures/, published."""
    return gcdf_import(
        text=GCDF_FILE.read_text(encoding="utf-8"), user=user, publish=True, seeded=True
    )
