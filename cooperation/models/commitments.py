"""Commitments: what was promised at a summit, in a document or on a visit, by when, and the
dated evidence of how far it has got."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import (
    Confidence,
    PublishableModel,
    PublishableQuerySet,
    TimeStampedModel,
    natural_manager,
)
from .dates import normalize_partial_date, partial_date, precision_field
from .search import search_document
from .summits import Outcome, Summit
from .trade import TradeFlow, TradeStatistic


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    ACHIEVED_EARLY = "achieved_early", _("Achieved early")
    BEHIND = "behind", _("Behind schedule")
    MISSED = "missed", _("Missed")
    SUPERSEDED = "superseded", _("Superseded")
    UNCLEAR = "unclear", _("Unclear")


ACHIEVED_STATUSES = [CommitmentStatus.ACHIEVED, CommitmentStatus.ACHIEVED_EARLY]


class TargetKind(models.TextChoices):
    TRADE = "trade", _("Trade value (tracked from trade figures)")
    MONEY = "money", _("Money")
    SHARE = "share", _("Share or percentage")
    CAPACITY = "capacity", _("Capacity")
    COUNT = "count", _("Count")
    MILESTONE = "milestone", _("A thing done (no number)")


class CommitmentQuerySet(PublishableQuerySet):
    def linked_to(self, record):
        """The published commitments a record's page lists, by deadline: a project's (named
        in the commitment or in its evidence), those made at a summit, a country's."""
        from .projects import Project
        from .reference import Country
        from .summits import Summit

        published = self.published().order_by("deadline")
        if isinstance(record, Project):
            named = models.Q(projects=record) | models.Q(evidence__projects=record)
            return published.filter(named).distinct()
        if isinstance(record, Summit):
            return published.filter(made_at=record)
        if isinstance(record, Country):
            return published.filter(parties=record)
        raise TypeError(f"No commitments are linked to a {type(record).__name__}.")

    def with_related(self):
        from .projects import Project
        from .summits import Summit

        return self.select_related(
            "made_at", "made_in", "sector", "target_reporter", "target_partner", "supersedes"
        ).prefetch_related(
            "parties",
            "sources",
            models.Prefetch("projects", queryset=Project.objects.published()),
            models.Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source").prefetch_related(
                    models.Prefetch("projects", queryset=Project.objects.published()),
                    models.Prefetch("summits", queryset=Summit.objects.published()),
                    models.Prefetch(
                        "trade_statistics", queryset=TradeStatistic.objects.published()
                    ),
                    "trade_statistics__reporter",
                    "trade_statistics__partner",
                ),
            ),
        )


