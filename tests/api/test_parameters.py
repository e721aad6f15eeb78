"""No silent parameters: a query parameter the API does not read is a 400 naming it and the
parameters it does read; searches and repeated orderings do what they say."""

import pytest

from cooperation.models import Project, Source

pytestmark = pytest.mark.django_db


def test_a_misspelt_filter_is_a_400_that_suggests_the_right_one(api):
    response = api.get("/api/v1/projects/", {"countries": "KZ"})
    assert response.status_code == 400
    message = response.json()["countries"][0]
    assert "“country”" in message
    assert "page_size" in message and "start_year_min" in message


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects/",
        "/api/v1/trade-statistics/",
        "/api/v1/countries/",
        "/api/v1/commitments/",
        "/api/v1/projects/china-kazakhstan-lianyungang-logistics-base/",
        "/api/v1/countries/KZ/",
    ],
)
def test_unknown_parameters_are_refused_everywhere(api, url):
    response = api.get(url, {"utm_source": "newsletter"})
    assert response.status_code == 400
    assert "utm_source" in response.json()


def test_every_documented_kind_of_parameter_is_still_accepted(api):
    response = api.get(
        "/api/v1/projects/",
        {
            "country": "KZ",
            "page": 1,
            "page_size": 5,
            "format": "json",
            "lang": "ru",
            "publication_status": "published",
            "ordering": "title",
        },
    )
    assert response.status_code == 200
    assert api.get("/api/v1/countries/KZ/", {"lang": "zh-hans"}).status_code == 200


def test_a_cache_buster_is_accepted_and_changes_nothing_but_the_address(api):
    plain = api.get("/api/v1/projects/", {"country": "KZ"})
    busted = api.get("/api/v1/projects/", {"country": "KZ", "_": "1733472000000"})
    assert busted.status_code == 200
    assert busted.json()["results"] == plain.json()["results"]
    assert api.get("/api/v1/countries/KZ/", {"_": "1"}).status_code == 200


def test_public_pages_ignore_tracking_parameters(client):
    assert client.get("/en/projects/", {"utm_source": "newsletter"}).status_code == 200


def test_a_source_search_finds_only_matching_sources(api):
    source = Source.objects.order_by("id").first()
    word = max(source.title.split(), key=len)
    found = api.get("/api/v1/sources/", {"search": word, "page_size": 500}).json()
    assert 0 < found["count"] < Source.objects.count()
    assert source.id in [row["id"] for row in found["results"]]
    assert api.get("/api/v1/sources/", {"search": "zzzzqqq"}).json()["count"] == 0


def test_trade_figures_have_no_search_and_say_so(api):
    response = api.get("/api/v1/trade-statistics/", {"search": "gas"})
    assert response.status_code == 400
    assert "search" in response.json()


def test_source_languages_are_a_list_in_any_case(api):
    chinese = api.get("/api/v1/sources/", {"language": "zh"}).json()["count"]
    russian = api.get("/api/v1/sources/", {"language": "ru"}).json()["count"]
    assert chinese and russian
    assert api.get("/api/v1/sources/", {"language": "ZH"}).json()["count"] == chinese
    both = api.get("/api/v1/sources/", {"language": "zh,ru"}).json()["count"]
    assert both == chinese + russian


def test_a_repeated_ordering_sorts_by_each_key_in_turn(api):
    repeated = api.get("/api/v1/projects/?ordering=status&ordering=-start&page_size=100").json()
    combined = api.get("/api/v1/projects/?ordering=status,-start&page_size=100").json()
    assert [p["slug"] for p in repeated["results"]] == [p["slug"] for p in combined["results"]]
    statuses = [p["status"] for p in repeated["results"]]
    assert statuses == sorted(statuses)
    assert len(set(statuses)) > 1
    assert Project.objects.published().count() == repeated["count"]


@pytest.mark.parametrize(
    "address",
    ["/api/v1/trade-statistics/summary/", "/api/v1/downloads/", "/api/v1/deletions/"],
)
@pytest.mark.parametrize(
    ("query", "named"),
    [({"countries": "KZ"}, "countries"), ({"bogus": "1"}, "bogus"), ({"lang": "xx"}, "lang")],
)
def test_every_address_refuses_what_it_does_not_read(api, address, query, named):
    """An API consumer's finding: the trade summary and the downloads answered 200 to
    parameters they do not read, and a bad `lang` on the deletions and downloads."""
    response = api.get(address, query)
    assert response.status_code == 400, response.content[:200]
    assert named in response.json()


@pytest.mark.parametrize("address", ["/api/v1/deletions/", "/api/v1/downloads/"])
def test_every_address_answers_in_the_language_asked_for(api, address):
    assert api.get(address, {"lang": "ru"})["Content-Language"] == "ru"


def test_a_repeated_language_means_the_same_as_a_comma_separated_one(api):
    """An API consumer's finding: `?language=zh&language=ru` kept only `ru`."""
    repeated = api.get("/api/v1/sources/?language=zh&language=ru&page_size=500").json()
    joined = api.get("/api/v1/sources/", {"language": "zh,ru", "page_size": 500}).json()
    only_ru = api.get("/api/v1/sources/", {"language": "ru", "page_size": 500}).json()
    assert repeated["count"] == joined["count"] > only_ru["count"] > 0
    assert [row["id"] for row in repeated["results"]] == [row["id"] for row in joined["results"]]


@pytest.mark.parametrize("cache_seconds", [0, 300])
@pytest.mark.parametrize("resource", ["countries", "sectors", "organizations", "sources"])
def test_records_without_drafts_judge_publication_status_as_the_others_do(
    api, editor_api, resource, cache_seconds, settings
):
    """An API consumer's finding: `publication_status` was ignored on the records that have no
    status of their own (`bogus`, and a reader asking for drafts, were a 200 with everything)."""
    settings.PUBLIC_CACHE_SECONDS = cache_seconds  # kept representations, kept counts
    address = f"/api/v1/{resource}/"
    everything = api.get(address).json()["count"]
    assert api.get(address, {"publication_status": "bogus"}).status_code == 400
    assert api.get(address, {"publication_status": "draft"}).status_code == 400
    assert api.get(address, {"publication_status": "published"}).json()["count"] == everything
    assert editor_api.get(address, {"publication_status": "draft"}).json()["count"] == 0
    assert editor_api.get(address, {"publication_status": "all"}).status_code == 200
