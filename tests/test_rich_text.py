"""Bodies are Markdown; what the public sees is sanitized, and editors preview it as they type."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cooperation.markdown import render_markdown

HOSTILE = [
    ("<script>alert(1)</script>Hello", "<script", "Hello"),
    ('<img src=x onerror="alert(1)">', "onerror", ""),
    ("[click](javascript:alert(1))", "javascript:", "click"),
    ('<a href="https://e.org" onclick="steal()">e</a>', "onclick", "e"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe", ""),
    ("<style>body{display:none}</style>text", "<style", "text"),
    ('<svg onload="alert(1)"><circle/></svg>', "onload", ""),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:", "x"),
]


@pytest.mark.parametrize(("markdown", "forbidden", "kept"), HOSTILE)
def test_hostile_markdown_is_sanitized(markdown, forbidden, kept):
    html = render_markdown(markdown)
    assert forbidden not in html
    assert kept in html


def test_markdown_keeps_formatting_tables_and_safe_links():
    html = render_markdown(
        "**Bold** and [Xinhua](https://english.news.cn)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://english.news.cn" rel="noopener noreferrer">Xinhua</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


@pytest.mark.django_db
def test_the_admin_preview_renders_sanitized_html_for_staff(admin_client):
    response = admin_client.post(
        reverse("markdown-preview"), {"text": "## Title\n\n<script>x()</script>*hi*"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Title</h2>" in html and "<p><em>hi</em></p>" in html and "script" not in html


@pytest.mark.django_db
def test_the_preview_is_for_staff_only(client):
    client.force_login(User.objects.create_user("reader", password="a-long-test-password"))
    response = client.post(reverse("markdown-preview"), {"text": "hi"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_body_fields_show_a_preview_beside_them(admin_client, make_project):
    project = make_project(body="Some **bold** text")
    response = admin_client.get(reverse("admin:cooperation_project_change", args=[project.pk]))
    assert 'class="markdown-editor"' in response.text
    assert "<strong>bold</strong>" in response.text