class Commitment(PublishableModel):
    constraint_fields = {
        "commitment_deadline_not_before_made": "deadline",
        "commitment_target_non_negative": "target_value",
    }
    title = models.CharField(
        _("pledge"), max_length=300, help_text=_("The pledge in one sentence.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    body = models.TextField(_("background"), blank=True, help_text=_("Markdown."))
    parties = models.ManyToManyField(
        "Country", related_name="commitments", verbose_name=_("parties")
    )
    made_by = models.CharField(
        _("made by"), max_length=250, blank=True, help_text=_("Who said it, e.g. a president.")
    )
    made_at = models.ForeignKey(
        "Summit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("made at"),
        help_text=_("The summit, meeting or visit where it was made."),
    )
    made_in = models.ForeignKey(
        "Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("outcome document"),
    )
    made_on = models.DateField(_("made on"), null=True, blank=True)
    made_on_precision = precision_field(_("precision of the date made"))
    sector = models.ForeignKey(
        "Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("sector"),
    )
    target_kind = models.CharField(
        _("kind of target"), max_length=10, choices=TargetKind.choices, default=TargetKind.COUNT
    )
    target_value = models.DecimalField(
        _("target"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("A target cannot be negative."))],
    )
    target_unit = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("USD, CNY, %, t/year, bcm/year…")
    )
    target_reporter = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tracked reporter"),
        help_text=_("For a trade target: whose figures measure it (usually China)."),
    )
    target_partner = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tracked partner"),
    )
    target_flow = models.CharField(
        _("tracked flow"), max_length=10, choices=TradeFlow.choices, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_precision = precision_field(_("deadline precision"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.UNCLEAR,
        db_index=True,
    )
    status_justification = models.TextField(
        _("why this status"),
        help_text=_("Required whenever the status changes: what shows it, as of when."),
    )
    status_changed_on = models.DateField(_("status set on"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    conflicts_with = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("conflicts with"),
        help_text=_("Other pledges on the same thing that disagree with this one."),
    )
    projects = models.ManyToManyField(
        "Project", blank=True, related_name="commitments", verbose_name=_("projects it rests on")
    )
    sources = models.ManyToManyField(
        "Source", blank=True, related_name="commitments", verbose_name=_("sources")
    )
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.HIGH
    )

    search_document = search_document("title", "made_by")

    objects = natural_manager(CommitmentQuerySet, "slug")

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["deadline", "title"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="commitment_status_deadline"),
            models.Index(fields=["deadline"], name="commitment_deadline"),
            models.Index(fields=["title_en"], name="commitment_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=True) | models.Q(target_value__gte=0),
                name="commitment_target_non_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~models.Q(target_kind=TargetKind.TRADE)
                | models.Q(
                    target_value__isnull=False,
                    target_partner__isnull=False,
                    target_reporter__isnull=False,
                ),
                name="commitment_trade_target_is_tracked",
                violation_error_message=_(
                    "A trade target needs its value, the reporter and the partner whose "
                    "figures measure it."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(made_on__isnull=True)
                | models.Q(deadline__gte=models.F("made_on")),
                name="commitment_deadline_not_before_made",
                violation_error_message=_("The deadline cannot be before the pledge was made."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = [
        "cooperation.country",
        "cooperation.summit",
        "cooperation.outcome",
        "cooperation.sector",
        "cooperation.project",
        "cooperation.source",
    ]

    def get_absolute_url(self):
        return reverse("commitment-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        normalize_partial_date(self, "made_on", "made_on_precision")
        normalize_partial_date(self, "deadline", "deadline_precision")
        if self.target_kind == TargetKind.TRADE and not self.target_flow:
            self.target_flow = TradeFlow.TOTAL

    @property
    def made(self):
        return partial_date(self.made_on, self.made_on_precision)

    @property
    def due(self):
        return partial_date(self.deadline, self.deadline_precision)

    # Links the public may follow: a draft summit or pledge is the editors' alone.

    @property
    def public_made_at(self) -> "Summit | None":
        summit = self.made_at
        return summit if summit is not None and summit.is_published else None

    @property
    def public_made_in(self) -> "Outcome | None":
        """The outcome document, shown with the summit that adopted it."""
        summit, outcome = self.public_made_at, self.made_in
        if summit is None or outcome is None or outcome.summit_id != summit.pk:
            return None
        return outcome

    @property
    def public_supersedes(self) -> "Commitment | None":
        earlier = self.supersedes
        return earlier if earlier is not None and earlier.is_published else None


class Evidence(TimeStampedModel):
    """A dated entry on a commitment's record, with its source and what it rests on."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("commitment")
    )
    date = models.DateField(_("date"))
    precision = precision_field(_("date precision"))
    summary = models.TextField(_("what happened"))
    source = models.ForeignKey(
        "Source", on_delete=models.PROTECT, related_name="evidence", verbose_name=_("source")
    )
    projects = models.ManyToManyField(
        "Project", blank=True, related_name="evidence", verbose_name=_("projects")
    )
    trade_statistics = models.ManyToManyField(
        "TradeStatistic", blank=True, related_name="evidence", verbose_name=_("trade figures")
    )
    summits = models.ManyToManyField(
        "Summit", blank=True, related_name="evidence", verbose_name=_("summits")
    )

    objects = natural_manager(
        models.QuerySet,
        "commitment__slug",
        "date",
        "source__publisher",
        "source__title",
        "source__published_on",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["commitment", "date", "pk"]

    def __str__(self):
        return f"{self.partial_date}: {self.summary[:80]}"

    def natural_key(self):
        return (self.commitment.slug, self.date.isoformat(), *self.source.natural_key())

    natural_key.dependencies = ["cooperation.commitment", "cooperation.source"]

    def clean(self):
        super().clean()
        normalize_partial_date(self, "date", "precision")

    @property
    def partial_date(self):
        return partial_date(self.date, self.precision)
