"""Cross-site scripting. Hostile text goes into every text field an editor can fill (found from
the models' _meta, so a new field is covered without touching this file), in every language,
and into the public correction form; then every page, feed and API format that shows it is read
back. Pages must show the text, escaped; Markdown bodies must come out sanitized; the API must
carry the text unchanged, as data, under a JSON or CSV content type."""

import csv
import io
import json
import xml.etree.ElementTree as ElementTree

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from rest_framework.test import APIClient

from cooperation.filters import (
    ArticleFilter,
    CommitmentFilter,
    ProjectFilter,
    SummitFilter,
)
from cooperation.models import (
    ApiToken,
    Article,
    Commitment,
    CorrectionReport,
    Country,
    FinanceRecord,
    Organization,
    Project,
    PublicationStatus,
    Sector,
    Source,
    Strategy,
    Summit,
    TradeStatistic,
)
from cooperation.services.accounts import token_create

from .checks import active_content, admin_form_data, content_of, markers_in, text_of
from .conftest import PASSWORD, module_data

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "ru"]

PAYLOAD = (
    "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'><svg onload=alert(1)>"
    ' [link](javascript:alert(1)) <a href="javascript:alert(1)">a</a>'
)
SHORT_PAYLOAD = '"><svg onload=alert(1)>'
URL_PAYLOAD = 'https://example.org/{marker}/"><img src=x onerror=alert(1)>'


# The fields


def translated_names(model):
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def editable_text_fields(model):
    """Every free-text column an editor (or, for correction reports, a visitor) fills: text,
    URLs and e-mail addresses, each language of a translated field; not slugs, choices, or
    codes too short to hold a payload."""
    originals = translated_names(model)
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if isinstance(field, models.SlugField) or field.choices or not field.editable:
            continue
        if field.name in originals:
            continue  # kept in step with its _en column; the _en, _zh_hans, _ru columns are set
        if field.max_length and field.max_length < len("xss000 ") + len(SHORT_PAYLOAD):
            continue
        yield field


CONTENT_MODELS = sorted(
    (m for m in apps.get_app_config("cooperation").get_models() if m in admin.site._registry),
    key=lambda m: m.__name__,
)
FIELDS = [(model, field) for model in CONTENT_MODELS for field in editable_text_fields(model)]
FIELDS += [(User, User._meta.get_field(name)) for name in ("first_name", "last_name")]
MARKERS = {f"xss{index:03d}": pair for index, (pair) in enumerate(FIELDS)}
FIELD_NAMES = {marker: f"{m.__name__}.{f.name}" for marker, (m, f) in MARKERS.items()}


def hostile_value(marker, field):
    if isinstance(field, models.URLField):
        return URL_PAYLOAD.format(marker=marker)
    value = f"{marker} {PAYLOAD}"
    if field.max_length and len(value) > field.max_length:
        value = f"{marker} {SHORT_PAYLOAD}"
    return value


def test_the_fields_are_found_from_the_models():
    names = set(FIELD_NAMES.values())
    for expected in [
        "Project.title_en",
        "Project.title_zh_hans",
        "Project.body_ru",
        "Summit.summary_zh_hans",
        "Outcome.key_quote_en",
        "Article.standfirst_ru",
        "Commitment.status_justification_en",
        "Evidence.summary_en",
        "Source.title",
        "Source.url",
        "Source.notes",
        "Organization.website",
        "Country.name_ru",
        "Strategy.summary_en",
        "TradeStatistic.note_zh_hans",
        "CorrectionReport.message",
        "CorrectionReport.editor_note",
    ]:
        assert expected in names
    assert not {"Project.slug", "Project.title", "Project.status", "Country.iso2"} & names


# The records that carry it


