"""Reference records that content points at: countries and their strategies, organizations,
sectors and sources.

Countries, strategies and sectors are public as soon as they are saved. Organizations and
sources are public once a published record (or a strategy or a summit series, which are always
public) names them: one that only drafts cite can give a story away, so it stays the editors'
until the story is published. They carry change history like every other record.
"""

import functools
import operator

from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import wording
from .base import Confidence, PublicationStatus, TimeStampedModel, natural_manager
from .dates import normalize_partial_date, partial_date, precision_field
from .search import search_document

LATITUDE_MESSAGE = _("Latitude must be between -90 and 90.")
LONGITUDE_MESSAGE = _("Longitude must be between -180 and 180.")
LATITUDE_VALIDATORS = [
    MinValueValidator(-90, message=LATITUDE_MESSAGE),
    MaxValueValidator(90, message=LATITUDE_MESSAGE),
]
LONGITUDE_VALIDATORS = [
    MinValueValidator(-180, message=LONGITUDE_MESSAGE),
    MaxValueValidator(180, message=LONGITUDE_MESSAGE),
]


def coordinate_field(verbose_name, validators):
    """A latitude or longitude to five decimals (about a metre), optional."""
    return models.DecimalField(
        verbose_name, max_digits=8, decimal_places=5, null=True, blank=True, validators=validators
    )


def latitude_field():
    return coordinate_field(_("latitude"), LATITUDE_VALIDATORS)


def longitude_field():
    return coordinate_field(_("longitude"), LONGITUDE_VALIDATORS)


def coordinate_constraints(prefix):
    """Latitude -90..90, longitude -180..180, and both or neither."""
    return [
        models.CheckConstraint(
            condition=models.Q(latitude__isnull=True)
            | models.Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_range",
            violation_error_message=LATITUDE_MESSAGE,
        ),
        models.CheckConstraint(
            condition=models.Q(longitude__isnull=True)
            | models.Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_range",
            violation_error_message=LONGITUDE_MESSAGE,
        ),
        models.CheckConstraint(
            condition=models.Q(latitude__isnull=True, longitude__isnull=True)
            | models.Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_coordinates_pair",
            violation_error_message=_("Give both latitude and longitude, or neither."),
        ),
    ]


class CountryRole(models.TextChoices):
    CHINA = "china", _("China")
    CENTRAL_ASIA = "central_asia", _("Central Asia")
    TRANSIT = "transit", _("Transit")
    OTHER = "other", _("Other")
    REGION = "region", _("Regional total")


# Countries are listed in one order in every language: by English name, which is also the
# order of China's official texts (中国、哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦、
# 土库曼斯坦、乌兹别克斯坦), never by the code points of the translated name.
COUNTRY_ORDERING = ["name_en"]


def country_order(country):
    """The sort key for countries already fetched, the same as COUNTRY_ORDERING."""
    return country.name_en or ""


class CountryQuerySet(models.QuerySet):
    def central_asia(self):
        return self.filter(role=CountryRole.CENTRAL_ASIA)

    def with_project_counts(self):
        """Each country with `project_count`, how many published projects it hosts."""
        published = models.Q(projects__publication_status=PublicationStatus.PUBLISHED)
        return self.annotate(
            project_count=models.Count("projects", filter=published, distinct=True)
        )

    def map_labels(self):
        """Country names at their centroids, so a map without tiles still shows where it is."""
        countries = self.filter(
            role__in=[CountryRole.CHINA, CountryRole.CENTRAL_ASIA, CountryRole.TRANSIT]
        ).exclude(latitude=None)
        # China and Central Asia first: where names would overlap, the map keeps the first.
        countries = sorted(countries, key=lambda country: country.role == CountryRole.TRANSIT)
        return [
            {"name": country.name, "lat": float(country.latitude), "lng": float(country.longitude)}
            for country in countries
        ]


