"""News, analysis and opinion on China–Central Asia cooperation, linked to what they cover."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import PublishableModel, PublishableQuerySet, natural_manager
from .projects import Project
from .search import search_document
from .summits import Summit


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    ANALYSIS = "analysis", _("Analysis")
    OPINION = "opinion", _("Opinion")


class ArticleQuerySet(PublishableQuerySet):
    def with_related(self):
        """With what a page shows; linked projects and summits only when published."""
        return self.prefetch_related(
            "countries",
            "sources",
            models.Prefetch("projects", queryset=Project.objects.published()),
            models.Prefetch("summits", queryset=Summit.objects.published()),
        )


class Article(PublishableModel):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ArticleKind.choices, db_index=True)
    standfirst = models.TextField(_("standfirst"), help_text=_("The one-paragraph summary."))
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    author = models.CharField(_("author"), max_length=200, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    original_url = models.URLField(_("original link"), max_length=600, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=10, default="en", help_text=_("A code: en, zh, ru…")
    )
    published_on = models.DateField(_("published on"), db_index=True)
    lead_image = models.ImageField(
        _("lead image"),
        upload_to="articles/%Y/",
        blank=True,
        help_text=_("JPEG, PNG or WebP; large pictures are scaled down."),
    )
    image_caption = models.CharField(_("image caption"), max_length=400, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    countries = models.ManyToManyField(
        "Country", blank=True, related_name="articles", verbose_name=_("countries")
    )
    projects = models.ManyToManyField(
        "Project", blank=True, related_name="articles", verbose_name=_("projects")
    )
    summits = models.ManyToManyField(
        "Summit", blank=True, related_name="articles", verbose_name=_("summits")
    )
    sources = models.ManyToManyField(
        "Source", blank=True, related_name="articles", verbose_name=_("sources")
    )

    search_document = search_document("title", "standfirst")

    objects = natural_manager(ArticleQuerySet, "slug")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "title"]
        indexes = [
            models.Index(fields=["published_on"], name="article_published_on"),
            models.Index(fields=["title_en"], name="article_title"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = [
        "cooperation.country",
        "cooperation.project",
        "cooperation.summit",
        "cooperation.source",
    ]

    def get_absolute_url(self):
        return reverse("article-detail", kwargs={"slug": self.slug})
