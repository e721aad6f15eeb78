"""English, Chinese and Russian: every page, content with a visible fallback, formats, search,
the API and the message catalogues."""

import datetime
import gettext
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.formats import date_format, number_format

from cooperation.models import Country, Project, Summit
from cooperation.templatetags.tracker import format_money

from .page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "ru"]
PAGES = [
    "",
    "projects/",
    "summits/",
    "trade/",
    "countries/",
    "articles/",
    "search/?q=Astana",
    "about/",
]
CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def translated(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_every_language_with_translated_navigation(client, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    for label in ["Projects", "Summits", "Trade", "Countries"]:
        assert f">{translated(language, label)}</a>" in response.text
    if language != "en":
        assert translated(language, "Projects") != "Projects"


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
def test_detail_pages_show_the_content_in_the_language(client, language):
    project = Project.objects.get(slug="china-kyrgyzstan-uzbekistan-railway")
    field = f"title_{language.replace('-', '_')}"
    response = client.get(f"/{language}/projects/{project.slug}/")
    assert getattr(project, field) in response.text
    summit = Summit.objects.get(series__slug="china-central-asia-summit", edition=1)
    page = client.get(f"/{language}/summits/{summit.slug}/")
    outcome = summit.outcomes.get(kind="declaration")
    assert getattr(outcome, field) in page.text


def test_xian_declaration_has_its_official_names(client):
    summit = Summit.objects.get(series__slug="china-central-asia-summit", edition=1)
    declaration = summit.outcomes.get(kind="declaration")
    assert "西安宣言" in declaration.title_zh_hans
    assert "Сианьская декларация" in declaration.title_ru


def test_a_missing_translation_falls_back_to_english_with_a_visible_mark(client, make_project):
    project = make_project(
        slug="english-only", title="English only title", publication_status="published"
    )
    response = client.get(f"/zh-hans/projects/{project.slug}/")
    assert response.status_code == 200
    assert '<span lang="en">English only title</span>' in response.text
    assert translated("zh-hans", "(not yet translated)") in response.text
    english = client.get(f"/en/projects/{project.slug}/")
    assert "(not yet translated)" not in english.text


def test_the_language_switcher_keeps_the_page_and_its_query(client):
    response = client.post(
        "/i18n/setlang/", {"language": "ru", "next": "/en/projects/?country=KZ&sector=energy"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ru/projects/?country=KZ&sector=energy"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_the_switcher_links_keep_the_page_and_its_query(client):
    response = client.get("/en/projects/", {"country": "KZ"})
    assert 'href="/ru/projects/?country=KZ" hreflang="ru"' in response.text
    assert 'href="/zh-hans/projects/?country=KZ" hreflang="zh-hans"' in response.text


@pytest.mark.parametrize("name,path", [p for p in PAGE_TYPES if p[1]], ids=lambda v: str(v))
def test_every_page_links_its_own_path_in_each_language(client, name, path):
    """The page's path in each language, as Django's translate_url gives it (the tag takes it
    from the request's route instead of routing the path again)."""
    text = client.get(path).text
    for code in LANGUAGES:
        expected = translate_url(path.split("?")[0], code)
        assert f'hreflang="{code}" href="http://testserver{expected}"' in text


def test_the_switcher_refuses_to_send_visitors_elsewhere(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_the_root_follows_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert client.get("/")["Location"] == "/zh-hans/"


@pytest.mark.parametrize(
    ("language", "date", "number", "money"),
    [
        ("en", "18 May 2023", "1,234.5", "USD 89.4 billion"),
        ("zh-hans", "2023年5月18日", "1,234.5", "894亿美元"),
        ("ru", "18 мая 2023 г.", "1\xa0234,5", "89,4 млрд долларов США"),
    ],
)
def test_dates_numbers_and_money_follow_the_locale(language, date, number, money):
    with translation.override(language):
        assert date_format(datetime.date(2023, 5, 18), "DATE_FORMAT") == date
        assert number_format(Decimal("1234.5"), use_l10n=True, force_grouping=True) == number
        assert format_money(Decimal("89400000000")) == money


def test_a_page_shows_money_in_the_locale(client):
    response = client.get("/zh-hans/")
    assert "亿美元" in response.text
    assert "млрд долларов США" in client.get("/ru/").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("西安宣言", "documents"),
        ("西安", "summits"),
        ("哈萨克斯坦", "countries"),
        ("Казахстан", "countries"),
        ("Сианьская", "documents"),
    ],
)
def test_search_finds_content_in_chinese_and_russian(client, query, expected):
    response = client.get("/en/search/", {"q": query})
    found = {key: results for key, _label, results, _total in response.context["groups"]}
    assert found[expected], query


def test_the_api_answers_in_the_asked_language(api_client):
    english = api_client.get("/api/v1/countries/kz/")
    assert english.json()["name"] == "Kazakhstan"
    assert english["Content-Language"] == "en"
    russian = api_client.get("/api/v1/countries/kz/", HTTP_ACCEPT_LANGUAGE="ru")
    assert russian.json()["name"] == Country.objects.get(iso2="KZ").name_ru
    assert russian["Content-Language"] == "ru"
    chinese = api_client.get("/api/v1/countries/kz/", {"lang": "zh-hans"})
    assert chinese.json()["name"] == "哈萨克斯坦"
    assert chinese["Content-Language"] == "zh-hans"
    assert chinese["ETag"] != english["ETag"]
    bad = api_client.get("/api/v1/countries/kz/", {"lang": "xx"})
    assert bad.status_code == 400


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_catalogue_entry_is_translated_and_compiled(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], untranslated[:10]
    assert fuzzy == [], fuzzy[:10]
    compiled = gettext.GNUTranslations(path.with_suffix(".mo").open("rb"))
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            found = compiled.pgettext(entry.msgctxt, entry.msgid)
            assert found == entry.msgstr, "recompile: .mo is older than .po"
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, "recompile: .mo is older than .po"


def test_russian_has_three_plural_forms():
    catalogue = polib.pofile(str(Path(settings.BASE_DIR, "locale/ru/LC_MESSAGES/django.po")))
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=3;")
    with translation.override("ru"):
        forms = {
            translation.ngettext("%(counter)s project", "%(counter)s projects", n)
            for n in (1, 2, 5)
        }
    assert len(forms) == 3


def test_a_filter_forms_labels_follow_each_request_language(client):
    """The form class is built once per FilterSet (`BaseFilterSet`): its labels must stay
    lazy, read in the language of each page, not of the first page that built it."""

    def labels(path):
        text = client.get(path).text
        return re.findall(r'<label for="id_(?:search|start_year_min)">([^<]*)</label>', text)

    assert labels("/en/projects/") == ["Text", "Started in or after"]
    assert labels("/ru/projects/") == ["Поиск по тексту", "Год начала — не ранее"]
    assert labels("/zh-hans/projects/") == ["关键词", "开始年份不早于"]
