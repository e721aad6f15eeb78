"""What a request costs when the page cache cannot answer it (the first reader after a change,
an editor, a filtered address nobody asked for before): pages read only what they show, the
facet counts are worked out once per change to the content, and no table renders a template
per row."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.models import Country, Project, Source, TradeStatistic

from .query_counts import count_queries

pytestmark = pytest.mark.django_db


def test_the_projects_page_reads_only_what_its_rows_show(client, django_assert_num_queries):
    # 1 the list's count
    # 2-11 the facets: records per country, the countries' names; per sector, the sectors'
    #      names; per status; per partner, the organizations' names; per financier, their
    #      names; per instrument
    # 12-14 the map: its points, their countries' names, the countries' labels
    # 15 the page of projects with their sectors (and the financed total)
    # 16 their host countries
    # 17 the content version (Last-Modified)
    # Partners, sources and summits, which the API shows and the rows do not, are not read.
    with django_assert_num_queries(17):
        response = client.get("/en/projects/")
    assert response.status_code == 200


def test_the_projects_api_reads_partners_with_their_organizations(
    api_client, django_assert_num_queries
):
    # 1 the content version (ETag), 2 the count, 3 the page of projects with their sectors,
    # each relation read as values (api/relations.py): 4 their countries' codes, 5 their
    # partners, 6 the partners' organizations (their names in the reader's language, on their
    # own model), 7 their sources, 8 their published summits' slugs.
    with django_assert_num_queries(8):
        response = api_client.get("/api/v1/projects/", {"page_size": 20})
    assert response.status_code == 200
    partners = [p for project in response.json()["results"] for p in project["partners"]]
    assert partners and all(p["organization"] and p["name"] for p in partners)


def test_facet_counts_are_worked_out_once_per_change_to_the_content(
    client, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    connection._content_bump = None  # the test's transaction never commits
    first = count_queries(client, "/en/projects/?ordering=title")
    # Another address (so the page cache misses) with the same filters: the list's count, the
    # ten facet queries and the rows of the projects shown before come from the cache. Left:
    # the content version, the page's keys, and the map (its points, their countries' names,
    # the countries' labels), whose points follow the list's order.
    second = count_queries(client, "/en/projects/?ordering=-start")
    assert first >= 17 and second == 5
    # The same order, on another address: the whole content is kept (test_kept_content.py).
    assert count_queries(client, "/en/projects/?ordering=-start&_=1") == 1

    # A change to the content is counted at once.
    before = operational(client.get("/en/projects/?ordering=slug"))
    project = Project.objects.published().filter(status="operational").first()
    project.status = "suspended"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    assert operational(client.get("/en/projects/?ordering=slug")) == before - 1


@pytest.mark.parametrize("path", ["/en/projects/", "/ru/finance/", "/zh-hans/commitments/"])
def test_the_filter_form_is_kept_for_the_filters_given(client, shared_cache, path):
    """The filter form, with its facets and their counts, follows from the filters given
    alone: another page, or a parameter the filters do not know, renders none of its fields;
    other filters, or another order, render it again."""

    def widgets(query):
        response = client.get(path + query)
        assert response.status_code == 200
        return [t.name for t in response.templates if t.name.startswith("django/forms/")]

    assert widgets("?ordering=-updated_at")  # worked out, and kept
    assert widgets("?ordering=-updated_at&utm_source=newsletter") == []
    assert widgets("?ordering=-updated_at&page=1&_=1") == []
    assert widgets("?ordering=updated_at") and widgets("?ordering=-updated_at&search=a")
    page = client.get(path + "?ordering=updated_at&_=2").text
    assert '<option value="updated_at" selected>' in page


def test_kept_facets_follow_every_filter_they_count_with(client, shared_cache):
    """`updated_since` is no facet, but the facets count within it."""
    assert operational(client.get("/en/projects/")) > 0
    later = client.get("/en/projects/", {"updated_since": "2999-01-01T00:00:00Z"})
    assert later.status_code == 200
    assert "facet__count" not in later.text


def test_a_refused_order_never_stands_for_the_valid_lists_facets(client, shared_cache):
    """A refused form counts with no filter; kept, its facets would have shown the valid list
    unfiltered, with nothing ticked."""
    refused = client.get("/en/projects/", {"status": "planned", "ordering": "bogus"})
    assert refused.status_code == 400
    page = client.get("/en/projects/", {"status": "planned"})
    (status,) = [facet for facet in page.context["facets"] if facet.name == "status"]
    assert [option.value for option in status.options if option.checked] == ["planned"]
    (sector,) = [facet for facet in page.context["facets"] if facet.name == "sector"]
    planned = Project.objects.published().filter(status="planned").count()
    assert sum(option.count for option in sector.options) == planned


def operational(response):
    """The status facet's count of operational projects."""
    (status,) = [facet for facet in response.context["facets"] if facet.name == "status"]
    return next(option.count for option in status.options if option.value == "operational")


