import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from cooperation.models import (
    Country,
    CountryRole,
    Project,
    ProjectStatus,
    PublicationStatus,
    Sector,
    Source,
    Summit,
    SummitKind,
    TradeFlow,
    TradePeriod,
    TradeStatistic,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the seed content, loaded once per run."""
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)


@pytest.fixture(autouse=True)
def no_public_cache(settings):
    """Tests look at each response's context; the cache's own tests turn it back on. Rate-limit
    counts live in the cache too: each test starts with none."""
    from django.core.cache import cache

    settings.PUBLIC_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English; a request in another language must not leak into the next."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def kazakhstan(db):
    return Country.objects.get(iso2="KZ")


@pytest.fixture
def china(db):
    return Country.objects.get(iso2="CN")


@pytest.fixture
def source(db):
    return Source.objects.create(
        title="A test report",
        publisher="Test Wire",
        url="https://example.org/test-report",
        published_on=datetime.date(2024, 1, 15),
    )


@pytest.fixture
def sector(db):
    return Sector.objects.create(name="Test sector", slug="test-sector")


@pytest.fixture
def make_project(sector, source, kazakhstan):
    def make(**fields):
        defaults = {
            "title": "Test project",
            "slug": "test-project",
            "summary": "A project made by a test.",
            "sector": sector,
            "status": ProjectStatus.PLANNED,
        }
        defaults.update(fields)
        project = Project.objects.create(**defaults)
        project.countries.add(kazakhstan)
        project.sources.add(source)
        return project

    return make


@pytest.fixture
def make_summit(source, kazakhstan):
    def make(**fields):
        defaults = {
            "title": "Test summit",
            "slug": "test-summit",
            "kind": SummitKind.SUMMIT,
            "start_date": datetime.date(2026, 5, 1),
            "end_date": datetime.date(2026, 5, 2),
            "summary": "A summit made by a test.",
        }
        defaults.update(fields)
        summit = Summit.objects.create(**defaults)
        summit.participants.add(kazakhstan)
        summit.sources.add(source)
        return summit

    return make


@pytest.fixture
def make_trade(china, source):
    def make(partner, **fields):
        defaults = {
            "reporter": china,
            "partner": partner,
            "flow": TradeFlow.TOTAL,
            "period": TradePeriod.ANNUAL,
            "year": 2025,
            "value_usd": 1_000_000,
            "source": source,
            "publication_status": PublicationStatus.PUBLISHED,
        }
        defaults.update(fields)
        return TradeStatistic.objects.create(**defaults)

    return make


@pytest.fixture
def new_country(db):
    return Country.objects.create(
        iso2="QQ", iso3="QQQ", name="Testland", slug="testland", role=CountryRole.OTHER
    )


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
