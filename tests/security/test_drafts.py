"""Drafts are the editors' alone. A draft of every kind, linked from published records the way
editors link them, must not reach the public through any door: pages, searches, feeds, the
sitemap, change logs, the correction form, previews, the API in every format, the bulk
downloads and the page cache, in every language. Its text is marked "Zqdraft" everywhere."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from cooperation.models import (
    Article,
    Commitment,
    Country,
    Evidence,
    Outcome,
    Project,
    PublicationStatus,
    Source,
    Summit,
    TradeStatistic,
)

from .checks import content_of
from .conftest import PASSWORD, module_data

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "ru"]
# Draft text starts "Zqdraft"; draft slugs start "zqdraft-". Searches for "zqdraft" and 404 pages
# that repeat the address asked for are not a leak.
TEXT_MARK, SLUG_MARK = b"Zqdraft", b"zqdraft-"
DRAFT_VALUE = 4242424242424  # the draft trade figure, in USD
KINDS = ["project", "summit", "article", "commitment"]


class Drafts:
    """A draft of each kind, and published records that point at them."""

    def __init__(self):
        kazakhstan = Country.objects.get(iso2="KZ")
        source = Source.objects.order_by("pk").first()
        self.published = {
            "project": Project.objects.published().exclude(latitude=None).first(),
            "summit": Summit.objects.published().filter(outcomes__isnull=False).first(),
            "article": Article.objects.published().first(),
            "commitment": Commitment.objects.published()
            .filter(evidence__isnull=False, target_partner=kazakhstan)
            .first()
            or Commitment.objects.published().filter(evidence__isnull=False).first(),
        }
        self.editor = User.objects.create_user("drafting-editor", password=PASSWORD, is_staff=True)
        project = Project.objects.create(
            title="Zqdraft project",
            slug="zqdraft-project",
            summary="Zqdraft summary.",
            body="Zqdraft body.",
            sector=self.published["project"].sector,
            status="planned",
            latitude=43.25,
            longitude=76.95,
            location_name="Zqdraft place",
            start_date=datetime.date(2024, 1, 1),
        )
        project.countries.add(kazakhstan)
        project.sources.add(source)
        summit = Summit.objects.create(
            title="Zqdraft summit",
            slug="zqdraft-summit",
            kind="summit",
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 2),
            city="Zqdraft city",
            host_country=kazakhstan,
            summary="Zqdraft summary.",
        )
        summit.participants.add(kazakhstan)
        summit.sources.add(source)
        outcome = Outcome.objects.create(
            summit=summit,
            title="Zqdraft declaration",
            slug="zqdraft-declaration",
            kind="declaration",
            key_quote="Zqdraft quote",
        )
        article = Article.objects.create(
            title="Zqdraft article",
            slug="zqdraft-article",
            kind="news",
            standfirst="Zqdraft standfirst.",
            published_on=datetime.date(2025, 6, 1),
        )
        article.countries.add(kazakhstan)
        commitment = Commitment.objects.create(
            title="Zqdraft pledge",
            slug="zqdraft-pledge",
            made_by="Zqdraft minister",
            status_justification="Zqdraft reason.",
        )
        commitment.parties.add(kazakhstan)
        self.figure = TradeStatistic.objects.create(
            reporter=Country.objects.get(iso2="CN"),
            partner=kazakhstan,
            flow="total",
            period="annual",
            year=2099,
            value_usd=DRAFT_VALUE,
            note="Zqdraft note.",
            source=source,
            publication_status=PublicationStatus.DRAFT,
        )
        self.drafts = {
            "project": project,
            "summit": summit,
            "article": article,
            "commitment": commitment,
        }
        # Published records that point at the drafts, as editors link work in progress.
        self.published["project"].summits.add(summit)
        project.summits.add(self.published["summit"])
        self.published["article"].projects.add(project)
        self.published["article"].summits.add(summit)
        article.projects.add(self.published["project"])
        article.summits.add(self.published["summit"])
        published_commitment = self.published["commitment"]
        published_commitment.projects.add(project)
        published_commitment.conflicts_with.add(commitment)
        evidence = Evidence.objects.create(
            commitment=published_commitment,
            date=datetime.date(2025, 1, 1),
            summary="Published evidence about work in progress.",
            source=source,
        )
        evidence.projects.add(project)
        evidence.summits.add(summit)
        evidence.trade_statistics.add(self.figure)
        # Saved through the model, as the admin does, so the change log records the links.
        published_commitment._history_user = self.editor
        published_commitment.save()
        published_commitment.made_at = summit
        published_commitment.made_in = outcome
        published_commitment.supersedes = commitment
        published_commitment.save()


@pytest.fixture(scope="module")
def draft_data(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, Drafts) as data:
        yield data


@pytest.fixture
def drafts(draft_data, db):
    return draft_data


def assert_no_draft(response, url, slugs=True):
    body = content_of(response)
    assert TEXT_MARK not in body, url
    assert not slugs or SLUG_MARK not in body, url
    assert str(DRAFT_VALUE).encode() not in body, url


def localized(language, path):
    with translation.override(language):
        return path()


def published(kind, suffix=""):
    return lambda d: d.published[kind].get_absolute_url() + suffix


def change_log(kind):
    return lambda d: reverse(
        "change-log", kwargs={"kind": f"{kind}s", "slug": d.published[kind].slug}
    )


PUBLIC_DOORS = {
    "overview": lambda d: reverse("overview"),
    "projects": lambda d: reverse("project-list"),
    "projects-searched": lambda d: reverse("project-list") + "?search=zqdraft",
    "projects-in-kz": lambda d: reverse("project-list") + "?country=KZ",
    "projects-csv": lambda d: reverse("project-list") + "?format=csv",
    "summits": lambda d: reverse("summit-list"),
    "summits-searched": lambda d: reverse("summit-list") + "?search=zqdraft",
    "summits-csv": lambda d: reverse("summit-list") + "?format=csv",
    "articles": lambda d: reverse("article-list"),
    "articles-csv": lambda d: reverse("article-list") + "?format=csv",
    "commitments": lambda d: reverse("commitment-list") + "?party=KZ",
    "commitments-searched": lambda d: reverse("commitment-list") + "?search=zqdraft",
    "commitments-csv": lambda d: reverse("commitment-list") + "?format=csv",
    "trade": lambda d: reverse("trade"),
    "trade-by-partners": lambda d: reverse("trade") + "?reporter=partners",
    "trade-csv": lambda d: reverse("trade") + "?format=csv",
    "countries": lambda d: reverse("country-list"),
    "kazakhstan": lambda d: Country.objects.get(iso2="KZ").get_absolute_url(),
    "china": lambda d: Country.objects.get(iso2="CN").get_absolute_url(),
    "search": lambda d: reverse("search") + "?q=zqdraft",
    "about": lambda d: reverse("about"),
    "project-linking-a-draft": published("project"),
    "summit-linked-from-a-draft": published("summit"),
    "article-linking-drafts": published("article"),
    "commitment-linking-drafts": published("commitment"),
    "commitment-changes": change_log("commitment"),
    "project-changes": change_log("project"),
    "feed-articles": lambda d: reverse("feed-articles"),
    "feed-projects": lambda d: reverse("feed-projects"),
    "feed-summits": lambda d: reverse("feed-summits"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("door", PUBLIC_DOORS)
def test_no_public_page_shows_a_draft(client, drafts, door, language):
    url = localized(language, lambda: PUBLIC_DOORS[door](drafts))
    response = client.get(url)
    assert response.status_code == 200, url
    assert_no_draft(response, url)


def draft_address(kind, view):
    def address(d):
        slug = d.drafts[kind].slug
        if view == "page":
            return d.drafts[kind].get_absolute_url()
        if view == "preview":
            return d.drafts[kind].get_absolute_url() + "?preview=1"
        if view == "changes":
            return reverse("change-log", kwargs={"kind": f"{kind}s", "slug": slug})
        return reverse("report-correction", kwargs={"kind": kind, "slug": slug})

    return address


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", ["page", "preview", "changes", "correction-form"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["anonymous", "reader", "staff"])
def test_a_drafts_own_addresses_are_not_found(client, drafts, who, kind, view, language):
    """Not even a signed-in visitor without a role can preview: neither without staff status
    nor with it (S5: staff without a group previewed every draft with ?preview=1)."""
    if who != "anonymous":
        client.force_login(
            User.objects.create_user(who, password=PASSWORD, is_staff=who == "staff")
        )
    url = localized(language, lambda: draft_address(kind, view)(drafts))
    response = client.get(url)
    assert response.status_code == 404, url
    assert_no_draft(response, url, slugs=False)  # a 404 page may repeat the address
    if view == "correction-form":
        assert client.post(url, {"message": "A report about a draft."}).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_previews_a_draft(client, drafts, kind):
    editor = User.objects.create_user("previewing-editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(draft_address(kind, "preview")(drafts))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_sitemap_lists_no_draft(client, drafts):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert_no_draft(response, "sitemap")


# The API

API_LISTS = [
    "countries",
    "sectors",
    "organizations",
    "sources",
    "projects",
    "summits",
    "trade-statistics",
    "articles",
    "commitments",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "query", ["", "?format=csv", "?search=zqdraft", "?page_size=500", "?country=KZ"]
)
@pytest.mark.parametrize("resource", API_LISTS)
def test_no_api_list_shows_a_draft(drafts, resource, query, language):
    # The language in the address itself: the test client given parameters as well drops the
    # address's own query string (the format, search or page size asked for).
    url = f"/api/v1/{resource}/{query}{'&' if query else '?'}lang={language}"
    response = APIClient().get(url, HTTP_ACCEPT_LANGUAGE=language)
    if query in ("", "?format=csv", "?page_size=500"):  # every list takes these
        assert response.status_code == 200, url
    assert response.status_code in (200, 400), url  # not every list has every filter
    if query == "?format=csv":
        assert response["Content-Type"].startswith("text/csv"), url
    assert_no_draft(response, url)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects/?format=geojson",
        "/api/v1/projects/?format=geojson&country=KZ",
        "/api/v1/trade-statistics/?year=2099",
        "/api/v1/trade-statistics/?partner=KZ&reporter=CN&format=csv",
        "/api/v1/trade-statistics/summary/",
        "/api/v1/trade-statistics/summary/?group_by=partner&partner=KZ",
        "/api/v1/trade-statistics/summary/?group_by=partner,reporter,flow",
        "/api/v1/trade-statistics/summary/?group_by=partner&format=csv",
    ],
)
def test_no_api_format_or_summary_shows_a_draft(drafts, url):
    response = APIClient().get(url)
    assert response.status_code == 200, url
    assert_no_draft(response, url)


# Pages that show numbers: the draft figure would change a total, a chart or a progress bar
# rather than show its own value, so each is compared with the same page without the draft.
NUMBER_DOORS = {
    "overview": lambda d: reverse("overview"),
    "trade": lambda d: reverse("trade"),
    "trade-by-partners": lambda d: reverse("trade") + "?reporter=partners",
    "trade-csv": lambda d: reverse("trade") + "?format=csv",
    "kazakhstan": lambda d: Country.objects.get(iso2="KZ").get_absolute_url(),
    "china": lambda d: Country.objects.get(iso2="CN").get_absolute_url(),
    "commitments": lambda d: reverse("commitment-list") + "?party=KZ",
    "commitment": published("commitment"),
    "about": lambda d: reverse("about"),
}
API_NUMBER_DOORS = [
    "/api/v1/trade-statistics/summary/?group_by=partner,reporter",
    "/api/v1/trade-statistics/?page_size=500",
    "/api/v1/commitments/?page_size=500",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("door", NUMBER_DOORS)
def test_a_draft_figure_changes_no_public_number(client, drafts, door, language):
    url = localized(language, lambda: NUMBER_DOORS[door](drafts))
    shown = content_of(client.get(url))
    TradeStatistic.objects.filter(pk=drafts.figure.pk).delete()
    assert content_of(client.get(url)) == shown, url


@pytest.mark.parametrize("url", API_NUMBER_DOORS)
def test_a_draft_figure_changes_no_api_number(drafts, url):
    api = APIClient()
    shown = api.get(url).json()
    TradeStatistic.objects.filter(pk=drafts.figure.pk).delete()
    assert api.get(url).json() == shown, url


@pytest.mark.parametrize("kind", KINDS)
def test_published_records_in_the_api_name_no_draft(drafts, kind):
    url = f"/api/v1/{kind}s/{drafts.published[kind].slug}/"
    response = APIClient().get(url)
    assert response.status_code == 200
    assert_no_draft(response, url)
    figures = [
        pk for entry in response.json().get("evidence", []) for pk in entry["trade_statistics"]
    ]
    assert drafts.figure.pk not in figures


@pytest.mark.parametrize("kind", [*KINDS, "trade-statistic"])
@pytest.mark.parametrize(
    "who", ["anonymous", "reader-token", "reader-session", "staff-token", "staff-session"]
)
def test_the_api_finds_no_draft_for_anyone_but_editors(drafts, who, kind):
    """Asking for drafts is refused (400), and a draft's address is a 404, to anyone who may not
    edit: signed in or not, staff or not, with a token or a session."""
    api = APIClient()
    if who != "anonymous":
        role, how = who.split("-")
        user = User.objects.create_user(role, password=PASSWORD, is_staff=role == "staff")
        if how == "token":
            from cooperation.services.accounts import token_create

            api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user)[1]}")
        else:
            api.force_login(user)
    if kind == "trade-statistic":
        detail, listing = (
            f"/api/v1/trade-statistics/{drafts.figure.pk}/",
            "/api/v1/trade-statistics/",
        )
    else:
        detail, listing = f"/api/v1/{kind}s/{drafts.drafts[kind].slug}/", f"/api/v1/{kind}s/"
    assert api.get(detail).status_code == 404
    for asked in ["draft", "all"]:
        for parameter in ["publication_status", "status"]:
            response = api.get(listing, {parameter: asked})
            assert response.status_code == 400, (parameter, asked)
            assert_no_draft(response, listing)
    assert api.get(detail, {"publication_status": "draft"}).status_code == 400


@pytest.mark.parametrize("asked", ["draft", "all"])
@pytest.mark.parametrize("parameter", ["publication_status", "status"])
def test_the_trade_summary_adds_up_no_draft_for_anyone_who_asks(drafts, parameter, asked):
    response = APIClient().get("/api/v1/trade-statistics/summary/", {parameter: asked})
    assert response.status_code == 400
    assert_no_draft(response, "summary")


@pytest.mark.parametrize(
    ("url", "parameter", "kind"),
    [
        ("/api/v1/articles/", "project", "project"),
        ("/api/v1/articles/", "summit", "summit"),
        ("/api/v1/commitments/", "made_at", "summit"),
        ("/en/articles/", "project", "project"),
        ("/en/commitments/", "made_at", "summit"),
    ],
)
def test_filters_do_not_reveal_that_a_draft_exists(client, drafts, url, parameter, kind):
    """Naming a draft in a filter is answered as naming nothing at all."""
    draft = client.get(url, {parameter: drafts.drafts[kind].slug})
    missing = client.get(url, {parameter: "zqdraft-nothing"})
    assert draft.status_code == missing.status_code == 400
    assert draft.content.replace(drafts.drafts[kind].slug.encode(), b"") == missing.content.replace(
        b"zqdraft-nothing", b""
    )


def test_a_drafts_api_address_answers_as_a_missing_one(drafts):
    api = APIClient()
    draft = api.get(f"/api/v1/projects/{drafts.drafts['project'].slug}/")
    missing = api.get("/api/v1/projects/zqdraft-nothing/")
    assert draft.status_code == missing.status_code == 404
    assert draft.json() == missing.json()


def test_bulk_downloads_hold_no_draft(drafts, settings, tmp_path):
    settings.SNAPSHOT_ROOT = tmp_path
    call_command("export_snapshot", stdout=io.StringIO())
    api = APIClient()
    listing = api.get("/api/v1/downloads/")
    assert listing.status_code == 200
    assert listing.json()
    response = api.get("/api/v1/downloads/latest.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(content_of(response))) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert TEXT_MARK not in data and SLUG_MARK not in data, name
            assert str(DRAFT_VALUE).encode() not in data, name


@pytest.mark.parametrize(
    "name", ["../secret_key", "..%2Fsecret_key", "%2e%2e/db.sqlite3", "/etc/passwd", "latest"]
)
def test_downloads_serve_only_the_snapshots(drafts, settings, tmp_path, name):
    settings.SNAPSHOT_ROOT = tmp_path / "snapshots"
    (tmp_path / "secret_key").write_text("not for download")
    response = APIClient().get(f"/api/v1/downloads/{name}")
    assert response.status_code == 404
    assert b"not for download" not in content_of(response)


# Drafts that used to be public


def test_a_page_cached_while_published_is_gone_once_unpublished(
    client, drafts, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    connection._content_bump = None
    project = drafts.published["project"]
    url = project.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "hit"
    assert url in client.get(reverse("project-list")).text
    editor = APIClient()
    editor.force_authenticate(User.objects.create_superuser("root", password=PASSWORD))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.patch(
            f"/api/v1/projects/{project.slug}/", {"publication_status": "draft"}, format="json"
        )
    assert response.status_code == 200
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("project-list")).text
    assert project.slug not in APIClient().get("/api/v1/projects/?page_size=500").content.decode()


def test_the_change_log_never_shows_what_a_record_said_while_it_was_a_draft_again(client, drafts):
    """Published, then taken back to draft with a new title, edited again, then published with
    its final title: neither of the titles it had as a draft appears in its public log."""
    project = drafts.published["project"]
    project._history_user = drafts.editor
    project.title = "Zqdraft title typed while unpublishing"
    project.publication_status = PublicationStatus.DRAFT
    project.save()
    project.title = "Zqdraft title typed in the draft"
    project.save()
    project.title = "A final title"
    project.publication_status = PublicationStatus.PUBLISHED
    project.save()
    response = client.get(reverse("change-log", kwargs={"kind": "projects", "slug": project.slug}))
    assert response.status_code == 200
    assert "A final title" in response.text or "Published" in response.text
    assert_no_draft(response, "change log")
