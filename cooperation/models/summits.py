"""Summits and other intergovernmental meetings, and the documents they adopt."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import (
    Confidence,
    PublicationStatus,
    PublishableModel,
    PublishableQuerySet,
    TimeStampedModel,
    natural_manager,
)
from .search import search_document


class SummitKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    FORUM = "forum", _("Forum")
    STATE_VISIT = "state_visit", _("State visit")
    OTHER = "other", _("Other meeting")


class SummitFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class EditionNoun(models.TextChoices):
    """What one numbered meeting of a series is called; it decides the ordinal's wording."""

    SUMMIT = "summit", _("summit (第二届; 2-й саммит)")
    MEETING = "meeting", _("meeting (第五次; 5-я встреча)")
    SESSION = "session", _("session of a council (第二十五次; 25-е заседание)")


class SummitSeries(TimeStampedModel):
    """A recurring format, such as the China–Central Asia Summit or the SCO heads of state."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        "Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="summit_series",
        verbose_name=_("organizing mechanism"),
    )
    edition_noun = models.CharField(
        _("each meeting is a"),
        max_length=10,
        choices=EditionNoun.choices,
        default=EditionNoun.MEETING,
        help_text=_(
            "How a numbered meeting of the series is named, so that its edition reads right in "
            "every language."
        ),
    )

    objects = natural_manager(models.QuerySet, "slug")

    class Meta:
        verbose_name = _("summit series")
        verbose_name_plural = _("summit series")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["cooperation.organization"]


class SummitQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.select_related("series", "host_country").prefetch_related(
            "participants", "outcomes", "sources"
        )


class Summit(PublishableModel):
    constraint_fields = {"summit_end_not_before_start": "end_date"}
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SummitKind.choices, db_index=True)
    format = models.CharField(
        _("format"), max_length=10, choices=SummitFormat.choices, default=SummitFormat.IN_PERSON
    )
    series = models.ForeignKey(
        SummitSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summits",
        verbose_name=_("series"),
    )
    edition = models.PositiveSmallIntegerField(
        _("edition"), null=True, blank=True, help_text=_("1 for the first summit of its series.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    host_country = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_summits",
        verbose_name=_("host country"),
        help_text=_("Empty for a meeting held only by video link."),
    )
    participants = models.ManyToManyField(
        "Country", related_name="summits", verbose_name=_("participating countries")
    )
    summary = models.TextField(_("summary"))
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    sources = models.ManyToManyField(
        "Source", blank=True, related_name="summits", verbose_name=_("sources")
    )
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.HIGH
    )

    search_document = search_document("title", "summary", "city")

    objects = natural_manager(SummitQuerySet, "slug")

    class Meta:
        verbose_name = _("summit or meeting")
        verbose_name_plural = _("summits and meetings")
        # slug: summits on the same day come in one order on every database.
        ordering = ["-start_date", "slug"]
        indexes = [
            models.Index(fields=["start_date"], name="summit_start"),
            models.Index(fields=["kind", "start_date"], name="summit_kind_start"),
            models.Index(fields=["title_en"], name="summit_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="summit_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                name="summit_unique_edition",
                violation_error_message=_("This series already has a summit with this edition."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%Y})"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = [
        "cooperation.summitseries",
        "cooperation.country",
        "cooperation.source",
    ]

    def get_absolute_url(self):
        return reverse("summit-detail", kwargs={"slug": self.slug})


class OutcomeKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    TREATY = "treaty", _("Treaty")
    AGREEMENT = "agreement", _("Agreement")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    ACTION_PLAN = "action_plan", _("Action plan")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    LIST = "list", _("List of outcomes")
    OTHER = "other", _("Other document")


class OutcomeQuerySet(models.QuerySet):
    def published(self):
        """The outcomes of published summits, which the public may see."""
        published = PublicationStatus.PUBLISHED
        return self.filter(summit__publication_status=published).select_related("summit")


class Outcome(TimeStampedModel):
    """A document a summit adopted: a declaration, agreement, action plan…"""

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("summit")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    parties = models.ManyToManyField(
        "Country",
        blank=True,
        related_name="outcomes",
        verbose_name=pgettext_lazy("the signatories of a document", "parties"),
    )
    url = models.URLField(_("link to the text"), max_length=600, blank=True)
    key_quote = models.TextField(_("key quote"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    search_document = search_document("title", "key_quote")

    objects = natural_manager(OutcomeQuerySet, "summit__slug", "slug")

    class Meta:
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")
        ordering = ["summit", "position", "title", "pk"]  # pk: one order everywhere
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "slug"],
                name="outcome_unique_slug",
                violation_error_message=_("This summit already has an outcome with this slug."),
            )
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.summit.slug, self.slug)

    natural_key.dependencies = ["cooperation.summit", "cooperation.country"]
