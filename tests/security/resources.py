"""Every API resource an editor writes to (cooperation/api/urls.py), with a valid body for each
write and a fresh record to change or delete, so the matrix can check real writes."""

import datetime
from dataclasses import dataclass, field

from cooperation.models import (
    Article,
    Commitment,
    Country,
    Organization,
    Project,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)


def kazakhstan():
    return Country.objects.get(iso2="KZ")


def any_sector():
    return Sector.objects.order_by("pk").first()


def any_source():
    return Source.objects.order_by("pk").first()


def new_project():
    project = Project.objects.create(
        title="Old project",
        slug="old-project",
        summary="Old.",
        sector=any_sector(),
        status="planned",
    )
    project.countries.add(kazakhstan())
    return project


def new_summit():
    summit = Summit.objects.create(
        title="Old summit",
        slug="old-summit",
        kind="summit",
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 5, 2),
        summary="Old.",
    )
    summit.participants.add(kazakhstan())
    return summit


def new_commitment():
    commitment = Commitment.objects.create(
        title="Old pledge", slug="old-pledge", status_justification="Announced."
    )
    commitment.parties.add(kazakhstan())
    return commitment


@dataclass
class Resource:
    name: str
    model: type
    lookup: str  # the attribute that names a record in its address
    create: object  # () -> a valid body for POST
    fresh: object  # () -> a record nothing refers to, to change or delete
    replace: object  # (record) -> a valid full body for PUT
    change: dict = field(default_factory=dict)  # a valid body for PATCH

    def list_url(self):
        return f"/api/v1/{self.name}/"

    def detail_url(self, record):
        return f"/api/v1/{self.name}/{getattr(record, self.lookup)}/"

    def __str__(self):
        return self.name


RESOURCES = [
    Resource(
        "countries",
        Country,
        "iso2",
        create=lambda: {
            "iso2": "QY",
            "iso3": "QYY",
            "name": "Newland",
            "slug": "newland",
            "role": "other",
        },
        fresh=lambda: Country.objects.create(
            iso2="QX", iso3="QXX", name="Oldland", slug="oldland", role="other"
        ),
        replace=lambda c: {
            "iso2": c.iso2,
            "iso3": c.iso3,
            "name": "Oldland renamed",
            "slug": c.slug,
            "role": "other",
        },
        change={"capital": "Old Town"},
    ),
    Resource(
        "sectors",
        Sector,
        "slug",
        create=lambda: {"slug": "new-sector", "name": "New sector"},
        fresh=lambda: Sector.objects.create(name="Old sector", slug="old-sector"),
        replace=lambda s: {"slug": s.slug, "name": "Old sector renamed", "position": 9},
        change={"description": "Changed."},
    ),
    Resource(
        "organizations",
        Organization,
        "slug",
        create=lambda: {"slug": "new-org", "name": "New Org", "kind": "company"},
        fresh=lambda: Organization.objects.create(name="Old Org", slug="old-org", kind="company"),
        replace=lambda o: {"slug": o.slug, "name": "Old Org renamed", "kind": "company"},
        change={"short_name": "OO"},
    ),
    Resource(
        "sources",
        Source,
        "pk",
        create=lambda: {
            "title": "New report",
            "publisher": "New Wire",
            "url": "https://example.org/new-report",
            "published_on": "2026-01-15",
        },
        fresh=lambda: Source.objects.create(
            title="Old report", publisher="Old Wire", url="https://example.org/old-report"
        ),
        replace=lambda s: {
            "title": "Old report renamed",
            "publisher": s.publisher,
            "url": s.url,
            "published_on": None,
        },
        change={"publisher": "Changed Wire"},
    ),
    Resource(
        "projects",
        Project,
        "slug",
        create=lambda: {
            "title": "New project",
            "slug": "new-project",
            "summary": "New.",
            "sector": any_sector().slug,
            "countries": ["KZ"],
            "status": "planned",
        },
        fresh=new_project,
        replace=lambda p: {
            "title": "Old project renamed",
            "slug": p.slug,
            "summary": "Old.",
            "sector": p.sector.slug,
            "countries": ["KZ"],
            "status": "planned",
        },
        change={"summary": "Changed."},
    ),
    Resource(
        "summits",
        Summit,
        "slug",
        create=lambda: {
            "title": "New summit",
            "slug": "new-summit",
            "kind": "summit",
            "start_date": "2026-06-01",
            "end_date": "2026-06-02",
            "participants": ["KZ"],
            "summary": "New.",
            "series": None,
            "edition": None,
        },
        fresh=new_summit,
        replace=lambda s: {
            "title": "Old summit renamed",
            "slug": s.slug,
            "kind": "summit",
            "start_date": "2026-05-01",
            "end_date": "2026-05-02",
            "participants": ["KZ"],
            "summary": "Old.",
            "series": None,
            "edition": None,
        },
        change={"city": "Astana"},
    ),
    Resource(
        "trade-statistics",
        TradeStatistic,
        "pk",
        create=lambda: {
            "reporter": "CN",
            "partner": "GE",
            "flow": "exports",
            "period": "annual",
            "year": 2025,
            "value_usd": 1234,
            "source": any_source().pk,
        },
        fresh=lambda: TradeStatistic.objects.create(
            reporter=Country.objects.get(iso2="CN"),
            partner=Country.objects.get(iso2="GE"),
            flow="imports",
            year=2025,
            value_usd=1,
            source=any_source(),
        ),
        replace=lambda f: {
            "reporter": "CN",
            "partner": "GE",
            "flow": "imports",
            "period": "annual",
            "year": 2025,
            "value_usd": 2,
            "source": f.source_id,
        },
        change={"change_pct": 5.5},
    ),
    Resource(
        "articles",
        Article,
        "slug",
        create=lambda: {
            "title": "New article",
            "slug": "new-article",
            "kind": "news",
            "standfirst": "New.",
            "published_on": "2026-01-01",
        },
        fresh=lambda: Article.objects.create(
            title="Old article",
            slug="old-article",
            kind="news",
            standfirst="Old.",
            published_on=datetime.date(2026, 1, 1),
        ),
        replace=lambda a: {
            "title": "Old article renamed",
            "slug": a.slug,
            "kind": "news",
            "standfirst": "Old.",
            "published_on": "2026-01-01",
        },
        change={"author": "A. Writer"},
    ),
    Resource(
        "commitments",
        Commitment,
        "slug",
        create=lambda: {
            "title": "New pledge",
            "slug": "new-pledge",
            "parties": ["KZ"],
            "status_justification": "Announced.",
        },
        fresh=new_commitment,
        replace=lambda c: {
            "title": "Old pledge renamed",
            "slug": c.slug,
            "parties": ["KZ"],
            "status_justification": "Announced.",
        },
        change={"made_by": "A minister"},
    ),
]
