"""Belt and Road projects, the organizations behind them, and their dated milestones."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
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
from .reference import coordinate_constraints, latitude_field, longitude_field
from .routes import RouteField
from .search import search_document


class ProjectStatus(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATIONAL = "operational", _("Operational")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class MilestoneKind(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    FEASIBILITY_COMPLETED = "feasibility_completed", _("Feasibility study completed")
    FINANCING_AGREED = "financing_agreed", _("Financing agreed")
    CONSTRUCTION_STARTED = "construction_started", _("Construction started")
    PHASE_OPENED = "phase_opened", _("Phase opened")
    OPENED = "opened", _("Opened")
    EXPANDED = "expanded", _("Expansion")
    SUSPENDED = "suspended", _("Suspended")
    RESUMED = "resumed", _("Resumed")
    CANCELLED = "cancelled", _("Cancelled")


# The project status each milestone implies; a project's status agrees with its latest
# milestone that implies one.
STATUS_AFTER_MILESTONE = {
    MilestoneKind.ANNOUNCED: ProjectStatus.ANNOUNCED,
    MilestoneKind.AGREEMENT_SIGNED: ProjectStatus.PLANNED,
    MilestoneKind.FEASIBILITY_COMPLETED: ProjectStatus.PLANNED,
    MilestoneKind.FINANCING_AGREED: ProjectStatus.PLANNED,
    MilestoneKind.CONSTRUCTION_STARTED: ProjectStatus.UNDER_CONSTRUCTION,
    MilestoneKind.RESUMED: ProjectStatus.UNDER_CONSTRUCTION,
    MilestoneKind.OPENED: ProjectStatus.OPERATIONAL,
    MilestoneKind.SUSPENDED: ProjectStatus.SUSPENDED,
    MilestoneKind.CANCELLED: ProjectStatus.CANCELLED,
}


PLANNING_STATUSES = {ProjectStatus.ANNOUNCED, ProjectStatus.PLANNED}
BUILT_STATUSES = {ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.OPERATIONAL}


def status_from_milestones(milestones):
    """The status implied by the milestones in date order, or None.

    `milestones` is any iterable of objects with `kind` and `date`. Phase openings and
    expansions say nothing about the whole project's state; an agreement or a loan signed once
    a project is being built or runs does not send it back to "planned".
    """
    kind_order = list(MilestoneKind.values)
    status = None
    for milestone in sorted(
        (m for m in milestones if m.kind in STATUS_AFTER_MILESTONE and m.date),
        key=lambda m: (m.date, kind_order.index(m.kind)),
    ):
        implied = STATUS_AFTER_MILESTONE[milestone.kind]
        if implied in PLANNING_STATUSES and status in BUILT_STATUSES:
            continue
        status = implied
    return status


def milestone_status_error(status, milestones):
    """A message when `status` disagrees with the milestones, else None."""
    implied = status_from_milestones(milestones)
    if implied is None or implied == status:
        return None
    return _(
        "The milestones mean the project is “%(implied)s”, but its status is "
        "“%(status)s”. Change the status, or record the milestone that changed it."
    ) % {"implied": ProjectStatus(implied).label, "status": ProjectStatus(status).label}


class LocationPrecision(models.TextChoices):
    """What a project's map point stands for: the site itself or something near it."""

    SITE = "site", _("the site itself")
    APPROXIMATE = "approximate", _("near the site (approximate)")
    ENDPOINT = "endpoint", _("one end of the line")
    BORDER_CROSSING = "border_crossing", _("the border crossing on the route")
    CITY = "city", _("the city (the site itself is not located)")


class InvestmentScope(models.TextChoices):
    """How much of the project the headline amount covers, so amounts of different scope are
    not added up as if alike."""

    WHOLE = "whole", _("the whole project")
    PHASE = "phase", _("one phase only")
    SECTION = "section", _("one section only")
    CONTRACT = "contract", _("one contract only")


class PartnerRole(models.TextChoices):
    INVESTOR = "investor", _("Investor")
    CONTRACTOR = "contractor", _("Contractor")
    OPERATOR = "operator", _("Operator")
    LENDER = "lender", _("Lender")
    OWNER = "owner", _("Owner")
    PARTNER = "partner", _("Partner")


