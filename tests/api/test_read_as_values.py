"""The relations an API answer shows are read as values for its page (`api/relations.py`), not
built as model instances: each answer is the same to the byte as the one worked out from
prefetched records, in every language, at a record's own address too, with the edges a
prefetch handled by itself (a draft linked to a published record, a name with no translation,
a record with no links), and without building a model instance of any record a relation read
as values shows."""

import datetime

import pytest
from django.db.models.signals import post_init

from cooperation.api import urls  # noqa: F401 (every viewset, loaded)
from cooperation.api.base import RecordViewSet
from cooperation.api.relations import prefetched
from cooperation.models import (
    Article,
    Commitment,
    Evidence,
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


def test_each_relation_is_read_from_the_prefetch_it_replaces():
    """What a relation may show (published summits only, say) is said once, in the prefetch of
    the records' own queryset (`with_related()`); reading it as values takes it from there. So a
    relation read as values is one that queryset prefetches, and one of records that can be
    drafts, nested ones included, is read from a prefetch that says which may be shown."""

    def check(relation, model, sources, where):
        related = model._meta.get_field(relation.relation).related_model
        base = prefetched(sources)
        if hasattr(related, "publication_status"):
            assert base is not None, f"{where}.{relation.relation} would show drafts"
        for inner in relation.nested:
            within = [(base, inner.relation)] if base is not None else []
            above = [(source, f"{path}__{inner.relation}") for source, path in sources]
            check(inner, related, within + above, f"{where}.{relation.relation}")

    for cls, relations in read_as_values().items():
        queryset = cls().base_queryset()
        named = {
            getattr(lookup, "prefetch_through", lookup).split("__")[0]
            for lookup in queryset._prefetch_related_lookups
        }
        for relation in relations:
            assert relation.relation in named, f"{cls.__name__}: {relation.relation}"
            check(relation, queryset.model, [(queryset, relation.relation)], cls.__name__)


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


def test_a_draft_linked_from_a_published_article_or_evidence_is_not_shown(
    both_ways, api_client, make_project, make_summit, make_trade, kazakhstan, source
):
    draft_project = make_project(slug="draft-project", publication_status=PublicationStatus.DRAFT)
    shown_project = make_project(
        slug="shown-project", publication_status=PublicationStatus.PUBLISHED
    )
    draft_summit = make_summit(slug="draft-summit", publication_status=PublicationStatus.DRAFT)
    draft_figure = make_trade(kazakhstan, year=1991, publication_status=PublicationStatus.DRAFT)
    shown_figure = make_trade(kazakhstan, year=1992)
    article = Article.objects.create(
        slug="links-drafts", title="Links drafts", kind="news", standfirst="Links drafts.",
        published_on=datetime.date(2031, 1, 1), publication_status=PublicationStatus.PUBLISHED,
    )  # fmt: skip
    article.projects.add(draft_project, shown_project)
    article.summits.add(draft_summit)
    pledge = Commitment.objects.create(
        slug="cites-drafts", title="Cites drafts", status="in_progress",
        status_justification="A test.", publication_status=PublicationStatus.PUBLISHED,
        target_kind="count",
    )  # fmt: skip
    pledge.parties.add(kazakhstan)
    pledge.projects.add(draft_project, shown_project)
    evidence = Evidence.objects.create(
        commitment=pledge, date=datetime.date(2024, 5, 1), precision="month",
        summary="Cites drafts.", source=source,
    )  # fmt: skip
    evidence.projects.add(draft_project, shown_project)
    evidence.summits.add(draft_summit)
    evidence.trade_statistics.add(draft_figure, shown_figure)

    for url in [
        "/api/v1/articles/links-drafts/",
        "/api/v1/commitments/cites-drafts/",
        "/api/v1/articles/?page_size=100",
        "/api/v1/commitments/?page_size=100",
    ]:
        as_values, from_records = both_ways(url)
        assert as_values == from_records, url
    shown = api_client.get("/api/v1/articles/links-drafts/").json()
    assert (shown["projects"], shown["summits"]) == (["shown-project"], [])
    shown = api_client.get("/api/v1/commitments/cites-drafts/").json()
    assert shown["projects"] == ["shown-project"]
    [cited] = shown["evidence"]
    assert (cited["projects"], cited["summits"]) == (["shown-project"], [])
    assert cited["trade_statistics"] == [shown_figure.pk]
    assert cited["source"] == source.pk


def test_a_head_request_and_a_kept_representation_agree_with_a_get(api_client, settings):
    from django.core.cache import cache

    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    first = api_client.get("/api/v1/summits/?page_size=100&lang=ru")
    kept = api_client.get("/api/v1/summits/?page_size=100&lang=ru&_=again")
    assert first.content == kept.content
    address = first.json()["results"][0]["url"].split("testserver", 1)[1]
    got = api_client.get(f"{address}?lang=ru")
    head = api_client.head(f"{address}?lang=ru")
    assert head.status_code == got.status_code == 200
    assert head["ETag"] == got["ETag"] and not head.content


# What a list of each resource builds as model instances: its records and the records its
# select_related() joins (and a commitment's progress, the figures it is measured on), never
# the records of a relation read as values.
BUILT = {
    "projects": {"Project", "Sector"},
    "summits": {"Summit", "SummitSeries", "Country"},
    "commitments": {"Commitment", "Summit", "Outcome", "Sector", "Country", "TradeStatistic"},
    "articles": {"Article"},
    "finance": {"FinanceRecord", "Country", "Organization", "Sector", "Project"},
    "countries": {"Country", "Strategy"},
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_no_record_of_a_relation_read_as_values_is_built(api_client, resource):
    built = []

    def count(sender, **kwargs):
        built.append(sender.__name__)

    post_init.connect(count)
    try:
        response = api_client.get(f"/api/v1/{resource}/?page_size=100")
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200
    assert set(built) <= BUILT[resource], set(built) - BUILT[resource]
    # Countries are built only as the records a summit, commitment or finance record joins
    # (its host, target or recipient): at most one or two each, never one per party.
    records = len(response.json()["results"])
    assert built.count("Country") <= 2 * records or resource == "countries"


def test_an_editors_list_of_drafts_is_the_same_to_the_byte(both_ways, editor_api, make_project):
    make_project(slug="a-draft", publication_status=PublicationStatus.DRAFT)
    as_values, from_records = both_ways(
        "/api/v1/projects/?publication_status=all&page_size=100", client=editor_api
    )
    assert as_values == from_records
    assert b'"a-draft"' in as_values
