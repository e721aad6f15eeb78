"""/sitemap.xml: every public page, published records only, with last-modified dates and the
page in each language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Commitment, Country, CountryRole, FinanceRecord, Project, Summit


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(LocalizedSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "overview",
            "project-list",
            "summit-list",
            "trade",
            "country-list",
            "article-list",
            "commitment-list",
            "finance-list",
            "about",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(LocalizedSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class ProjectSitemap(RecordSitemap):
    model = Project


class SummitSitemap(RecordSitemap):
    model = Summit


class ArticleSitemap(RecordSitemap):
    model = Article


class CommitmentSitemap(RecordSitemap):
    model = Commitment


class FinanceSitemap(RecordSitemap):
    model = FinanceRecord


class CountrySitemap(LocalizedSitemap):
    def items(self):
        return Country.objects.exclude(role=CountryRole.OTHER).order_by("pk")

    def lastmod(self, country):
        return country.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "projects": ProjectSitemap,
    "summits": SummitSitemap,
    "articles": ArticleSitemap,
    "commitments": CommitmentSitemap,
    "finance": FinanceSitemap,
    "countries": CountrySitemap,
}