class Country(TimeStampedModel):
    iso2 = models.CharField(
        _("ISO 3166-1 alpha-2 code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters, e.g. KZ."))],
        help_text=_("Regional totals use a user-assigned code, e.g. XC for Central Asia."),
    )
    iso3 = models.CharField(
        _("ISO 3166-1 alpha-3 code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters, e.g. KAZ."))],
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    role = models.CharField(_("role"), max_length=20, choices=CountryRole.choices, db_index=True)
    capital = models.CharField(_("capital"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
        help_text=_("Centroid, for maps."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="regions",
        verbose_name=_("member countries"),
        help_text=_("For a regional total only: the countries it adds up."),
    )

    search_document = search_document("name", "capital")

    objects = natural_manager(CountryQuerySet, "iso2")

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = COUNTRY_ORDERING
        constraints = [
            *coordinate_constraints("country"),
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z][A-Z]$"),
                name="country_iso2_format",
                violation_error_message=_("The ISO code must be two capital letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.iso2,)

    def get_absolute_url(self):
        return reverse("country-detail", kwargs={"slug": self.slug})

    @property
    def current_strategy(self):
        strategies = [s for s in self.strategies.all() if s.is_current] or list(
            self.strategies.all()
        )
        return strategies[0] if strategies else None


class Strategy(TimeStampedModel):
    """A national development strategy, such as Kazakhstan's Nurly Zhol."""

    constraint_fields = {"strategy_end_not_before_start": "end_year"}

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    period = models.CharField(
        _("period"),
        max_length=120,
        blank=True,
        help_text=_("As officially stated, e.g. 2022–2026."),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    adopted = models.CharField(_("adopted"), max_length=250, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The strategy the country follows now.")
    )
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.HIGH
    )
    sources = models.ManyToManyField(
        "Source", blank=True, related_name="strategies", verbose_name=_("sources")
    )

    objects = natural_manager(models.QuerySet, "slug")

    class Meta:
        verbose_name = _("development strategy")
        verbose_name_plural = _("development strategies")
        ordering = ["country__name_en", "-is_current", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="strategy_end_not_before_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(is_current=True),
                name="strategy_one_current_per_country",
                violation_error_message=_("This country already has a current strategy."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["cooperation.country", "cooperation.source"]


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    STATE_BODY = "state_body", _("State body")
    LENDER = "lender", _("Lender")
    MULTILATERAL = "multilateral", _("Multilateral mechanism")
    STATISTICS = "statistics", _("Statistics agency")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


def cited_by_public(queryset, citations):
    """The records of `queryset` that some public record cites.

    `citations` are (model name, field pointing here, path to the publication status or None
    for records that are always public).
    """
    cited = []
    for model_name, field, status_path in citations:
        citing = apps.get_model("cooperation", model_name)._default_manager.filter(
            **{field: models.OuterRef("pk")}
        )
        if status_path is not None:
            citing = citing.filter(**{status_path: PublicationStatus.PUBLISHED})
        cited.append(models.Exists(citing))
    return queryset.filter(functools.reduce(operator.or_, cited))


class OrganizationQuerySet(models.QuerySet):
    CITED_BY = [
        ("ProjectPartner", "organization", "project__publication_status"),
        ("TradeStatistic", "reporting_agency", "publication_status"),
        ("SummitSeries", "organization", None),
    ]

    def public(self):
        """Organizations a published project or figure, or a summit series, names."""
        return cited_by_public(self, self.CITED_BY)


class Organization(TimeStampedModel):
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("home country"),
        help_text=_("Empty for multilateral bodies."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    search_document = search_document("name", "short_name")

    objects = natural_manager(OrganizationQuerySet, "slug")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "slug"]  # slug: one order everywhere
        indexes = [models.Index(fields=["kind", "name"], name="organization_kind_name")]

    def __str__(self):
        if not self.short_name or self.short_name == self.name:
            return self.name
        return self.name + wording.parenthesis(self.short_name)

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["cooperation.country"]


class Sector(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in lists and menus.")
    )

    objects = natural_manager(models.QuerySet, "slug")

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class SourceKind(models.TextChoices):
    OFFICIAL_STATISTICS = "official_statistics", _("official statistics")
    GOVERNMENT = "government", _("government")
    INTERNATIONAL_ORGANIZATION = "international_organization", _("international organization")
    NEWS = "news", _("news")
    ENCYCLOPEDIA = "encyclopedia", _("encyclopedia")
    RESEARCH = "research", _("research dataset")


class SourceLink(models.TextChoices):
    """Whether the link leads to the original publisher's page or to a copy of it elsewhere."""

    ORIGINAL = "original", _("the publisher's own page")
    REPUBLISHED = "republished", _("republished by another site")
    MIRROR = "mirror", _("a copy on a mirror or scraper site")


class SourceQuerySet(models.QuerySet):
    CITED_BY = [
        ("Project", "sources", "publication_status"),
        ("Summit", "sources", "publication_status"),
        ("Article", "sources", "publication_status"),
        ("Commitment", "sources", "publication_status"),
        ("TradeStatistic", "source", "publication_status"),
        ("TradeStatistic", "other_sources", "publication_status"),
        ("ProjectMilestone", "source", "project__publication_status"),
        ("Evidence", "source", "commitment__publication_status"),
        ("Strategy", "sources", None),
    ]

    def public(self):
        """Sources a published record, or a country's strategy, cites."""
        return cited_by_public(self, self.CITED_BY)


class Source(TimeStampedModel):
    """A citation. Every published project, summit, trade figure and article cites one or more."""

    title = models.CharField(_("title"), max_length=400)
    publisher = models.CharField(_("publisher"), max_length=250, db_index=True)
    url = models.URLField(_("URL"), max_length=600, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_precision = precision_field(_("publication date precision"))
    accessed_on = models.DateField(
        _("accessed on"), null=True, blank=True, help_text=_("The date the source was read.")
    )
    kind = models.CharField(
        _("type"),
        max_length=30,
        choices=SourceKind.choices,
        blank=True,
        db_index=True,
        help_text=_(
            "Official statistics, government, international organization, news, encyclopedia or "
            "research dataset."
        ),
    )
    link = models.CharField(
        _("link leads to"),
        max_length=12,
        choices=SourceLink.choices,
        default=SourceLink.ORIGINAL,
        help_text=_(
            "A copy is shown to readers as one; link the original publisher's page where it "
            "can be found."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        help_text=_("Language of the source, as a code: en, zh, ru, kk, uz…"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = natural_manager(SourceQuerySet, "publisher", "title", "published_on")

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title", "pk"]  # pk: the same order on every database
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="source_unique_url",
                violation_error_message=_("A source with this URL already exists."),
            ),
            models.UniqueConstraint(
                fields=["publisher", "title", "published_on"],
                name="source_unique_citation",
                violation_error_message=_(
                    "A source with this publisher, title and date already exists."
                ),
            ),
        ]

    def __str__(self):
        date = self.published_date
        return (
            f"{self.publisher}: {self.title} ({date})"
            if date
            else f"{self.publisher}: {self.title}"
        )

    def natural_key(self):
        return (self.publisher, self.title, self.published_on and self.published_on.isoformat())

    def clean(self):
        super().clean()
        normalize_partial_date(self, "published_on", "published_precision")

    @property
    def published_date(self):
        return partial_date(self.published_on, self.published_precision)

    @property
    def is_copy(self):
        return self.link != SourceLink.ORIGINAL
