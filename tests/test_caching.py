"""Anonymous pages and API answers come from the shared cache until the content changes; then
every server misses at once. Editors never see a cached page; a dead cache is not an error."""

import pytest
from django.test import override_settings

from cooperation.caching import content_state
from cooperation.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_cache(settings):
    from django.core.cache import cache
    from django.db import connection

    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    # The test's own transaction never commits; forget a bump the setup left waiting on it.
    connection._content_bump = None


def test_the_content_state_is_read_as_the_orm_reads_it(django_capture_on_commit_callbacks):
    """The version row is read with SQL compiled once and the ORM's converters (SQLite keeps
    the time as text): the same version and the same aware time, after a change too."""
    from cooperation.models import ContentVersion

    def by_orm():
        return ContentVersion.objects.values_list("version", "changed_at").get(pk=1)

    assert content_state() == by_orm()
    project = Project.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    state = content_state()
    assert state == by_orm() and state[1].tzinfo is not None


def test_a_second_anonymous_visit_is_served_from_the_cache(client):
    first = client.get("/en/projects/")
    assert first["X-Cache"] == "miss"
    second = client.get("/en/projects/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_a_saved_change_shows_at_once(client, django_capture_on_commit_callbacks):
    project = Project.objects.published().first()
    client.get(project.get_absolute_url())
    assert client.get(project.get_absolute_url())["X-Cache"] == "hit"
    version, _ = content_state()
    project.summary = "A summary changed by an editor."
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    assert content_state()[0] == version + 1
    fresh = client.get(project.get_absolute_url())
    assert fresh["X-Cache"] == "miss"
    assert "A summary changed by an editor." in fresh.text


def test_many_changes_in_one_transaction_bump_the_version_once(django_capture_on_commit_callbacks):
    version, _ = content_state()
    with django_capture_on_commit_callbacks(execute=True):
        for project in Project.objects.all()[:5]:
            project.save()
    assert content_state()[0] == version + 1


def test_a_change_that_rolls_back_changes_nothing(django_capture_on_commit_callbacks):
    version, _ = content_state()
    with django_capture_on_commit_callbacks(execute=False):
        Project.objects.first().save()
    assert content_state()[0] == version


def test_links_and_deletions_count_as_changes(django_capture_on_commit_callbacks, make_project):
    from django.db import connection

    connection._content_bump = None  # the fixtures' own records left one waiting
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project()
    version, _ = content_state()
    with django_capture_on_commit_callbacks(execute=True):
        project.countries.clear()
    assert content_state()[0] == version + 1
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert content_state()[0] == version + 2


def test_editors_are_never_served_from_the_cache(admin_client, client):
    client.get("/en/projects/")
    assert "X-Cache" not in admin_client.get("/en/projects/")
    assert "X-Cache" not in admin_client.get("/en/projects/")


def test_api_clients_with_a_token_bypass_the_cache(client):
    client.get("/api/v1/projects/")
    assert client.get("/api/v1/projects/")["X-Cache"] == "hit"
    with_token = client.get("/api/v1/projects/", HTTP_AUTHORIZATION="Token nothing-valid")
    assert "X-Cache" not in with_token


def test_a_request_for_another_host_or_scheme_never_poisons_the_cache(client, settings):
    """S3: one request with `Host: example.org:8443` put that port into every reader's sitemap,
    canonical link, og:url and API `next` link."""
    settings.ALLOWED_HOSTS = ["example.org", "testserver"]
    spoofed = client.get("/sitemap.xml", HTTP_HOST="example.org:8443")
    assert "example.org:8443" in spoofed.text
    assert "X-Cache" not in spoofed  # a host that is not the site's own exactly: never stored
    again = client.get("/sitemap.xml", HTTP_HOST="example.org:8443")
    assert "X-Cache" not in again
    reader = client.get("/sitemap.xml", HTTP_HOST="example.org")
    assert reader["X-Cache"] == "miss"
    assert "example.org:8443" not in reader.text
    api = client.get("/api/v1/sectors/?page_size=1", HTTP_HOST="example.org")
    assert api.json()["next"].startswith("http://example.org/")
    secure = client.get("/api/v1/sectors/?page_size=1", HTTP_HOST="example.org", secure=True)
    assert secure["X-Cache"] == "miss"
    assert secure.json()["next"].startswith("https://example.org/")
    assert client.get("/api/v1/sectors/?page_size=1", HTTP_HOST="example.org")["X-Cache"] == "hit"


@pytest.mark.parametrize(
    ("asked", "language"),
    [({"lang": "ru"}, "ru"), ({"lang": "zh-hans"}, "zh-hans"), ({}, "en")],
)
@pytest.mark.parametrize("address", ["/api/v1/projects/", "/api/v1/countries/kz/"])
def test_an_answer_from_the_cache_says_its_language(client, address, asked, language):
    """An editor's finding: `?lang=ru` answered in Russian from the cache said
    `Content-Language: en`, since the language asked for is applied by the view, which a hit
    never runs."""
    first = client.get(address, asked)
    second = client.get(address, asked)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first["Content-Language"] == second["Content-Language"] == language
    assert second.content == first.content


def test_languages_and_formats_are_cached_apart(client):
    english = client.get("/api/v1/countries/kz/")
    russian = client.get("/api/v1/countries/kz/", HTTP_ACCEPT_LANGUAGE="ru")
    assert english.json()["name"] != russian.json()["name"]
    assert client.get("/api/v1/countries/kz/", HTTP_ACCEPT_LANGUAGE="ru").json() == russian.json()
    assert client.get("/en/projects/").content != client.get("/ru/projects/").content


def test_errors_and_visitors_with_messages_are_not_cached(client):
    client.get("/en/projects/?country=XX")
    assert "X-Cache" not in client.get("/en/projects/?country=XX")
    client.cookies["messages"] = "something"
    assert "X-Cache" not in client.get("/en/projects/")


def test_pages_hold_no_csrf_token_so_caching_them_is_safe(client):
    for url in [
        "/en/",
        "/en/projects/",
        "/en/projects/china-kazakhstan-lianyungang-logistics-base/",
    ]:
        assert "csrfmiddlewaretoken" not in client.get(url).text


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
)
def test_a_dead_cache_is_not_an_error(client):
    for url in ["/en/projects/", "/api/v1/projects/", "/en/"]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_list_counts_are_cached_until_the_content_changes(
    client, django_capture_on_commit_callbacks, make_project
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Each address differs, so no page comes from the cache; the count is shared.
    url = "/api/v1/projects/?status=planned&page_size=1&_={}"
    before = client.get(url.format(1)).json()["count"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url.format(2)).json()["count"] == before
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]

    connection._content_bump = None  # the fixtures' bump waits on the test's transaction
    with django_capture_on_commit_callbacks(execute=True):
        make_project(
            status="planned", slug="counted-after-a-change", publication_status="published"
        )
    assert client.get(url.format(3)).json()["count"] == before + 1


