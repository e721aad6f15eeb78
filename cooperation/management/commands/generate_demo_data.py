"""Fill a separate database with synthetic records shaped like the real ones, for benchmarks.

At --scale 1: 20,000 projects, 2,000 summits, 10,000 articles, 1,000,000 trade figures
(monthly, year-to-date and yearly, many reporter/partner pairs, every flow) and 20,000 finance
records (every instrument and status, most with financiers, a point and a project). Rows go in with
bulk inserts, so scale 1 takes minutes, and a small scale seconds.

    manage.py generate_demo_data --database-url postgres://postgres@127.0.0.1/tracker_demo --scale 1

It refuses the site's own database unless --force: the records are invented.
"""

import datetime
import itertools
import random
import string
import time

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.test.utils import override_settings

from cooperation.caching import bump_content_version
from cooperation.models import (
    Article,
    Country,
    CountryRole,
    FinanceInstrument,
    FinanceRecord,
    FinanceStatus,
    Organization,
    Project,
    ProjectPartner,
    Sector,
    Source,
    Summit,
    TradeStatistic,
)

ALIAS = "demo"
AT_SCALE_ONE = {
    "projects": 20_000,
    "summits": 2_000,
    "articles": 10_000,
    "trade": 1_000_000,
    "finance": 20_000,
}
# Above the ids AidData gives, so invented records never take a real one's.
FIRST_AIDDATA_ID = 10_000_000
BATCH = 5_000
WORDS = [
    "rail",
    "corridor",
    "logistics",
    "terminal",
    "pipeline",
    "gas",
    "power",
    "plant",
    "wind",
    "solar",
    "grid",
    "road",
    "tunnel",
    "bridge",
    "port",
    "dry",
    "customs",
    "zone",
    "industrial",
    "park",
    "assembly",
    "vehicle",
    "battery",
    "textile",
    "grain",
    "fertiliser",
    "copper",
    "gold",
    "refinery",
    "cement",
    "steel",
    "fibre",
    "data",
    "centre",
    "hospital",
    "school",
    "water",
    "irrigation",
    "agriculture",
    "greenhouse",
    "tourism",
    "hotel",
    "airport",
    "cargo",
    "container",
    "transit",
    "border",
]
CITIES = [
    "Almaty",
    "Astana",
    "Bishkek",
    "Osh",
    "Dushanbe",
    "Khujand",
    "Ashgabat",
    "Tashkent",
    "Samarkand",
    "Jizzakh",
    "Urumqi",
    "Kashgar",
    "Xi'an",
    "Lianyungang",
    "Khorgos",
]


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def paragraph(rng, sentences):
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--database-url", required=True, help="The database to fill.")
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for repeats.")
        parser.add_argument(
            "--force", action="store_true", help="Allow filling the site's own database."
        )

    def handle(self, *args, database_url, scale, seed, force, **options):
        target = dj_database_url.parse(database_url)
        default = settings.DATABASES["default"]
        same = str(target["NAME"]) == str(default["NAME"]) and target.get(
            "HOST", ""
        ) == default.get("HOST", "")
        if same and not force:
            raise CommandError(
                "That is the site's own database; demo records are invented. Give another "
                "--database-url, or --force if you mean it."
            )
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        # The demo database's own settings, completed with Django's defaults.
        connections.databases[ALIAS] = connections.configure_settings({"default": target})[
            "default"
        ]
        started = time.monotonic()
        call_command("migrate", database=ALIAS, verbosity=0)
        self.rng = random.Random(seed)
        counts = {name: max(1, round(n * scale)) for name, n in AT_SCALE_ONE.items()}
        # No change history for invented records (and simple-history writes the history of
        # links to the default database only).
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic(using=ALIAS):
            call_command("seed", database=ALIAS, verbosity=0)
            self.reference()
            self.projects(counts["projects"])
            self.summits(counts["summits"])
            self.articles(counts["articles"])
            self.trade(counts["trade"])
            self.finance(counts["finance"])
            bump_content_version(ALIAS)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {counts['projects']:,} projects, {counts['summits']:,} summits, "
                f"{counts['articles']:,} articles, {counts['trade']:,} trade figures and "
                f"{counts['finance']:,} finance records in {elapsed:.0f} s."
            )
        )

    def db(self, model):
        return model.objects.db_manager(ALIAS)

    def reference(self):
        taken = set(self.db(Country).values_list("iso2", flat=True))
        free = [a + b for a, b in itertools.product(string.ascii_uppercase, repeat=2)]
        new = []
        for code in free:
            if len(new) >= 24:
                break
            if code in taken or code.startswith("X") or code.startswith("Q"):
                continue
            new.append(
                Country(
                    iso2=code,
                    iso3=code + "X",
                    name_en=f"Demo country {code}",
                    slug=f"demo-country-{code.lower()}",
                    role=CountryRole.OTHER,
                    latitude=self.rng.uniform(30, 50),
                    longitude=self.rng.uniform(50, 110),
                )
            )
        self.db(Country).bulk_create(new, batch_size=BATCH)
        self.countries = list(self.db(Country).exclude(role=CountryRole.REGION))
        self.sectors = list(self.db(Sector).all())
        self.organizations = list(self.db(Organization).all())
        self.source, _created = self.db(Source).get_or_create(
            url="https://example.org/demo-data",
            defaults={"title": "Synthetic records for benchmarks", "publisher": "Demo data"},
        )

    def projects(self, count):
        rng = self.rng
        statuses = ["operational"] * 5 + ["under_construction"] * 3 + ["planned", "announced"]
        rows = []
        for n in range(count):
            start = datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), 1)
            rows.append(
                Project(
                    title_en=f"{rng.choice(CITIES)} {sentence(rng, 3)[:-1]} {n}",
                    slug=f"demo-project-{n}",
                    summary_en=paragraph(rng, 2)[:400],
                    body_en=paragraph(rng, 10),
                    sector=rng.choice(self.sectors),
                    status=rng.choice(statuses),
                    start_date=start,
                    start_precision=rng.choice(["year", "month", "day"]),
                    latitude=rng.uniform(35, 48),
                    longitude=rng.uniform(55, 90),
                    publication_status="published" if rng.random() < 0.95 else "draft",
                    confidence=rng.choice(["high", "high", "medium", "low"]),
                )
            )
        self.db(Project).bulk_create(rows, batch_size=BATCH)
        projects = list(self.db(Project).filter(slug__startswith="demo-project-"))
        through = Project.countries.through
        links, partners, sources = [], [], []
        for project in projects:
            for country in rng.sample(self.countries, rng.randint(1, 3)):
                links.append(through(project_id=project.pk, country_id=country.pk))
            for organization in rng.sample(self.organizations, rng.randint(1, 3)):
                partners.append(
                    ProjectPartner(
                        project_id=project.pk,
                        organization_id=organization.pk,
                        role=rng.choice(["investor", "contractor", "operator", "lender"]),
                    )
                )
            sources.append(Project.sources.through(project_id=project.pk, source_id=self.source.pk))
        self.db(through).bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        self.db(ProjectPartner).bulk_create(partners, batch_size=BATCH, ignore_conflicts=True)
        self.db(Project.sources.through).bulk_create(sources, batch_size=BATCH)
        self.stdout.write(f"projects: {len(projects):,}")

    def summits(self, count):
        rng = self.rng
        rows = []
        for n in range(count):
            start = datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                Summit(
                    title_en=f"{rng.choice(['Forum', 'Summit', 'Ministerial meeting'])} {n}",
                    slug=f"demo-summit-{n}",
                    kind=rng.choice(["summit", "ministerial", "forum", "state_visit"]),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(0, 2)),
                    city_en=rng.choice(CITIES),
                    host_country=rng.choice(self.countries),
                    summary_en=paragraph(rng, 2)[:400],
                    body_en=paragraph(rng, 6),
                    publication_status="published" if rng.random() < 0.95 else "draft",
                )
            )
        self.db(Summit).bulk_create(rows, batch_size=BATCH)
        through = Summit.participants.through
        links = [
            through(summit_id=summit_id, country_id=country.pk)
            for summit_id in self.db(Summit)
            .filter(slug__startswith="demo-summit-")
            .values_list("pk", flat=True)
            for country in rng.sample(self.countries, rng.randint(2, 6))
        ]
        self.db(through).bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        self.stdout.write(f"summits: {count:,}")

    def articles(self, count):
        rng = self.rng
        rows = [
            Article(
                title_en=sentence(rng, rng.randint(6, 12))[:-1],
                slug=f"demo-article-{n}",
                kind=rng.choice(["news", "news", "analysis", "opinion"]),
                standfirst_en=paragraph(rng, 1)[:300],
                body_en=paragraph(rng, 15),
                publisher=rng.choice(["Xinhua", "Kazinform", "Trend", "AKIpress", "Asia-Plus"]),
                published_on=datetime.date(rng.randint(2010, 2025), rng.randint(1, 12), 1),
                publication_status="published" if rng.random() < 0.95 else "draft",
            )
            for n in range(count)
        ]
        self.db(Article).bulk_create(rows, batch_size=BATCH)
        through = Article.countries.through
        links = [
            through(article_id=article_id, country_id=rng.choice(self.countries).pk)
            for article_id in self.db(Article)
            .filter(slug__startswith="demo-article-")
            .values_list("pk", flat=True)
        ]
        self.db(through).bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        self.stdout.write(f"articles: {count:,}")

    def trade(self, count):
        """Monthly, year-to-date and yearly figures for every flow of many pairs, newest
        years first, until `count` figures exist."""
        rng = self.rng
        existing = set(
            self.db(TradeStatistic).values_list(
                "reporter_id", "partner_id", "flow", "period", "year", "month"
            )
        )
        countries = self.countries
        pairs = [(a, b) for a in countries for b in countries if a.pk != b.pk]
        rng.shuffle(pairs)

        def slots():
            for year in range(2025, 1990, -1):
                for reporter, partner in pairs:
                    base = rng.uniform(1e7, 5e9)
                    for flow in ("total", "exports", "imports"):
                        yield reporter, partner, flow, "annual", year, None, base * 12
                        running = 0.0
                        for month in range(1, 13):
                            value = base * rng.uniform(0.7, 1.3)
                            running += value
                            yield reporter, partner, flow, "month", year, month, value
                            yield reporter, partner, flow, "ytd", year, month, running

        made = 0
        batch = []
        for reporter, partner, flow, period, year, month, value in slots():
            key = (reporter.pk, partner.pk, flow, period, year, month)
            if key in existing:
                continue
            batch.append(
                TradeStatistic(
                    reporter_id=reporter.pk,
                    partner_id=partner.pk,
                    flow=flow,
                    period=period,
                    year=year,
                    month=month,
                    value_usd=round(value, 2),
                    change_pct=round(rng.uniform(-30, 40), 2) if period == "annual" else None,
                    source_id=self.source.pk,
                    publication_status="published",
                )
            )
            made += 1
            if len(batch) >= BATCH:
                self.db(TradeStatistic).bulk_create(batch, batch_size=BATCH)
                batch = []
            if made >= count:
                break
        if batch:
            self.db(TradeStatistic).bulk_create(batch, batch_size=BATCH)
        self.stdout.write(f"trade figures: {made:,}")

    def finance(self, count):
        """Loans, grants and credits to the region's countries, in both kinds of amount, most
        with financiers, a point and a published project, as the AidData import makes them."""
        rng = self.rng
        recipients = [
            c for c in self.countries if c.role == CountryRole.CENTRAL_ASIA
        ] or self.countries
        projects = list(
            self.db(Project).filter(slug__startswith="demo-project-").values_list("pk", flat=True)
        )
        instruments = [*FinanceInstrument.values, ""]
        rows = []
        for n in range(count):
            committed = datetime.date(rng.randint(2000, 2021), rng.randint(1, 12), 1)
            amount = round(rng.uniform(1e5, 2e9), 2) if rng.random() < 0.85 else None
            located = rng.random() < 0.7
            rows.append(
                FinanceRecord(
                    aiddata_id=FIRST_AIDDATA_ID + n,
                    aiddata_title=f"China provides {sentence(rng, 6)[:-1].lower()} {n}",
                    recipient=rng.choice(recipients),
                    instrument=rng.choice(instruments),
                    amount=amount,
                    currency=rng.choice(["USD", "CNY"]) if amount is not None else "",
                    amount_usd_constant_2021=round(amount * rng.uniform(0.9, 1.4), 2)
                    if amount is not None
                    else None,
                    committed_on=committed,
                    committed_precision=rng.choice(["year", "month", "day"]),
                    status=rng.choice(FinanceStatus.values),
                    sector=rng.choice(self.sectors),
                    latitude=round(rng.uniform(35, 48), 5) if located else None,
                    longitude=round(rng.uniform(55, 90), 5) if located else None,
                    point_derivation="map_view" if located else "",
                    point_zoom=rng.randint(6, 15) if located else None,
                    project_id=rng.choice(projects) if projects and rng.random() < 0.6 else None,
                    publication_status="published" if rng.random() < 0.95 else "draft",
                )
            )
        self.db(FinanceRecord).bulk_create(rows, batch_size=BATCH)
        made = self.db(FinanceRecord).filter(aiddata_id__gte=FIRST_AIDDATA_ID)
        through = FinanceRecord.financiers.through
        links, sources = [], []
        for record_id in made.values_list("pk", flat=True):
            for organization in rng.sample(self.organizations, rng.randint(1, 2)):
                links.append(through(financerecord_id=record_id, organization_id=organization.pk))
            sources.append(
                FinanceRecord.sources.through(financerecord_id=record_id, source_id=self.source.pk)
            )
        self.db(through).bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        self.db(FinanceRecord.sources.through).bulk_create(sources, batch_size=BATCH)
        self.stdout.write(f"finance records: {count:,}")