class Hostile:
    """One record of every kind, linked so that each shows up on the others' pages, with every
    text field set to a payload that names its field."""

    def __init__(self):
        kazakhstan = Country.objects.get(iso2="KZ")
        self.project = (
            Project.objects.published()
            .exclude(latitude=None)
            .filter(partnerships__isnull=False, milestones__isnull=False, sources__isnull=False)
            .distinct()
            .first()
        )
        project = self.project
        self.summit = (
            Summit.objects.published()
            .filter(outcomes__isnull=False, series__isnull=False)
            .distinct()
            .first()
        )
        self.article = Article.objects.published().first()
        self.commitment = (
            Commitment.objects.published().filter(evidence__isnull=False).distinct().first()
        )
        self.outcome = self.summit.outcomes.first()
        self.editor = User.objects.create_user("hostile-editor", password=PASSWORD, is_staff=True)
        project.countries.add(kazakhstan)
        project.summits.add(self.summit)
        self.summit.participants.add(kazakhstan)
        self.article.countries.add(kazakhstan)
        self.article.projects.add(project)
        self.article.summits.add(self.summit)
        self.commitment.parties.add(kazakhstan)
        self.commitment.projects.add(project)
        Commitment.objects.filter(pk=self.commitment.pk).update(
            made_at=self.summit, made_in=self.outcome
        )
        self.strategy = Strategy.objects.filter(country=kazakhstan, is_current=True).first()
        if self.strategy is None:
            self.strategy = Strategy.objects.create(
                country=kazakhstan, name="Plan", slug="hostile-plan", is_current=True
            )
        self.evidence = self.commitment.evidence.first()
        self.evidence.projects.add(project)
        partnership = project.partnerships.select_related("organization").first()
        self.report = CorrectionReport.objects.create(
            content_type=ContentType.objects.get_for_model(Project),
            object_id=project.pk,
            record_label=str(project),
            page_url=project.get_absolute_url(),
            message="placeholder",
        )
        self.finance = FinanceRecord.objects.published().first()
        FinanceRecord.objects.filter(pk=self.finance.pk).update(project=project)
        self.records = {
            Project: project,
            FinanceRecord: self.finance,
            Summit: self.summit,
            Article: self.article,
            Commitment: self.commitment,
            Country: kazakhstan,
            Strategy: self.strategy,
            type(partnership): partnership,
            type(partnership.organization): partnership.organization,
            type(project.sector): project.sector,
            Source: project.sources.first(),
            type(self.summit.series): self.summit.series,
            type(self.outcome): self.outcome,
            type(self.evidence): self.evidence,
            type(project.milestones.first()): project.milestones.first(),
            TradeStatistic: TradeStatistic.objects.published()
            .filter(reporter__iso2="CN", partner=kazakhstan)
            .first(),
            CorrectionReport: self.report,
            ApiToken: token_create(user=self.editor, name="placeholder")[0],
            User: self.editor,
        }
        # A version before the payloads, so the public change logs have something to compare.
        self.publishable = [project, self.summit, self.article, self.commitment]
        for record in self.publishable:
            record._history_user = self.editor
            record.save()
        self.values = {}
        for model, record in self.records.items():
            changes = {}
            for marker, (field_model, field) in MARKERS.items():
                if field_model is model:
                    changes[field.attname] = self.values[marker] = hostile_value(marker, field)
            model._default_manager.filter(pk=record.pk).update(**changes)
        for record in self.publishable:
            record.refresh_from_db()
            record._history_user = self.editor
            record.save()

    def value_of(self, marker):
        return self.values[marker]


@pytest.fixture(scope="module")
def hostile_data(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, Hostile) as data:
        yield data


@pytest.fixture
def hostile(hostile_data, db):
    return hostile_data


def localized(language, path):
    with translation.override(language):
        return path()


def record_url(attribute, suffix=""):
    return lambda h: getattr(h, attribute).get_absolute_url() + suffix


def change_log(attribute, kind):
    return lambda h: reverse(
        "change-log", kwargs={"kind": kind, "slug": getattr(h, attribute).slug}
    )


