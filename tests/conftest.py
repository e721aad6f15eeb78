import contextlib
import datetime
import gc
import os
import threading
from collections import Counter

import pytest
from _pytest.nodeid import coerce_node_id
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.test.utils import override_settings, setup_databases, teardown_databases
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from config.process import settle
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
from cooperation.services.accounts import token_create

from . import factories
from .seeded_database import template_for

# Generated tests (hypothesis, schemathesis) draw the same examples on every run of `make test`
# and CI: derandomized, with no example database to carry draws from one run into the next, and
# a failure prints the `@reproduce_failure` line that replays it. `make fuzz` selects `fuzz`:
# random draws, many more examples, and the local example database that replays past failures.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("fuzz", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """Every test starts from the seed content: a copy of a database migrated and seeded once
    (tests/seeded_database.py), in a transaction rolled back after the test."""
    from django.db import connections

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with django_db_blocker.unblock():
        template = template_for(connections["default"].settings_dict)
        template.ensure()
        template.install(worker)
        # No test restores a serialized copy (serialized_rollback), so none is made: writing
        # the seeded rows out as JSON cost each worker 1.5 s.
        databases = setup_databases(
            verbosity=0,
            interactive=False,
            keepdb=True,
            aliases={"default"},
            serialized_aliases=set(),
        )
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=0)
        template.uninstall()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """PBKDF2 costs half a second per password set; tests check who may do what, not hashing."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def snapshots_apart(settings, tmp_path_factory):
    """Bulk downloads go to a folder of the test's own; none is written in the background
    after a publish (tests/api/test_snapshots.py turns that on)."""
    settings.SNAPSHOT_ROOT = tmp_path_factory.mktemp("snapshots")
    settings.SNAPSHOT_DELAY_SECONDS = None


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
def make_projects(sector, source, kazakhstan):
    """`count` published projects as make_project makes one (its sector, Kazakhstan, the
    source), numbered from 0 where a text has `{n}`, by the bulk builder: no history entry per
    link (tests/factories.py)."""

    def make(count, **fields):
        fields = {"summary": "A project made by a test.", **fields}
        return factories.projects(
            0, count, sector=sector, countries=[kazakhstan], sources=[source], **fields
        )

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
def editor(db):
    """A signed-in member of the Editors group."""
    user = User.objects.create_user("api-editor", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=editor)[1]}")
    return client


@pytest.fixture
def api_client():
    return APIClient()


def pytest_configure(config):
    # Collecting builds hundreds of thousands of objects that live for the whole run (Django,
    # schemathesis's schema and cases): the collector would walk them twenty times meanwhile.
    # pytest-xdist's controller collects nothing; its workers do.
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        gc.disable()


def pytest_sessionstart(session):
    """pytest-xdist's controller builds the seeded template while its workers start and collect
    (a quarter of a minute), instead of the first worker to need it building it while the
    other waits on it. A failed build is left for the workers to report: they find no
    template and build it themselves."""
    config = session.config
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        return
    template = template_for(django_settings.DATABASES["default"])

    def build():
        with contextlib.suppress(Exception):
            template.ensure()

    config.template_build = threading.Thread(target=build, daemon=True)
    config.template_build.start()


def pytest_sessionfinish(session):
    build = getattr(session.config, "template_build", None)
    if build is not None:
        build.join()


def pytest_collection_finish(session):
    """What collection built is kept out of the collector's walks (gc.freeze), and the young
    generation is collected every 50,000 allocations rather than 700: a run spent a tenth of
    its time in the collector, most of it walking objects that never die. As the app servers
    settle (config/process.py), without the collection first: it would walk all of it."""
    settle(collect_first=False)
    gc.enable()


# A test that takes longer than this without the `slow` marker slows the edit loop (make check).
SLOW_SECONDS = 3


def pytest_terminal_summary(terminalreporter):
    reports = [
        report
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call"
    ]
    unmarked = sorted(
        (r for r in reports if r.duration > SLOW_SECONDS and "slow" not in r.keywords),
        key=lambda r: -r.duration,
    )
    if unmarked:
        terminalreporter.section(f"over {SLOW_SECONDS} s without the slow marker")
        for report in unmarked:
            terminalreporter.line(f"{report.duration:6.1f}s {report.nodeid}")


def needs_database(item):
    """Whether a test waits for the seeded template: it uses the test database, or starts from
    a copy of the template (`own_sqlite`)."""
    return bool(
        item.get_closest_marker("django_db")
        or item.get_closest_marker("own_sqlite")
        or "django_db_setup" in getattr(item, "fixturenames", ())
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """pytest-xdist hands tests to its workers by node id: two tests with one id would run once."""
    for item in items:
        # Schemathesis (4.32, on pytest 9.2's structured ids) gives every operation's test the
        # function's id alone; the operation goes in as its parameter.
        label = getattr(item, "operation_label", None)
        if label and not item.nodeid.endswith("]"):
            item._id = coerce_node_id(f"{item.nodeid}[{label}]")
        # pytest-xdist (3.8) names a test's group by a suffix to its node id, which it sets
        # where pytest 9.2 no longer reads it: without this, `xdist_group` groups nothing.
        # Known upstream (pytest-xdist issue 1386, fix proposed in 1388); drop this once a
        # pinned release sets the suffix itself.
        groups = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if groups and getattr(config.option, "loadgroup", False) and "@" not in item.nodeid:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(sorted(groups))}")
    seen = Counter(item.nodeid for item in items)
    twice = sorted(nodeid for nodeid, count in seen.items() if count > 1)
    if twice:
        raise pytest.UsageError(f"tests share a node id, so one would not run: {twice[:5]}")
    if "postgresql" in django_settings.DATABASES["default"]["ENGINE"]:
        # The same work on the same SQLite files as in the SQLite run: nothing of PostgreSQL's.
        elsewhere = pytest.mark.skip(reason="runs on SQLite databases of its own: the SQLite run")
        for item in items:
            if item.get_closest_marker("own_sqlite"):
                item.add_marker(elsewhere)
    # The tests that need no database first: they run while the seeded template is still being
    # built (a quarter of a minute on SQLite), when a test that needs it could only wait. Then
    # the long tests: the workers then end together on short ones, rather than one waiting
    # while the other finishes a minute-long test handed out last.
    items.sort(key=lambda item: (needs_database(item), item.get_closest_marker("slow") is None))

    if os.environ.get("TEST_MATRICES") == "covering":
        covering = covering_sample(items)
        config.hook.pytest_deselected(items=[item for item in items if item not in covering])
        items[:] = [item for item in items if item in covering]


# A test parametrized into at least this many cases is a matrix (every door × every payload).
MATRIX = 20


def covering_sample(items):
    """For the edit loop (`make check`), each matrix's first cases that between them give every
    parameter each of its values at least once: every door and every payload is still tried,
    not every pair (`make test` tries them all). Chosen by the cases' ids, so every xdist
    worker picks the same cases."""
    cases = Counter(item.function for item in items if hasattr(item, "callspec"))
    covered, kept = set(), set()
    for item in items:
        if cases.get(getattr(item, "function", None), 0) < MATRIX:
            kept.add(item)
            continue
        # Each parametrize's id for this case (pytest keeps them in order; the values themselves
        # need not be hashable or print the same in every process).
        values = {(item.function, *place) for place in enumerate(item.callspec._idlist)}
        if not values <= covered:
            covered |= values
            kept.add(item)
    return kept