def add_years(start, count):
    kz = Country.objects.get(iso2="KZ")
    china = Country.objects.get(iso2="CN")
    source = Source.objects.first()
    for year in range(1991 + start, 1991 + start + count):
        for reporter, partner in ((china, kz), (kz, china)):
            TradeStatistic.objects.get_or_create(
                reporter=reporter,
                partner=partner,
                flow="total",
                period="annual",
                year=year,
                defaults={"value_usd": 1000, "source": source, "publication_status": "published"},
            )


@pytest.mark.parametrize("url", ["/en/trade/", "/en/"])
def test_the_trade_tables_render_no_template_per_cell(client, url):
    add_years(0, 2)
    few = len(client.get(url).templates)
    add_years(2, 10)
    many = client.get(url)
    assert b"figure-link" in many.content
    assert len(many.templates) == few


def test_a_list_of_chosen_fields_reads_only_their_relations(api_client, django_assert_num_queries):
    full = api_client.get("/api/v1/projects/", {"page_size": 20}).json()["results"]
    # 1 the content version, 2 the count, 3 the page: no partners, sources or summits.
    with django_assert_num_queries(3):
        slugs = api_client.get("/api/v1/projects/", {"page_size": 20, "fields": "slug,title,url"})
    assert slugs.json()["results"] == [
        {"slug": p["slug"], "title": p["title"], "url": p["url"]} for p in full
    ]
    # 4 their countries, and nothing else.
    with django_assert_num_queries(4):
        countries = api_client.get(
            "/api/v1/projects/", {"page_size": 20, "fields": "slug,countries,start"}
        )
    assert countries.json()["results"] == [
        {"slug": p["slug"], "countries": p["countries"], "start": p["start"]} for p in full
    ]


@pytest.mark.slow  # every field of five resources, one request each: about ten seconds
@pytest.mark.parametrize(
    "resource", ["projects", "summits", "commitments", "articles", "countries"]
)
def test_no_chosen_field_costs_more_queries_than_the_whole_list(api_client, resource):
    url = f"/api/v1/{resource}/"
    with CaptureQueriesContext(connection) as captured:
        full = api_client.get(url, {"page_size": 20}).json()["results"]
    assert full
    for name in full[0]:
        with CaptureQueriesContext(connection) as narrowed:
            response = api_client.get(url, {"page_size": 20, "fields": name})
        # A prefetch dropped that the field reads would cost a query per row.
        assert len(narrowed) <= len(captured), name
        assert response.json()["results"] == [{name: record[name]} for record in full], name


@pytest.fixture
def shared_cache(settings):
    from django.core.cache import cache

    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    connection._content_bump = None  # the test's transaction never commits


KEPT_LISTS = ["projects", "summits", "commitments", "trade-statistics", "finance", "countries"]