PAGES = {
    "overview": lambda h: reverse("overview"),
    "projects": lambda h: reverse("project-list") + "?search=xss",
    "summits": lambda h: reverse("summit-list") + "?search=xss",
    "articles": lambda h: reverse("article-list") + "?search=xss",
    "commitments": lambda h: reverse("commitment-list") + "?search=xss",
    "trade": lambda h: reverse("trade"),
    "finance": lambda h: reverse("finance-list") + "?search=xss",
    "finance-record": lambda h: h.finance.get_absolute_url(),
    "countries": lambda h: reverse("country-list"),
    "country": lambda h: h.records[Country].get_absolute_url(),
    "search": lambda h: reverse("search") + "?q=xss",
    "project": record_url("project"),
    "summit": record_url("summit"),
    "article": record_url("article"),
    "commitment": record_url("commitment"),
    "project-changes": change_log("project", "projects"),
    "summit-changes": change_log("summit", "summits"),
    "article-changes": change_log("article", "articles"),
    "commitment-changes": change_log("commitment", "commitments"),
    "correction-form": lambda h: reverse(
        "report-correction", kwargs={"kind": "project", "slug": h.project.slug}
    ),
}
FEEDS = ["feed-articles", "feed-projects", "feed-summits"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_pages_show_hostile_text_escaped(client, hostile, page, language):
    url = localized(language, lambda: PAGES[page](hostile))
    response = client.get(url)
    assert response.status_code == 200, url
    html = text_of(response)
    assert active_content(html) == [], url
    assert markers_in(html), f"{url} shows none of the hostile text: the check proves nothing"


def marker_of(model, name):
    return next(m for m, (mo, field) in MARKERS.items() if mo is model and field.name == name)


@pytest.mark.parametrize("kind", ["project", "summit", "article", "commitment"])
def test_markdown_bodies_are_sanitized_not_just_escaped(client, hostile, kind):
    """A body's Markdown becomes HTML, so escaping alone cannot protect it: the script, the
    handlers and the javascript: links are gone, the text stays."""
    record = getattr(hostile, kind)
    html = client.get(record.get_absolute_url()).text
    # A project's or summit's body folds under "Editor's notes"; the others are a section.
    body = html[html.index('class="body">') :]
    ends = [i for i in (body.find("</section>"), body.find("</details>")) if i >= 0]
    body = body[: min(ends)]
    assert marker_of(type(record), "body_en") in body
    assert "javascript:" not in body and "<script" not in body and "onerror" not in body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_carry_hostile_text_as_text(client, hostile, feed, language):
    """Atom summaries are declared as HTML, so plain text must arrive there escaped once more:
    a feed reader would otherwise run it."""
    response = client.get(localized(language, lambda: reverse(feed)))
    assert response.status_code == 200
    root = ElementTree.fromstring(content_of(response))
    shown = set()
    for element in root.iter():
        text = element.text or ""
        shown |= markers_in(text)
        assert element.get("type") != "xhtml"
        if element.get("type") == "html":
            assert active_content(text) == [], text
    assert shown


def test_the_sitemap_is_well_formed_and_names_only_addresses(client, hostile):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ElementTree.fromstring(content_of(response))
    assert root.tag.endswith("urlset")
    assert not markers_in(text_of(response))


# The API

API_RESOURCES = {
    "countries": lambda h: h.records[Country].iso2,
    "sectors": lambda h: h.records[Sector].slug,
    "organizations": lambda h: h.records[Organization].slug,
    "sources": lambda h: h.records[Source].pk,
    "projects": lambda h: h.project.slug,
    "summits": lambda h: h.summit.slug,
    "trade-statistics": lambda h: h.records[TradeStatistic].pk,
    "articles": lambda h: h.article.slug,
    "commitments": lambda h: h.commitment.slug,
    "finance": lambda h: h.finance.pk,
}


def strings_in(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)


def assert_carried_intact(hostile, strings):
    """Every string that holds a payload holds it whole: not escaped, not stripped."""
    seen = set()
    for text in strings:
        for marker in markers_in(text):
            assert hostile.value_of(marker) in text, (FIELD_NAMES[marker], text)
            seen.add(marker)
    return seen


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("resource", API_RESOURCES)
def test_the_api_carries_hostile_text_as_json_data(hostile, resource, language):
    api = APIClient()
    lookup = API_RESOURCES[resource](hostile)
    seen = set()
    for url in [f"/api/v1/{resource}/?page_size=500", f"/api/v1/{resource}/{lookup}/"]:
        response = api.get(url, {"lang": language})
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json", url
        assert response["X-Content-Type-Options"] == "nosniff"
        seen |= assert_carried_intact(hostile, strings_in(json.loads(response.content)))
    assert seen


@pytest.mark.parametrize("resource", API_RESOURCES)
def test_csv_downloads_carry_hostile_text_as_data(hostile, resource):
    response = APIClient().get(f"/api/v1/{resource}/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(text_of(response))))
    assert_carried_intact(hostile, (cell for row in rows for cell in row))


@pytest.mark.parametrize("page", ["projects", "summits", "articles", "commitments"])
def test_page_csv_downloads_carry_hostile_text_as_data(client, hostile, page):
    response = client.get(PAGES[page](hostile) + "&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(text_of(response).lstrip("\ufeff"))))
    assert assert_carried_intact(hostile, (cell for row in rows for cell in row))


def test_geojson_carries_hostile_text_as_data(hostile):
    response = APIClient().get("/api/v1/projects/", {"format": "geojson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(content_of(response))
    assert assert_carried_intact(hostile, strings_in(collection))


@pytest.mark.parametrize("resource", API_RESOURCES)
def test_the_browsable_api_shows_hostile_text_escaped(hostile, resource):
    lookup = API_RESOURCES[resource](hostile)
    response = APIClient().get(f"/api/v1/{resource}/{lookup}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert active_content(text_of(response)) == []
    assert markers_in(text_of(response)), resource


# Every page, API list (500 to a page) and record, in three languages: a hundred-odd requests.
@pytest.mark.slow
def test_every_field_shows_somewhere_public_or_is_known_to_be_admin_only(client, hostile):
    """Each hostile field is read back by the checks above. Fields the public never sees are
    listed here, so that a new field is either checked on a public page or named as private."""
    admin_only = {
        "Source.notes",
        "ApiToken.name",
        "CorrectionReport.record_label",
        "CorrectionReport.page_url",
        "CorrectionReport.message",
        "CorrectionReport.email",
        "CorrectionReport.editor_note",
        "SummitSeries.description_en",
        "SummitSeries.description_zh_hans",
        "SummitSeries.description_ru",
        "User.first_name",
        "User.last_name",
    }
    api = APIClient()
    seen = set()
    for language in LANGUAGES:
        for page in PAGES:
            url = localized(language, lambda page=page: PAGES[page](hostile))
            seen |= markers_in(client.get(url).text)
        for resource, lookup in API_RESOURCES.items():
            for url in [f"/api/v1/{resource}/", f"/api/v1/{resource}/{lookup(hostile)}/"]:
                response = api.get(url, {"lang": language, "page_size": 500})
                seen |= markers_in(response.content.decode())
    unseen = {FIELD_NAMES[m] for m in MARKERS} - {FIELD_NAMES[m] for m in seen}
    assert unseen <= admin_only, sorted(unseen - admin_only)


# The admin, where editors read what visitors and other editors typed


ADMIN_MODELS = {model._meta.model_name: model for model in [*CONTENT_MODELS, User]}
ADMIN_PAGES = [
    (name, view)
    for name, model in ADMIN_MODELS.items()
    for view in ["changelist", "change", *(["history"] if hasattr(model, "history") else [])]
]


@pytest.mark.parametrize(("model_name", "view"), ADMIN_PAGES)
def test_the_admin_shows_hostile_text_escaped(client, hostile, model_name, view):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    model = ADMIN_MODELS[model_name]
    name = f"admin:{model._meta.app_label}_{model_name}_{view}"
    if view == "changelist":
        url = reverse(name) + "?q=xss"
    else:
        url = reverse(name, args=[hostile.records[model].pk])
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.text
    assert active_content(html) == [], url
    if view != "history":  # a version is listed by date and editor, not by its text
        assert markers_in(html), url


def test_the_list_of_deleted_records_shows_hostile_names_escaped(client, hostile):
    hostile.project._history_user = hostile.editor
    hostile.project.delete()
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    response = client.get(reverse("admin-deleted-records"))
    assert response.status_code == 200
    assert active_content(response.text) == []
    assert markers_in(response.text)


def test_what_an_editor_saves_in_the_admin_is_escaped_in_recent_actions(client):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    name = "xss999 " + SHORT_PAYLOAD
    response = client.post(
        reverse("admin:cooperation_sector_add"),
        {"name_en": name, "slug": "hostile-sector", "position": 1},
    )
    assert response.status_code == 302
    for url in [reverse("admin:index"), response["Location"]]:
        html = client.get(url).text
        assert active_content(html) == [], url
        assert "xss999" in html, url


def test_the_admin_markdown_preview_is_sanitized(client):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    response = client.post(reverse("markdown-preview"), {"text": PAYLOAD})
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []


# What editors and visitors type, through the site's own forms and API


def test_text_an_editor_writes_through_the_api_is_escaped_on_the_page(client, hostile):
    editor = APIClient()
    editor.force_authenticate(User.objects.create_superuser("root", password=PASSWORD))
    project = hostile.project
    response = editor.patch(
        f"/api/v1/projects/{project.slug}/",
        {"title": PAYLOAD[:200], "summary": PAYLOAD, "body": PAYLOAD},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["title"] == PAYLOAD[:200]
    html = client.get(project.get_absolute_url()).text
    assert active_content(html) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/sources/", "url"),
        ("/api/v1/organizations/", "website"),
        ("/api/v1/articles/", "original_url"),
    ],
)
@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)"]
)
def test_links_an_editor_gives_must_be_web_addresses(url, field, link):
    editor = APIClient()
    editor.force_authenticate(User.objects.create_superuser("root", password=PASSWORD))
    response = editor.post(url, {field: link}, format="json")
    assert response.status_code == 400
    assert field in response.json()


URL_FIELDS = [(model, field) for model, field in FIELDS if isinstance(field, models.URLField)]


@pytest.mark.parametrize(
    ("model", "field"), URL_FIELDS, ids=[f"{m.__name__}.{f.name}" for m, f in URL_FIELDS]
)
@pytest.mark.parametrize("link", ["javascript:alert(1)", " JaVaScRiPt:alert(1)"])
def test_links_in_admin_forms_must_be_web_addresses(client, model, field, link):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    record = model._default_manager.order_by("pk").first()
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk]
    )
    form = client.get(url).context["adminform"].form
    response = client.post(url, {**admin_form_data(form), field.name: link})
    assert response.status_code == 200
    assert field.name in response.context["adminform"].form.errors
    assert (
        not getattr(model._default_manager.get(pk=record.pk), field.name)
        .lower()
        .strip()
        .startswith("javascript")
    )


def correction_post(client, project, **data):
    import time

    from cooperation.views.corrections import form_token

    token = form_token(time.time() - 10)
    url = reverse("report-correction", kwargs={"kind": "project", "slug": project.slug})
    return client.post(url, {"message": PAYLOAD, "email": "", "token": token, **data})


@pytest.mark.parametrize(
    "data",
    [
        {"email": PAYLOAD},
        {"website": PAYLOAD},
        {"token": PAYLOAD},
    ],
    ids=["email", "website", "token"],
)
def test_the_correction_form_shows_what_was_typed_escaped(client, data):
    project = Project.objects.published().first()
    before = CorrectionReport.objects.count()
    response = correction_post(client, project, **data)
    assert response.status_code == 400
    assert active_content(response.content.decode()) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert CorrectionReport.objects.count() == before


def test_a_hostile_correction_report_is_escaped_for_the_editors(client):
    project = Project.objects.published().first()
    assert correction_post(client, project).status_code == 302
    report = CorrectionReport.objects.get(message=PAYLOAD)
    assert report.message == PAYLOAD
    assert active_content(client.get(project.get_absolute_url()).text) == []
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    for url in [
        reverse("admin:cooperation_correctionreport_changelist"),
        reverse("admin:cooperation_correctionreport_change", args=[report.pk]),
    ]:
        html = client.get(url).text
        assert active_content(html) == [], url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Query strings shown back on the page

REFLECTED = [
    (page, name)
    for page, filterset in [
        ("project-list", ProjectFilter),
        ("summit-list", SummitFilter),
        ("article-list", ArticleFilter),
        ("commitment-list", CommitmentFilter),
    ]
    for name in [*filterset.base_filters, "page"]
]


@pytest.mark.parametrize(("page", "parameter"), REFLECTED)
def test_list_pages_show_hostile_parameters_escaped(client, page, parameter):
    response = client.get(reverse(page), {parameter: PAYLOAD})
    assert response.status_code in (200, 400)
    assert active_content(response.text) == []


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?q={}",
        "/en/trade/?flow={}",
        "/en/trade/?reporter={}",
        "/en/no-such-page/{}",
        "/api/v1/projects/?country={}",
        "/api/v1/projects/?ordering={}",
        "/api/v1/no-such-resource/{}",
    ],
)
def test_other_pages_show_hostile_parameters_escaped(client, url):
    from urllib.parse import quote

    response = client.get(url.format(quote(PAYLOAD)))
    assert response.status_code in (200, 400, 404)
    if response["Content-Type"].startswith("text/html"):
        assert active_content(response.content.decode()) == []
    else:
        assert response["Content-Type"] == "application/json"


def test_the_admin_search_box_shows_hostile_queries_escaped(client):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    response = client.get(reverse("admin:cooperation_project_changelist"), {"q": PAYLOAD})
    assert response.status_code == 200
    assert active_content(response.text) == []


def test_drafts_previewed_by_editors_are_escaped_too(client, make_project):
    draft = make_project(slug="hostile-draft", title=PAYLOAD[:200], body=PAYLOAD)
    assert draft.publication_status == PublicationStatus.DRAFT
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    response = client.get(draft.get_absolute_url() + "?preview=1")
    assert response.status_code == 200
    assert active_content(response.text) == []