class ProjectQuerySet(PublishableQuerySet):
    def located(self):
        """Those a map can show: with a point, a route, or both."""
        return self.filter(models.Q(latitude__isnull=False) | ~models.Q(route=[]))

    def for_cards(self):
        """With what a project's card shows in a list: its sector and host countries."""
        return self.select_related("sector").prefetch_related("countries")

    def with_related(self):
        """With what pages and the API show; linked summits only when published; and the
        constant-2021-USD total of its published finance records (0 without any), which
        lists show and sort by."""
        from .finance import FinanceRecord
        from .summits import Summit

        financed = (
            FinanceRecord.objects.published()
            .filter(project=models.OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(total=models.Sum("amount_usd_constant_2021"))
            .values("total")
        )
        return (
            self.select_related("sector")
            .prefetch_related(
                "countries",
                # One query for the partners and their organizations, not two.
                models.Prefetch(
                    "partnerships", queryset=ProjectPartner.objects.select_related("organization")
                ),
                "sources",
                models.Prefetch("summits", queryset=Summit.objects.published()),
            )
            .annotate(
                financed_usd_2021=Coalesce(
                    models.Subquery(financed, output_field=models.DecimalField()),
                    models.Value(0, output_field=models.DecimalField()),
                )
            )
        )


class Project(PublishableModel):
    constraint_fields = {
        "project_completion_not_before_start": "completion_date",
        "project_investment_non_negative": "investment_amount",
        "project_investment_usd_non_negative": "investment_usd",
        "project_investment_has_currency": "investment_currency",
    }
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, plain text."))
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    sector = models.ForeignKey(
        "Sector", on_delete=models.PROTECT, related_name="projects", verbose_name=_("sector")
    )
    countries = models.ManyToManyField(
        "Country", related_name="projects", verbose_name=_("host countries")
    )
    partners = models.ManyToManyField(
        "Organization",
        through="ProjectPartner",
        related_name="projects",
        verbose_name=_("partner organizations"),
    )
    status = models.CharField(
        _("project status"),
        max_length=20,
        choices=ProjectStatus.choices,
        db_index=True,
        help_text=_("Must agree with the latest milestone that implies a status."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = precision_field(_("start precision"))
    completion_date = models.DateField(
        _("completion"),
        null=True,
        blank=True,
        help_text=_("Actual, or expected while the project is not yet operational."),
    )
    completion_precision = precision_field(_("completion precision"))
    investment_amount = models.DecimalField(
        _("investment"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The investment cannot be negative."))],
        help_text=_("In the currency the source gives."),
    )
    investment_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code: USD, CNY, EUR…")
    )
    investment_usd = models.DecimalField(
        _("investment in USD"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The USD value cannot be negative."))],
        help_text=_("Where a source gives the USD value."),
    )
    investment_is_estimate = models.BooleanField(_("investment is an estimate"), default=False)
    investment_note = models.CharField(
        _("investment note"), max_length=300, blank=True, help_text=_("What the amount covers.")
    )
    investment_scope = models.CharField(
        _("investment scope"),
        max_length=10,
        choices=InvestmentScope.choices,
        blank=True,
        help_text=_("How much of the project the amount covers."),
    )
    location_name = models.CharField(_("location"), max_length=250, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    location_note = models.CharField(
        _("what the point marks"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'Jizzakh city; the plant site is not sourced'."),
    )
    location_precision = models.CharField(
        _("the map point marks"),
        max_length=20,
        choices=LocationPrecision.choices,
        blank=True,
        help_text=_("The site itself, or a city, line end or border crossing standing in for it."),
    )
    route = RouteField(
        _("route"),
        help_text=_(
            "For railways, roads, pipelines and power lines: the waypoints in order, one "
            "“latitude, longitude” a line (at least two). Leave empty for a single site."
        ),
    )
    route_surveyed = models.BooleanField(
        _("route is surveyed"),
        default=False,
        help_text=_(
            "Tick only when the waypoints follow the surveyed or built line; otherwise the "
            "map marks the line as an approximate route."
        ),
    )
    lead_image = models.ImageField(
        _("lead image"),
        upload_to="projects/%Y/",
        blank=True,
        help_text=_("JPEG, PNG or WebP; large pictures are scaled down."),
    )
    image_caption = models.CharField(_("image caption"), max_length=400, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    summits = models.ManyToManyField(
        "Summit", blank=True, related_name="projects", verbose_name=_("related summits")
    )
    sources = models.ManyToManyField(
        "Source", blank=True, related_name="projects", verbose_name=_("sources")
    )
    confidence = models.CharField(
        _("confidence"),
        max_length=6,
        choices=Confidence.choices,
        default=Confidence.HIGH,
        help_text=_("How well the sources agree; low-confidence records are marked on the site."),
    )

    search_document = search_document("title", "summary", "location_name")

    objects = natural_manager(ProjectQuerySet, "slug")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "title", "slug"]  # slug: one order everywhere
        indexes = [
            models.Index(
                fields=["status", "start_date"],
                include=["publication_status"],  # counts by status from the index alone
                name="project_status_start",
            ),
            models.Index(fields=["start_date"], name="project_start"),
            # The API's default order (newest first, undated last, ties by slug) has its index,
            # project_newest_start, in migration 0026: SQLite refuses NULLS LAST in an index.
            models.Index(fields=["title_en"], name="project_title"),
            models.Index(fields=["published_at", "start_date"], name="project_published"),
        ]
        constraints = [
            *coordinate_constraints("project"),
            models.CheckConstraint(
                condition=models.Q(completion_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(completion_date__gte=models.F("start_date")),
                name="project_completion_not_before_start",
                violation_error_message=_("Completion cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=models.Q(investment_amount__isnull=True)
                | models.Q(investment_amount__gte=0),
                name="project_investment_non_negative",
                violation_error_message=_("The investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(investment_usd__isnull=True) | models.Q(investment_usd__gte=0),
                name="project_investment_usd_non_negative",
                violation_error_message=_("The USD value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(investment_amount__isnull=True)
                | ~models.Q(investment_currency=""),
                name="project_investment_has_currency",
                violation_error_message=_("Give the currency of the investment amount."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = [
        "cooperation.sector",
        "cooperation.country",
        "cooperation.source",
        "cooperation.summit",
    ]

    def get_absolute_url(self):
        return reverse("project-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        normalize_partial_date(self, "start_date", "start_precision")
        normalize_partial_date(self, "completion_date", "completion_precision")
        self.investment_currency = self.investment_currency.upper()

    @property
    def start(self):
        return partial_date(self.start_date, self.start_precision)

    @property
    def completion(self):
        return partial_date(self.completion_date, self.completion_precision)


class ProjectPartner(TimeStampedModel):
    """An organization's part in a project: investor, contractor, operator, lender…"""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("project")
    )
    organization = models.ForeignKey(
        "Organization",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = natural_manager(models.QuerySet, "project__slug", "organization__slug", "role")

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["project", "role", "organization__name", "pk"]  # pk: one order everywhere
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization", "role"],
                name="project_partner_unique_role",
                violation_error_message=_("This organization already has this role here."),
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_role_display()}"

    def natural_key(self):
        return (self.project.slug, self.organization.slug, self.role)

    natural_key.dependencies = ["cooperation.project", "cooperation.organization"]


class ProjectMilestone(TimeStampedModel):
    """A dated step in a project's life: announced, signed, construction started, opened…"""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    kind = models.CharField(_("milestone"), max_length=30, choices=MilestoneKind.choices)
    date = models.DateField(_("date"))
    precision = precision_field(_("date precision"))
    description = models.CharField(_("description"), max_length=400, blank=True)
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name=_("source"),
    )

    objects = natural_manager(models.QuerySet, "project__slug", "kind", "date")

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "date"],
                name="project_milestone_unique",
                violation_error_message=_("This milestone is already recorded for this date."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.partial_date}"

    def natural_key(self):
        return (self.project.slug, self.kind, self.date.isoformat())

    natural_key.dependencies = ["cooperation.project", "cooperation.source"]

    def clean(self):
        super().clean()
        normalize_partial_date(self, "date", "precision")

    @property
    def partial_date(self):
        return partial_date(self.date, self.precision)
