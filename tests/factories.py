"""Builders for many records at once, numbered from `start`, for tests that compare a list of 5
with a list of 50 (query counts) or fill a list to filter. Each takes what its records link to,
and any field to set on every record: `{n}` in a text is the record's number, and a function is
called with it (`start_date=lambda n: ...`).

Each record keeps the history entry of its creation; the links added after it leave none. An
entry per link added, each copying all of the record's links, was nine tenths of the builders'
time, and no test that uses them reads history."""

import datetime

from cooperation.models import (
    Article,
    FinanceRecord,
    Organization,
    Project,
    ProjectPartner,
    PublicationStatus,
    Source,
    Summit,
)

PUBLISHED = PublicationStatus.PUBLISHED


def numbered(fields, n):
    def value_for(value):
        if isinstance(value, str):
            return value.format(n=n)
        return value(n) if callable(value) else value

    return {name: value_for(value) for name, value in fields.items()}


def link(record, **links):
    """Adds each link (field name: records) without a history entry per link."""
    record.skip_history_when_saving = True
    for name, records in links.items():
        getattr(record, name).add(*records)
    del record.skip_history_when_saving


def projects(start, count, *, sector, countries=(), sources=(), summits=(), partner=None, **fields):
    """Projects `bulk-<n>`, published unless told otherwise; `partner` invests in each.
    Returns them, in order."""
    fields = {
        "slug": "bulk-{n}",
        "title": "Bulk {n}",
        "summary": "Bulk",
        "status": "planned",
        "publication_status": PUBLISHED,
        **fields,
    }
    made = []
    for n in range(start, start + count):
        project = Project.objects.create(sector=sector, **numbered(fields, n))
        link(project, countries=countries, sources=sources, summits=summits)
        if partner is not None:
            ProjectPartner.objects.create(project=project, organization=partner, role="investor")
        made.append(project)
    return made


def summits(
    start,
    count,
    *,
    first_day=datetime.date(1999, 1, 1),
    daily=False,
    countries=(),
    sources=(),
    outcome=False,
    **fields,
):
    """Meetings `bulk-<n>` on `first_day` (each a day later with `daily`), with one document
    each if `outcome`."""
    fields = {
        "slug": "bulk-{n}",
        "title": "Bulk {n}",
        "summary": "Bulk",
        "kind": "forum",
        "publication_status": PUBLISHED,
        **fields,
    }
    for n in range(start, start + count):
        day = first_day + datetime.timedelta(days=n if daily else 0)
        summit = Summit.objects.create(start_date=day, end_date=day, **numbered(fields, n))
        link(summit, participants=countries, sources=sources)
        if outcome:
            summit.outcomes.create(title=f"Document {n}", slug="document", kind="agreement")


def articles(start, count, *, countries=(), sources=(), projects=(), summits=(), **fields):
    """News articles `bulk-<n>` of 1 January 2020."""
    fields = {
        "slug": "bulk-{n}",
        "title": "Bulk {n}",
        "kind": "news",
        "standfirst": "Bulk",
        "published_on": datetime.date(2020, 1, 1),
        "publication_status": PUBLISHED,
        **fields,
    }
    for n in range(start, start + count):
        article = Article.objects.create(**numbered(fields, n))
        link(article, countries=countries, sources=sources, projects=projects, summits=summits)


def sources(start, count, *, url="https://bulk.example/{n}", **fields):
    """Sources "Bulk <n>"; returns them."""
    fields = {"title": "Bulk {n}", "publisher": "Bulk wire", "url": url, **fields}
    return Source.objects.bulk_create(
        Source(**numbered(fields, n)) for n in range(start, start + count)
    )


def organizations(start, count, **fields):
    """Organizations `bulk-<n>`; returns them."""
    fields = {"slug": "bulk-{n}", "name": "Bulk {n}", "kind": "company", **fields}
    return Organization.objects.bulk_create(
        Organization(**numbered(fields, n)) for n in range(start, start + count)
    )


def finance_records(
    start, count, *, recipient, sector, financiers=(), sources=(), project=None, **fields
):
    """Published loans with AidData IDs `900000 + n` (unless told otherwise), committed in 1999,
    each with a point. Returns them, in order."""
    fields = {
        "aiddata_id": lambda n: 900000 + n,
        "aiddata_title": "Bulk loan {n}",
        "status": "completion",
        "instrument": "loan",
        "amount_usd_constant_2021": 1000,
        "committed_on": datetime.date(1999, 1, 1),
        "latitude": 43,
        "longitude": 77,
        "publication_status": PUBLISHED,
        **fields,
    }
    made = []
    for n in range(start, start + count):
        record = FinanceRecord.objects.create(
            recipient=recipient, sector=sector, project=project, **numbered(fields, n)
        )
        link(record, financiers=financiers, sources=sources)
        made.append(record)
    return made
