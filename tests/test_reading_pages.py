"""What a reader meets beyond the facts: editors' notes folded away, articles that say whose
they are, a change log in words, a lost reader helped on, Chinese type named for every system."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from cooperation.models import Article, Project, Summit

pytestmark = pytest.mark.django_db

PROJECT = "china-kyrgyzstan-uzbekistan-railway"
SUMMIT = "2023-xian-china-central-asia-summit"
ARTICLE = "china-central-asia-cooperation-shows-no-signs-of-slowing"


def editor_notes(text):
    match = re.search(r'<details class="editor-notes">(.*?)</details>', text, re.S)
    return match[1] if match else None


@pytest.mark.parametrize(("model", "slug"), [(Project, PROJECT), (Summit, SUMMIT)])
def test_a_records_working_notes_are_folded_under_editors_notes(client, model, slug):
    record = model.objects.get(slug=slug)
    response = client.get(record.get_absolute_url())
    notes = editor_notes(response.text)
    assert notes is not None
    assert "<summary>Editor's notes</summary>" in notes
    first_line = record.body_en.splitlines()[0].strip("*")  # "Key facts" / "Key outcomes"
    assert first_line in notes
    outside = response.text.replace(notes, "")
    assert first_line not in outside


def test_the_notes_fold_in_every_language(client):
    response = client.get(f"/zh-hans/projects/{PROJECT}/")
    assert "<summary>编辑笔记</summary>" in editor_notes(response.text)


def test_an_articles_text_is_not_folded(client):
    response = client.get(f"/en/articles/{ARTICLE}/")
    assert editor_notes(response.text) is None
    assert Article.objects.get(slug=ARTICLE).body_en[:60] in response.text


def test_a_republished_opinion_says_whose_it_is(client):
    article = Article.objects.get(slug=ARTICLE)
    response = client.get(article.get_absolute_url())
    assert '<span class="kind kind--opinion">Opinion</span>' in response.text
    assert "Author not named by the publisher" in response.text
    assert f"Republished from {article.publisher}" in response.text
    assert "the views are the author" in response.text
    # The seed knows no address for the original, and says so rather than linking nothing.
    assert "No address for the original is known" in response.text
    assert "Read the original" not in response.text


def test_an_article_links_its_original_or_else_its_sources_address(client):
    article = Article.objects.get(slug=ARTICLE)
    source = article.sources.get()
    source.url = "https://example.org/the-piece"
    source.save()
    link = '<a href="{}" rel="noopener noreferrer external">Read the original</a>'
    assert link.format(source.url) in client.get(article.get_absolute_url()).text
    article.original_url = "https://example.org/original"
    article.save()
    response = client.get(article.get_absolute_url())
    assert link.format(article.original_url) in response.text
    assert "No address for the original" not in response.text


def test_an_article_without_a_photo_has_no_photo_caption(client):
    article = Article.objects.get(slug=ARTICLE)
    assert article.image_caption and not article.lead_image
    response = client.get(article.get_absolute_url())
    assert "Photo in the original" not in response.text
    assert article.image_caption_en not in response.text


def test_a_named_author_is_credited(client):
    article = Article.objects.get(slug=ARTICLE)
    article.author = "A. Writer"
    article.save()
    response = client.get(article.get_absolute_url())
    assert "By A. Writer" in response.text
    assert "Author not named" not in response.text


def test_articles_from_other_publishers_are_in_the_footer_not_the_main_menu(client):
    response = client.get("/en/")
    nav = re.search(r'<nav class="site-nav".*?</nav>', response.text, re.S)[0]
    footer = re.search(r'<footer class="site-footer">.*?</footer>', response.text, re.S)[0]
    assert "/en/articles/" not in nav
    assert '<a href="/en/articles/">Articles from other publishers</a>' in footer
    listing = client.get("/en/articles/")
    assert "republished for the facts they cite" in listing.text
    assert "Republished from China.org.cn" in listing.text


def test_the_change_log_dates_entries_in_words_and_names_the_first_publication(client):
    project = Project.objects.get(slug=PROJECT)
    response = client.get(f"/en/projects/{PROJECT}/changes/")
    published = project.history.earliest("history_date").history_date
    assert f"{published.day} {published:%B %Y, %H:%M} UTC" in response.text
    assert '<p class="change-event">First published</p>' in response.text
    assert "<table" not in response.text  # nothing changed since: no empty Before/After table


def test_a_record_published_again_says_so(client):
    project = Project.objects.get(slug=PROJECT)
    project.publication_status = "draft"
    project.save()
    project.publication_status = "published"
    project.save()
    response = client.get(f"/en/projects/{PROJECT}/changes/")
    events = re.findall(r'<p class="change-event">([^<]+)</p>', response.text)
    assert events == ["Published again", "First published"]  # newest first


def test_the_change_log_is_dated_in_russian_and_chinese_too(client):
    project = Project.objects.get(slug=PROJECT)
    published = project.history.earliest("history_date").history_date
    assert (
        f"{published.year}年{published.month}月{published.day}日"
        in client.get(f"/zh-hans/projects/{PROJECT}/changes/").text
    )
    assert "Впервые опубликовано" in client.get(f"/ru/projects/{PROJECT}/changes/").text


def test_the_not_found_page_offers_a_search_for_the_address_and_the_lists(client):
    response = client.get("/en/projects/khorgos-gateway/")
    assert response.status_code == 404
    assert (
        '<input id="not-found-q" type="search" name="q" value="khorgos gateway" maxlength="400">'
        in response.text
    )
    assert 'action="/en/search/"' in response.text
    for path in ["/en/projects/", "/en/summits/", "/en/trade/", "/en/countries/"]:
        assert f'<a href="{path}">' in response.text.split('<ul class="suggestions">')[1]


def test_the_not_found_page_speaks_the_addresses_language(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert 'action="/ru/search/"' in response.text
    assert 'value="no such page"' in response.text
    assert 'value=""' in client.get("/en/2024/").text  # no words, nothing to search for


def test_the_font_stack_names_chinese_faces_found_on_linux_and_android():
    css = Path(finders.find("css/site.css")).read_text()
    chinese = re.search(r":root:lang\(zh-hans\)\s*\{\s*font-family:([^;]+);", css)[1]
    families = [family.strip().strip('"') for family in chinese.split(",")]
    for family in ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"]:
        assert family in families
    assert families.index("Noto Sans CJK SC") < families.index("system-ui")
    default = re.search(r":root\s*\{[^}]*font-family:([^;]+);", css)[1]
    assert "Noto Sans CJK SC" in default and "Source Han Sans SC" in default
