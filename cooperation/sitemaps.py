"""/sitemap.xml: every public page, published records only, with last-modified dates and the
page in each language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .kinds import PUBLIC_KINDS, plural
from .models import Country, CountryRole, FinanceRecord


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
            "licence",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(LocalizedSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, record):
        # When its facts last changed, none where unknown: not when the seed loaded it.
        return record.facts_updated_on


class CountrySitemap(LocalizedSitemap):
    def items(self):
        return Country.objects.exclude(role=CountryRole.OTHER).order_by("pk")

    def lastmod(self, country):
        return country.updated_at


def record_sitemap(model):
    return type(f"{model.__name__}Sitemap", (RecordSitemap,), {"model": model})


SITEMAPS = {
    "pages": StaticSitemap,
    **{plural(model): record_sitemap(model) for model in PUBLIC_KINDS},
    # Finance records have pages but no change log or correction form of their own: AidData's
    # dataset is corrected at its source and re-imported.
    "finance": record_sitemap(FinanceRecord),
    "countries": CountrySitemap,
}