@pytest.mark.parametrize(
    "resource,query",
    [(resource, "page_size=10&lang=ru") for resource in KEPT_LISTS]
    + [
        ("projects", "fields=slug,title,countries&page_size=4"),
        ("projects", "page=3&page_size=3&ordering=-title"),  # past the middle: read backwards
        ("commitments", "page_size=30&lang=zh-hans"),
        ("trade-statistics", "page=2&page_size=7&ordering=value_usd"),
    ],
)
def test_a_list_built_from_kept_representations_is_the_same_to_the_byte(
    editor_api, settings, resource, query
):
    # An editor's token bypasses the page cache, so each answer is built anew.
    url = f"/api/v1/{resource}/?{query}"
    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = editor_api.get(url).content
    settings.PUBLIC_CACHE_SECONDS = 300
    filling = editor_api.get(url).content
    kept = editor_api.get(url).content
    assert worked_out == filling == kept


def test_a_records_representation_is_kept_until_the_content_changes(
    api_client, shared_cache, django_capture_on_commit_callbacks
):
    first = api_client.get("/api/v1/projects/", {"page_size": 20}).json()["results"]
    project = Project.objects.get(slug=first[0]["slug"])
    # A write that bypasses the content version (no signal) shows it is not serialized again:
    Project.objects.filter(pk=project.pk).update(title_en="Changed behind the version's back")
    # another address, which the page cache has never seen, with the same records.
    again = api_client.get("/api/v1/projects/", {"page_size": 20, "_": "1"}).json()["results"]
    assert again == first

    project.refresh_from_db()
    project.title = "Renamed by an editor"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    after = api_client.get("/api/v1/projects/", {"page_size": 20, "_": "2"}).json()["results"]
    (renamed,) = [record for record in after if record["slug"] == project.slug]
    assert renamed["title"] == "Renamed by an editor"


def test_a_country_pages_counts_and_finance_sums_are_kept_until_the_content_changes(
    client, shared_cache
):
    first = count_queries(client, "/en/countries/kazakhstan/")
    # Another address, so the page cache misses: the content is kept whole, and only the
    # content version and the country (for the page's title) are read.
    assert count_queries(client, "/en/countries/kazakhstan/?_=1") == 2
    # Over https the content's links differ, so it is worked out again from the kept parts.
    # From the cache: the counts of its projects,
    # its summits and those it hosted (3); its projects by status (1); the map's points, their
    # countries' names and the countries' labels (3); its trade series, China's and its own,
    # each with China's id (4); the finance it received by year, by sector with the sectors'
    # names, by financier (two queries) with their names (6); the rows of its projects, read
    # by key, so neither the projects nor their countries are read (2).
    assert count_queries(client, "/en/countries/kazakhstan/?_=2", secure=True) == first - 19


def test_kept_representations_hold_plain_values(api_client, shared_cache):
    # A DRF hyperlink is a str that carries its record with every prefetched relation: kept
    # as it is, each cache read would rebuild the records (slower than serializing again).
    results = api_client.get("/api/v1/commitments/", {"page_size": 5}).data["results"]
    assert {type(record["url"]) for record in results} == {str}


@pytest.mark.parametrize("resource", KEPT_LISTS)
def test_a_list_whose_records_are_all_kept_reads_only_their_keys(
    api_client, shared_cache, resource
):
    url = f"/api/v1/{resource}/"
    filled = api_client.get(url, {"page_size": 20, "_": "fill"}).json()
    with CaptureQueriesContext(connection) as captured:
        kept = api_client.get(url, {"page_size": 20, "_": "again"}).json()
    assert kept["results"] == filled["results"] and kept["count"] == filled["count"]
    # The content version (for the ETag) and the page's primary keys; the count is kept too.
    # No record is built, and none of their relations is read.
    (version, keys) = [query["sql"] for query in captured.captured_queries]
    assert "contentversion" in version
    assert keys.split(" FROM ")[0].count(",") == 0, keys  # one column: the key


