"""A client generated from the live schema with openapi-python-client is right as it is: it
reads every resource anonymously (a plain `Client`, no token), with typed filters (lists of
enumerated values, whole-number years), and mypy accepts the code that uses it."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from cooperation.models import Article, Commitment

pytestmark = pytest.mark.django_db

BIN = Path(sys.executable).parent

# What a data journalist would write: one filtered, anonymous read of each resource.
USES_THE_CLIENT = textwrap.dedent(
    """
    from tracker_client import Client
    from tracker_client.api.articles import v1_articles_list
    from tracker_client.api.commitments import v1_commitments_list
    from tracker_client.api.countries import v1_countries_list
    from tracker_client.api.organizations import v1_organizations_list
    from tracker_client.api.projects import v1_projects_list
    from tracker_client.api.sectors import v1_sectors_list
    from tracker_client.api.sources import v1_sources_list
    from tracker_client.api.summits import v1_summits_list
    from tracker_client.api.trade_statistics import v1_trade_statistics_list
    from tracker_client.models import (
        PaginatedArticleList,
        PaginatedCommitmentList,
        PaginatedCountryList,
        PaginatedOrganizationList,
        PaginatedProjectList,
        PaginatedSectorList,
        PaginatedSourceList,
        PaginatedSummitList,
        PaginatedTradeStatisticList,
        V1ArticlesListKindItem,
        V1CommitmentsListStatusItem,
        V1CountriesListRoleItem,
        V1OrganizationsListKindItem,
        V1ProjectsListLang,
        V1ProjectsListOrderingItem,
        V1ProjectsListStatusItem,
        V1SummitsListKindItem,
        V1TradeStatisticsListFlowItem,
    )


    def read_each(client: Client, article_kind: str, commitment_status: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        countries = v1_countries_list.sync(
            client=client, role=[V1CountriesListRoleItem.CENTRAL_ASIA]
        )
        assert isinstance(countries, PaginatedCountryList), countries
        counts["countries"] = countries.count
        sectors = v1_sectors_list.sync(client=client, search="energy")
        assert isinstance(sectors, PaginatedSectorList), sectors
        counts["sectors"] = sectors.count
        organizations = v1_organizations_list.sync(
            client=client, kind=[V1OrganizationsListKindItem.COMPANY], country=["CN"]
        )
        assert isinstance(organizations, PaginatedOrganizationList), organizations
        counts["organizations"] = organizations.count
        sources = v1_sources_list.sync(client=client, language=["zh", "ru"], page_size=5)
        assert isinstance(sources, PaginatedSourceList), sources
        counts["sources"] = sources.count
        projects = v1_projects_list.sync(
            client=client,
            country=["KZ", "UZ"],
            status=[V1ProjectsListStatusItem.OPERATIONAL, V1ProjectsListStatusItem.PLANNED],
            ordering=[V1ProjectsListOrderingItem.STATUS, V1ProjectsListOrderingItem.TITLE],
            lang=V1ProjectsListLang.RU,
        )
        assert isinstance(projects, PaginatedProjectList), projects
        counts["projects"] = projects.count
        summits = v1_summits_list.sync(client=client, kind=[V1SummitsListKindItem.SUMMIT])
        assert isinstance(summits, PaginatedSummitList), summits
        counts["summits"] = summits.count
        trade = v1_trade_statistics_list.sync(
            client=client,
            reporter=["CN"],
            flow=[V1TradeStatisticsListFlowItem.TOTAL],
            year_min=2023,
        )
        assert isinstance(trade, PaginatedTradeStatisticList), trade
        assert all(figure.year >= 2023 for figure in trade.results)
        counts["trade-statistics"] = trade.count
        articles = v1_articles_list.sync(
            client=client, kind=[V1ArticlesListKindItem(article_kind)]
        )
        assert isinstance(articles, PaginatedArticleList), articles
        counts["articles"] = articles.count
        commitments = v1_commitments_list.sync(
            client=client, status=[V1CommitmentsListStatusItem(commitment_status)]
        )
        assert isinstance(commitments, PaginatedCommitmentList), commitments
        counts["commitments"] = commitments.count
        return counts
    """
)


@pytest.fixture
def generated(client, tmp_path):
    """The client package generated from the schema the site serves, beside the code above."""
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        [BIN / "openapi-python-client", "generate", "--path", "schema.json"]
        + ["--output-path", "tracker_client", "--meta", "none"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    (tmp_path / "uses_the_client.py").write_text(USES_THE_CLIENT)
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.split(".")[0] in ("tracker_client",)]:
        del sys.modules[name]
    sys.modules.pop("uses_the_client", None)


@pytest.fixture
def in_process_server():
    """An httpx transport into this process's site, on the test's own database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield httpx.WSGITransport(app=WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Slow: generating the client (about 10 s) and type-checking it with mypy (about 30 s).
@pytest.mark.slow
def test_a_generated_client_reads_every_resource_anonymously_and_type_checks(
    generated, in_process_server
):
    checked = subprocess.run(
        # Errors in the generator's own code (its client.py's __exit__ under --strict) are its
        # makers' business; what is checked is the code that uses the client.
        [BIN / "mypy", "--strict", "--no-incremental", "--follow-imports=silent"]
        + ["uses_the_client.py"],
        cwd=generated,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

    from tracker_client import Client
    from uses_the_client import read_each

    client = Client(base_url="http://testserver", httpx_args={"transport": in_process_server})
    counts = read_each(
        client,
        article_kind=Article.objects.published().first().kind,
        commitment_status=Commitment.objects.published().first().status,
    )
    assert set(counts) == {
        "countries",
        "sectors",
        "organizations",
        "sources",
        "projects",
        "summits",
        "trade-statistics",
        "articles",
        "commitments",
    }
    empty = [resource for resource, count in counts.items() if not count]
    assert not empty, counts