def test_the_trade_summary_is_worked_out_again_after_a_change(
    client, django_capture_on_commit_callbacks, make_trade, new_country
):
    from django.db import connection

    url = "/api/v1/trade-statistics/summary/?group_by=partner&partner=QQ&_={}"
    connection._content_bump = None  # the fixtures' bump waits on the test's transaction
    with django_capture_on_commit_callbacks(execute=True):
        make_trade(new_country, year=2024, value_usd=1_000_000)
    assert [row["value_usd"] for row in client.get(url.format(1)).json()["results"]] == [1000000]

    with django_capture_on_commit_callbacks(execute=True):
        make_trade(new_country, year=2025, value_usd=1_500_000)
    rows = client.get(url.format(2)).json()["results"]
    assert [(row["year"], row["value_usd"], row["change_pct"]) for row in rows] == [
        (2024, 1000000, None),
        (2025, 1500000, 50),
    ]


def test_the_trade_page_shows_a_new_figure_at_once(
    client, django_capture_on_commit_callbacks, make_trade
):
    from django.db import connection

    from cooperation.models import Country

    kyrgyzstan = Country.objects.get(iso2="KG")
    before = client.get("/en/trade/?flow=total&visit=1").text
    assert "2031" not in before

    connection._content_bump = None  # the fixtures' bump waits on the test's transaction
    with django_capture_on_commit_callbacks(execute=True):
        make_trade(kyrgyzstan, year=2031, value_usd=987_650_000)
    after = client.get("/en/trade/?flow=total&visit=2").text
    assert "2031" in after  # a new column in the table of years


def test_a_host_name_in_capitals_never_fills_the_cache(client, settings):
    """Django accepts `EXAMPLE.ORG` for `example.org`, and a page cites its address with the
    name as sent: stored, it would give every reader a canonical link in capitals."""
    settings.ALLOWED_HOSTS = ["example.org", "testserver"]
    shouted = client.get("/en/about/", HTTP_HOST="EXAMPLE.ORG")
    assert shouted.status_code == 200 and "X-Cache" not in shouted
    reader = client.get("/en/about/", HTTP_HOST="example.org")
    assert reader["X-Cache"] == "miss" and "EXAMPLE.ORG" not in reader.text
    api = client.get("/api/v1/projects/?page_size=2", HTTP_HOST="EXAMPLE.ORG")
    assert "http://EXAMPLE.ORG/" in api.text and "X-Cache" not in api
    # Nor its records' representations, which another address of the list would reuse.
    again = client.get("/api/v1/projects/?page_size=2&_=1", HTTP_HOST="example.org")
    assert "EXAMPLE.ORG" not in again.text and "http://example.org/" in again.text


def test_the_static_manifest_names_the_release(settings, tmp_path):
    """In production the static files' manifest names the release, so what was kept under the
    release before (linking to static files by their hashed names) is not reused; without a
    manifest (development) there is one release."""
    import json

    from cooperation import caching

    def release_with(manifest_hash):
        (tmp_path / "staticfiles.json").write_text(
            json.dumps({"paths": {}, "version": "1.1", "hash": manifest_hash})
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            },
        }
        caching.release.cache_clear()
        return caching.release()

    settings.STATIC_ROOT = tmp_path
    try:
        assert release_with("a1b2c3") == "a1b2c3"
        assert release_with("d4e5f6") == "d4e5f6"
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        caching.release.cache_clear()
        assert caching.release() == ""
    finally:
        caching.release.cache_clear()
