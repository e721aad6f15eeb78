"""Articles: news, analysis and opinion."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Article
from .base import PublishableAdmin


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = [
        "title",
        "publication_status",
        "kind",
        "publisher",
        "published_on",
        "updated_at",
    ]
    list_filter = ["publication_status", "kind", "countries"]
    search_fields = ["title", "title_zh_hans", "title_ru", "standfirst", "author", "publisher"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["countries", "projects", "summits", "sources"]
    date_hierarchy = "published_on"
    markdown_fields = ("body",)
    fieldsets = [
        (None, {"fields": ["title", "slug", "publication_status", "kind", "standfirst", "body"]}),
        (
            _("Origin"),
            {
                "fields": [
                    "author",
                    "publisher",
                    "original_url",
                    "original_language",
                    "published_on",
                ]
            },
        ),
        (_("Lead image"), {"fields": ["lead_image", "image_caption", "image_credit"]}),
        (_("Links and sources"), {"fields": ["countries", "projects", "summits", "sources"]}),
    ]
