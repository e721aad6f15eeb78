"""The relations an API answer shows are read as values for its page (`api/relations.py`), not
built as model instances: each answer is the same to the byte as the one worked out from
prefetched records, in every language, at a record's own address too, with the edges a
prefetch handled by itself (a draft linked to a published record, a name with no translation,
a record with no links, a list of records no page shows)."""

import datetime

import pytest

from cooperation.api import urls  # noqa: F401 (every viewset, loaded)
from cooperation.api.base import RecordViewSet
from cooperation.models import (
    Organization,
    Outcome,
    OutcomeKind,
    ProjectPartner,
    PublicationStatus,
)

pytestmark = pytest.mark.django_db

RESOURCES = ["projects", "summits", "commitments", "articles", "finance", "countries"]
LANGUAGES = ["en", "zh-hans", "ru"]


def viewsets(cls=RecordViewSet):
    for sub in cls.__subclasses__():
        yield sub
        yield from viewsets(sub)


def read_as_values():
    return {cls: cls.values_relations for cls in viewsets() if cls.values_relations}


def test_every_resource_with_links_reads_them_as_values():
    names = {cls.__name__ for cls in read_as_values()}
    assert names == {
        "ProjectViewSet",
        "SummitViewSet",
        "CommitmentViewSet",
        "ArticleViewSet",
        "FinanceRecordViewSet",
        "CountryViewSet",
    }


@pytest.fixture
def both_ways(api_client, monkeypatch):
    """The answer read as values, and the same request worked out from prefetched records."""
    relations = read_as_values()

    def answers(url, client=api_client):
        as_values = client.get(url)
        for cls in relations:
            monkeypatch.setattr(cls, "values_relations", ())
        from_records = client.get(url)
        for cls, kept in relations.items():
            monkeypatch.setattr(cls, "values_relations", kept)
        assert as_values.status_code == from_records.status_code == 200, as_values.content
        return as_values.content, from_records.content

    return answers


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_list_and_its_records_are_the_same_to_the_byte(both_ways, api_client, resource,
                                                         language):  # fmt: skip
    as_values, from_records = both_ways(f"/api/v1/{resource}/?page_size=100&lang={language}")
    assert as_values == from_records
    records = api_client.get(f"/api/v1/{resource}/?page_size=100&lang={language}").json()
    assert records["results"], resource
    # The records with the most links, where a mistake would show.
    richest = sorted(records["results"], key=lambda record: -len(str(record)))[:4]
    for record in richest:
        address = (record.get("url") or record["api_url"]).split("testserver", 1)[1]
        as_values, from_records = both_ways(f"{address}?lang={language}")
        assert as_values == from_records, address


@pytest.mark.parametrize(
    "query",
    [
        "fields=slug,partners",
        "fields=slug,sources_detail,countries",
        "fields=slug,summits&ordering=title",
        "paging=cursor&page_size=5",
    ],
)
def test_a_chosen_shape_or_a_cursor_walk_is_the_same_to_the_byte(both_ways, query):
    as_values, from_records = both_ways(f"/api/v1/projects/?{query}&lang=ru")
    assert as_values == from_records


def test_the_edges_a_prefetch_handled_are_handled(both_ways, api_client, make_project,
                                                  make_summit, kazakhstan, china):  # fmt: skip
    draft_summit = make_summit(slug="draft-summit", publication_status=PublicationStatus.DRAFT)
    published_summit = make_summit(
        slug="published-summit", title="Published summit",
        publication_status=PublicationStatus.PUBLISHED,
    )  # fmt: skip
    english_only = Organization.objects.create(slug="english-only", name="English Only Bank")
    project = make_project(slug="with-edges", publication_status=PublicationStatus.PUBLISHED)
    project.countries.add(china)
    project.summits.add(draft_summit, published_summit)
    ProjectPartner.objects.create(project=project, organization=english_only, role="lender")
    Outcome.objects.create(
        summit=published_summit, slug="no-parties", title="A declaration",
        kind=OutcomeKind.DECLARATION, signed_on=datetime.date(2026, 5, 2),
    )  # fmt: skip
    lonely = make_project(slug="no-links", publication_status=PublicationStatus.PUBLISHED)
    lonely.countries.clear()
    lonely.sources.clear()

    for language in LANGUAGES:
        for url in ["/api/v1/projects/with-edges/", "/api/v1/projects/no-links/",
                    "/api/v1/summits/published-summit/",
                    "/api/v1/projects/?page_size=100"]:  # fmt: skip
            joiner = "&" if "?" in url else "?"
            as_values, from_records = both_ways(f"{url}{joiner}lang={language}")
            assert as_values == from_records, (url, language)

    shown = api_client.get("/api/v1/projects/with-edges/?lang=ru").json()
    assert shown["summits"] == ["published-summit"]  # the draft is the editors' alone
    assert shown["countries"] == ["CN", "KZ"]
    assert shown["partners"] == [
        {"organization": "english-only", "name": "English Only Bank", "role": "lender"}
    ]
    assert api_client.get("/api/v1/projects/no-links/").json()["countries"] == []
    outcomes = api_client.get("/api/v1/summits/published-summit/").json()["outcomes"]
    assert [outcome["parties"] for outcome in outcomes] == [[]]


def test_an_editors_list_of_drafts_is_the_same_to_the_byte(both_ways, editor_api, make_project):
    make_project(slug="a-draft", publication_status=PublicationStatus.DRAFT)
    as_values, from_records = both_ways(
        "/api/v1/projects/?publication_status=all&page_size=100", client=editor_api
    )
    assert as_values == from_records
    assert b'"a-draft"' in as_values