def test_a_page_partly_kept_reads_only_the_records_the_cache_lacks(api_client, shared_cache):
    from django.core.cache import cache

    url = "/api/v1/projects/"
    worked_out = api_client.get(url, {"page_size": 10, "_": "a"}).json()["results"]
    cache.clear()
    kept = api_client.get(url, {"page_size": 4, "_": "b"}).json()["results"]
    with CaptureQueriesContext(connection) as captured:
        mixed = api_client.get(url, {"page_size": 10, "_": "c"}).json()["results"]
    assert mixed == worked_out
    # The records are read for the six the cache lacks, not for the ten the page shows.
    (read,) = [
        re.search(r'"cooperation_project"."id" IN \(([\d, ]+)\)', query["sql"]).group(1)
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "cooperation_project"."id", ')
    ]
    read = set(Project.objects.filter(pk__in=read.split(", ")).values_list("slug", flat=True))
    assert read == {record["slug"] for record in mixed} - {record["slug"] for record in kept}
    assert len(read) == 6


def test_a_cursor_walk_with_kept_representations_gives_the_same_records(
    api_client, shared_cache, settings
):
    url = "/api/v1/projects/?paging=cursor&page_size=7"
    kept = api_client.get(url).json()
    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = api_client.get(url).json()
    assert kept["results"] == worked_out["results"] and kept["results"]


@pytest.mark.parametrize(
    "path",
    [
        "/en/projects/",
        "/en/projects/?ordering=title&status=operational&status=planned",
        "/en/finance/?page=15",  # past the middle: read from the other end
        "/ru/commitments/",
        "/zh-hans/finance/?page=3",
        "/en/articles/",
        "/ru/summits/",
        "/en/countries/kazakhstan/",
        "/en/trade/",
        "/ru/",
        "/zh-hans/trade/?flow=exports&reporter=partners",
        "/ru/trade/?view=region",
    ],
)
def test_a_page_built_from_kept_rows_is_the_same_to_the_byte(client, settings, path):
    """Worked out, then filling the cache, then from kept rows: the same page. Each request
    has its own cache-busting parameter, so the page cache never answers."""
    joiner = "&" if "?" in path else "?"

    def page(n):
        response = client.get(f"{path}{joiner}_=q{n}q")
        assert response.status_code == 200
        return response.content.replace(f"_=q{n}q".encode(), b"_=")

    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = page(0)
    settings.PUBLIC_CACHE_SECONDS = 300
    from django.core.cache import cache

    cache.clear()
    connection._content_bump = None  # the test's transaction never commits
    filling, kept = page(1), page(2)
    assert worked_out == filling == kept


def test_a_kept_row_is_shown_until_the_content_changes(
    client, shared_cache, django_capture_on_commit_callbacks
):
    project = Project.objects.published().order_by("title").first()
    assert project.title in client.get("/en/projects/?ordering=title").content.decode()
    # A write that bypasses the content version (no signal) shows the row is not rendered again
    Project.objects.filter(pk=project.pk).update(title_en="Changed behind the version's back")
    page = client.get("/en/projects/?ordering=title&_=1").content.decode()
    assert project.title in page and "behind the version" not in page

    project.refresh_from_db()
    project.title = "Renamed by an editor"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    assert "Renamed by an editor" in client.get("/en/projects/?ordering=title&_=2").content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/projects/china-kyrgyzstan-uzbekistan-railway/",
        "/api/v1/commitments/{commitment}/?lang=ru",
        "/api/v1/countries/kz/",
        "/api/v1/finance/{finance}/",
    ],
)
def test_a_records_own_address_answers_from_its_kept_representation(api_client, settings, address):
    from django.core.cache import cache

    from cooperation.models import Commitment, FinanceRecord

    address = address.format(
        commitment=Commitment.objects.published().order_by("slug").first().slug,
        finance=FinanceRecord.objects.published().order_by("aiddata_id").first().pk,
    )
    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = api_client.get(address)
    assert worked_out.status_code == 200
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    connection._content_bump = None  # the test's transaction never commits
    joiner = "&" if "?" in address else "?"
    filling = api_client.get(f"{address}{joiner}_=1")
    with CaptureQueriesContext(connection) as captured:
        kept = api_client.get(f"{address}{joiner}_=2")
    assert worked_out.content == filling.content == kept.content
    # The content version (for the ETag) and the record's primary key; not the record.
    assert len(captured) == 2


