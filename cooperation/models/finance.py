"""Development finance: one financial commitment (a loan, a grant, a credit line) as AidData's
Global Chinese Development Finance Dataset records it.

A record is money promised, not a physical project: one project can have several records
(phases, co-financing, refinancing). Amounts come in two kinds that are never added together:
the nominal amount in the currency the source states, and AidData's amount in constant 2021 US
dollars.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import PublishableModel, PublishableQuerySet
from .dates import normalize_partial_date, partial_date, precision_field
from .reference import coordinate_constraints, latitude_field, longitude_field

AIDDATA_RECORD_URL = "https://china.aiddata.org/projects/{id}/"
# Shown wherever the records are: pages, CSV, API, the snapshot's datapackage.json.
AIDDATA_LICENSE = {
    "name": "ODC-By-1.0",
    "title": "Open Data Commons Attribution License 1.0",
    "path": "https://opendatacommons.org/licenses/by/1-0/",
}
AIDDATA_ATTRIBUTION = (
    "AidData's Global Chinese Development Finance Dataset, Version 3.0 (ODC-By 1.0): "
    "Custer, S., et al. 2023. Tracking Chinese Development Finance: An Application of AidData's "
    "TUFF 3.0 Methodology. Williamsburg, VA: AidData at William & Mary; Dreher, A., et al. 2022. "
    "Banking on Beijing. Cambridge University Press."
)
OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"


class FinanceInstrument(models.TextChoices):
    LOAN = "loan", _("Loan")
    GRANT = "grant", _("Grant")
    EXPORT_CREDIT = "export_credit", _("Export or buyer's credit")
    CREDIT_LINE = "credit_line", _("Credit line")
    IN_KIND = "in_kind", _("In-kind")
    DEBT_RELIEF = "debt_relief", _("Debt relief")
    OTHER = "other", _("Other")


class FinanceStatus(models.TextChoices):
    PIPELINE = "pipeline", _("Committed, not yet started")
    IMPLEMENTATION = "implementation", _("Being implemented")
    COMPLETION = "completion", _("Completed")


class PointDerivation(models.TextChoices):
    MAP_VIEW = "map_view", _("Centre of an OpenStreetMap map view")
    ROUTE_START = "route_start", _("Start of an OpenStreetMap route")


class FinanceRecordQuerySet(PublishableQuerySet):
    def with_related(self):
        """With what pages and the API show; the project only when published."""
        from .projects import Project

        return self.select_related("recipient", "borrower", "sector").prefetch_related(
            "financiers",
            "sources",
            models.Prefetch("project", queryset=Project.objects.published()),
        )

    def with_point(self):
        return self.filter(latitude__isnull=False)


class FinanceRecord(PublishableModel):
    constraint_fields = {
        "finance_completion_not_before_start": "completed_on",
        "finance_amount_non_negative": "amount",
        "finance_constant_usd_non_negative": "amount_usd_constant_2021",
        "finance_amount_has_currency": "currency",
    }
    aiddata_id = models.PositiveIntegerField(
        _("AidData record ID"),
        unique=True,
        help_text=_("AidData's stable identifier; the import matches records by it."),
    )
    aiddata_title = models.TextField(
        _("original title (AidData, English)"),
        help_text=_("As AidData publishes it; the import keeps it as it is."),
    )
    title = models.CharField(
        _("title"),
        max_length=400,
        blank=True,
        help_text=_("A title of your own in each language; empty shows AidData's original."),
    )
    financiers = models.ManyToManyField(
        "Organization",
        blank=True,
        related_name="financed_records",
        verbose_name=_("financiers"),
    )
    recipient = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        related_name="finance_records",
        verbose_name=_("recipient country"),
    )
    borrower = models.ForeignKey(
        "Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="borrowed_records",
        verbose_name=_("borrower or receiving organization"),
    )
    instrument = models.CharField(
        _("instrument"),
        max_length=20,
        choices=FinanceInstrument.choices,
        blank=True,
        db_index=True,
        help_text=_("Empty when the source does not say."),
    )
    amount = models.DecimalField(
        _("nominal amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The amount cannot be negative."))],
        help_text=_("As the source states it, in its currency."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code: USD, CNY…")
    )
    amount_usd_constant_2021 = models.DecimalField(
        _("amount in constant 2021 USD"),
        max_digits=26,
        decimal_places=12,  # as published, to the last digit
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The amount cannot be negative."))],
        help_text=_("AidData's deflated figure; never added to nominal amounts."),
    )
    parsed_from_title = models.JSONField(
        _("parsed from the title"),
        default=list,
        blank=True,
        help_text=_("Fields the import read from AidData's title, not from a column."),
    )
    not_parsed = models.JSONField(
        _("not found in the title"),
        default=list,
        blank=True,
        help_text=_("Fields the import could not read: for an editor to check."),
    )
    committed_on = models.DateField(_("commitment date"), null=True, blank=True)
    committed_precision = precision_field(_("commitment date precision"))
    started_on = models.DateField(_("implementation start"), null=True, blank=True)
    started_precision = precision_field(_("implementation start precision"))
    completed_on = models.DateField(_("completion"), null=True, blank=True)
    completed_precision = precision_field(_("completion precision"))
    status = models.CharField(
        _("status"), max_length=20, choices=FinanceStatus.choices, db_index=True
    )
    sector = models.ForeignKey(
        "Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finance_records",
        verbose_name=_("sector"),
        help_text=_("The tracker's sector, mapped from AidData's."),
    )
    aiddata_sector = models.CharField(_("AidData sector (OECD CRS)"), max_length=100, blank=True)
    infrastructure = models.BooleanField(_("infrastructure"), default=False)
    location_precision = models.CharField(
        _("location precision (AidData)"),
        max_length=400,
        blank=True,
        help_text=_("PRECISE, APPROXIMATE or an administrative level, per location."),
    )
    osm_feature_type = models.CharField(_("OpenStreetMap feature type"), max_length=20, blank=True)
    osm_links = models.TextField(_("OpenStreetMap links"), blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    point_derivation = models.CharField(
        _("what the point is"), max_length=20, choices=PointDerivation.choices, blank=True
    )
    point_zoom = models.PositiveSmallIntegerField(
        _("map zoom of the point"),
        null=True,
        blank=True,
        help_text=_("The higher, the more precise: 15 is a street, 8 a region."),
    )
    project = models.ForeignKey(
        "Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="finance_records",
        verbose_name=_("project"),
    )
    linked_records = models.ManyToManyField(
        "self", blank=True, verbose_name=_("linked finance records")
    )
    linked_aiddata_ids = models.JSONField(
        _("AidData IDs named as linked"),
        default=list,
        blank=True,
        help_text=_("As the title names them, including records outside this dataset."),
    )
    sources = models.ManyToManyField(
        "Source", blank=True, related_name="finance_records", verbose_name=_("sources")
    )

    objects = FinanceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("finance record")
        verbose_name_plural = _("finance records")
        ordering = ["-committed_on", "aiddata_id"]
        indexes = [
            models.Index(fields=["committed_on"], name="finance_committed"),
            models.Index(fields=["recipient", "committed_on"], name="finance_recipient_committed"),
        ]
        constraints = [
            *coordinate_constraints("finance"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="finance_amount_non_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_usd_constant_2021__isnull=True)
                | models.Q(amount_usd_constant_2021__gte=0),
                name="finance_constant_usd_non_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | ~models.Q(currency=""),
                name="finance_amount_has_currency",
                violation_error_message=_("Give the currency of the nominal amount."),
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(completed_on__gte=models.F("started_on")),
                name="finance_completion_not_before_start",
                violation_error_message=_("Completion cannot be before the start."),
            ),
        ]

    def __str__(self):
        return f"AidData #{self.aiddata_id}: {self.display_title}"[:200]

    def get_absolute_url(self):
        return reverse("finance-detail", kwargs={"aiddata_id": self.aiddata_id})

    @property
    def display_title(self):
        return self.title or self.aiddata_title

    @property
    def shows_original_title(self):
        """True when the page shows AidData's English title for want of one of our own."""
        return not self.title

    @property
    def parsed_from_title_labels(self):
        """The names, in the reader's language, of the fields read from AidData's title."""
        names = {field.name: field.verbose_name for field in self._meta.get_fields()
                 if hasattr(field, "verbose_name")}  # fmt: skip
        return [str(names.get(name, name)) for name in self.parsed_from_title]

    @property
    def aiddata_url(self):
        return AIDDATA_RECORD_URL.format(id=self.aiddata_id)

    @property
    def committed(self):
        return partial_date(self.committed_on, self.committed_precision)

    @property
    def started(self):
        return partial_date(self.started_on, self.started_precision)

    @property
    def completed(self):
        return partial_date(self.completed_on, self.completed_precision)

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        normalize_partial_date(self, "committed_on", "committed_precision")
        normalize_partial_date(self, "started_on", "started_precision")
        normalize_partial_date(self, "completed_on", "completed_precision")
        self.currency = self.currency.upper()
