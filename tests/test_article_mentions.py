"""An article's "In this article" box appears only when the article links to something."""

import pytest

from cooperation.models import Article

pytestmark = pytest.mark.django_db


def test_an_article_linking_nothing_has_no_empty_heading(client):
    article = Article.objects.published().first()
    article.countries.clear()
    article.projects.clear()
    article.summits.clear()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "In this article" not in page.text


def test_an_article_linking_a_country_lists_it_under_the_heading(client):
    article = Article.objects.published().filter(countries__isnull=False).first()
    page = client.get(article.get_absolute_url())
    assert "In this article" in page.text
    assert article.countries.first().name in page.text