def test_a_record_kept_by_a_list_answers_its_own_address(api_client, shared_cache):
    (project,) = api_client.get("/api/v1/projects/", {"page_size": 1}).json()["results"]
    with CaptureQueriesContext(connection) as captured:
        assert api_client.get(project["url"], {"_": "1"}).json() == project
    assert len(captured) == 2


def test_unknown_and_moved_addresses_still_answer_404_and_301_with_kept_records(
    api_client, editor_api, shared_cache, django_capture_on_commit_callbacks
):
    old = Project.objects.published().order_by("slug").first().slug
    api_client.get(f"/api/v1/projects/{old}/")  # kept
    with django_capture_on_commit_callbacks(execute=True):
        renamed = editor_api.patch(f"/api/v1/projects/{old}/", {"slug": f"{old}-renamed"})
    assert renamed.status_code == 200, renamed.content
    assert api_client.get("/api/v1/projects/no-such-project/").status_code == 404
    moved = api_client.get(f"/api/v1/projects/{old}/?_=1")
    assert moved.status_code == 301 and moved["Location"].endswith(f"/{old}-renamed/?_=1")
    assert api_client.get(moved["Location"]).json()["slug"] == f"{old}-renamed"


def test_a_search_is_worked_out_once_per_change_to_the_content(
    client, shared_cache, django_capture_on_commit_callbacks
):
    first = count_queries(client, "/en/search/?q=railway")
    # Another address with the same words: which records match, their order and how many
    # come from the cache (two queries for each of seven kinds); the content version is read.
    assert count_queries(client, "/en/search/?q=railway&_=1") == first - 14 == 1

    project = Project.objects.published().order_by("slug").first()
    project.title = "Zebracorn railway"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    assert "Zebracorn" in client.get("/en/search/?q=railway&_=2").content.decode()


def test_a_kept_trade_table_follows_its_choice_and_the_content(
    client, shared_cache, django_capture_on_commit_callbacks
):
    figure = (
        TradeStatistic.objects.published()
        .filter(reporter__iso2="CN", partner__iso2="KZ", flow="total", period="annual")
        .order_by("-year")
        .first()
    )
    cell = f'href="/en/trade/figures/{figure.pk}/"'
    assert cell in client.get("/en/trade/").content.decode()
    # Another choice is another table: China's exports do not show the total's figure.
    assert cell not in client.get("/en/trade/?flow=exports").content.decode()
    # A write that bypasses the content version (no signal): the kept table is shown.
    TradeStatistic.objects.filter(pk=figure.pk).update(publication_status="draft")
    assert cell in client.get("/en/trade/?_=1").content.decode()
    figure.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        figure.save()  # a change through the model: the content version moves
    assert cell not in client.get("/en/trade/?_=2").content.decode()


def test_the_browsable_api_fills_its_edit_form_from_the_record(client, editor, shared_cache):
    slug = Project.objects.published().order_by("slug").first().slug
    client.get(f"/api/v1/projects/{slug}/")  # kept
    client.force_login(editor)
    page = client.get(f"/api/v1/projects/{slug}/", HTTP_ACCEPT="text/html").content.decode()
    (form,) = re.findall(r'<textarea[^>]*name="_content"[^>]*>(.*?)</textarea>', page, re.S)
    assert slug in form
