"""Trade figures: one reported value per reporter, partner, flow and period.

The same trade reported by both sides ("mirror statistics") is two figures with two reporters,
and the site shows them side by side.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .base import Confidence, PublishableModel, PublishableQuerySet, natural_manager

FIRST_YEAR = 1991  # the Central Asian states' independence
NEGATIVE_VALUE_MESSAGE = _("A trade value cannot be negative.")
MONTH_MESSAGE = _("The month must be between 1 and 12.")
YEAR_MESSAGE = _("The year must be 1991 or later.")


class TradeFlow(models.TextChoices):
    """From the reporter's side: exports are the reporter's sales to the partner."""

    EXPORTS = "exports", _("Exports")
    IMPORTS = "imports", _("Imports")
    TOTAL = "total", _("Total trade")


class TradePeriod(models.TextChoices):
    ANNUAL = "annual", _("Year")
    MONTH = "month", _("Month")
    YEAR_TO_DATE = "ytd", _("Year to date")


class ValueQualifier(models.TextChoices):
    """How the reporter gave the value: "USD 10.37 bn", "about 10 bn", "over 10 bn", "under 2 bn".
    Only exact and approximate values can be added up; a bound says only where the value lies."""

    EXACT = "exact", _("exact")
    ABOUT = "about", _("about")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Currency(models.TextChoices):
    """Currencies in which trade figures are published."""

    USD = "USD", "USD"
    CNY = "CNY", "CNY"
    KZT = "KZT", "KZT"
    KGS = "KGS", "KGS"
    TJS = "TJS", "TJS"
    TMT = "TMT", "TMT"
    UZS = "UZS", "UZS"
    RUB = "RUB", "RUB"
    EUR = "EUR", "EUR"


class UsdBasis(models.TextChoices):
    REPORTED = "reported", _("as reported in USD")
    CONVERTED = "converted", _("converted")


class FigureBasis(models.TextChoices):
    PUBLISHED = "published", _("published")
    COMPUTED = "computed", _("computed from exports and imports")
    DERIVED = "derived", _("derived from the next year's total and its reported change")
    MIRRORED = "mirrored", _("the other side's figure passed on, not the reporter's own")


# The qualifiers a sum or a change on the year can be computed from.
SUMMABLE_QUALIFIERS = (ValueQualifier.EXACT, ValueQualifier.ABOUT)


def last_allowed_year():
    return datetime.date.today().year + 1


class TradeStatisticQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.select_related("reporter", "partner", "reporting_agency", "source")

    def annual(self):
        return self.filter(period=TradePeriod.ANNUAL)


class TradeStatistic(PublishableModel):
    reporter = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        related_name="reported_trade",
        verbose_name=_("reporter"),
        help_text=_("The country whose authorities published the figure."),
    )
    reporting_agency = models.ForeignKey(
        "Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_trade",
        verbose_name=_("reporting agency"),
        help_text=_("E.g. China's General Administration of Customs."),
    )
    partner = models.ForeignKey(
        "Country",
        on_delete=models.PROTECT,
        related_name="partner_trade",
        verbose_name=_("partner"),
    )
    flow = models.CharField(_("flow"), max_length=10, choices=TradeFlow.choices)
    period = models.CharField(
        _("period"), max_length=10, choices=TradePeriod.choices, default=TradePeriod.ANNUAL
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR, message=YEAR_MESSAGE)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=MONTH_MESSAGE),
            MaxValueValidator(12, message=MONTH_MESSAGE),
        ],
        help_text=_("The month, or the last month of a year-to-date figure; empty for a year."),
    )
    value_usd = models.DecimalField(
        _("value (USD)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0, message=NEGATIVE_VALUE_MESSAGE)],
    )
    value_qualifier = models.CharField(
        _("value qualifier"),
        max_length=10,
        choices=ValueQualifier.choices,
        default=ValueQualifier.EXACT,
        help_text=_(
            'As the reporter worded it: exact, about, at least ("over") or at most. Bounds '
            "are left out of sums and of computed changes."
        ),
    )
    basis = models.CharField(
        _("basis"),
        max_length=10,
        choices=FigureBasis.choices,
        default=FigureBasis.PUBLISHED,
        help_text=_(
            "Published by the reporter, or a total computed from its published exports and "
            "imports, or derived from the next year's total and its reported change (the note "
            "says how), or the other side's figure passed on as the reporter's (left out of "
            "mirror comparisons); a cell holds one total, never two."
        ),
    )
    original_value = models.DecimalField(
        _("value as reported"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=NEGATIVE_VALUE_MESSAGE)],
        help_text=_("In the currency the reporter used; empty when it reported in USD."),
    )
    original_currency = models.CharField(
        _("currency as reported"), max_length=3, choices=Currency.choices, default=Currency.USD
    )
    usd_basis = models.CharField(
        _("USD value"),
        max_length=10,
        choices=UsdBasis.choices,
        default=UsdBasis.REPORTED,
        help_text=_("Reported in USD by the reporter, or converted here at a stated rate."),
    )
    conversion_rate = models.DecimalField(
        _("conversion rate"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Units of the reported currency per US dollar."),
    )
    conversion_date = models.DateField(
        _("rate date"), null=True, blank=True, help_text=_("The date or period end of the rate.")
    )
    conversion_source = models.CharField(
        _("rate source"), max_length=300, blank=True, help_text=_("Who published the rate.")
    )
    change_pct = models.DecimalField(
        _("reported change on the year (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("As the reporter published it, not computed."),
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        related_name="trade_statistics",
        verbose_name=_("source"),
    )
    other_sources = models.ManyToManyField(
        "Source",
        blank=True,
        related_name="corroborated_trade_statistics",
        verbose_name=_("other sources"),
        help_text=_("Further reports of the same figure."),
    )
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.HIGH
    )
    note = models.TextField(_("note"), blank=True)

    objects = natural_manager(
        TradeStatisticQuerySet, "reporter__iso2", "partner__iso2", "flow", "period", "year", "month"
    )

    class Meta:
        verbose_name = _("trade figure")
        verbose_name_plural = _("trade figures")
        ordering = ["-year", "-month", "partner__name", "reporter__name", "flow"]
        indexes = [
            # A reporter's or partner's figures, newest first, without a sort; the publication
            # status alongside lets PostgreSQL count published figures from the index alone.
            models.Index(
                fields=["partner", "year", "month"],
                include=["publication_status"],
                name="trade_partner_month",
            ),
            models.Index(
                fields=["reporter", "year", "month"],
                include=["publication_status"],
                name="trade_reporter_month",
            ),
            models.Index(
                fields=["year", "month"], include=["publication_status"], name="trade_year_month"
            ),
            models.Index(fields=["value_usd"], name="trade_value"),
            # The summary's sums (annual totals by partner or reporter) from the index alone.
            models.Index(
                fields=["period", "flow", "year"],
                include=["reporter", "partner", "value_usd", "publication_status"],
                name="trade_summary",
            ),
        ]
        constraints = [
            # One figure per reporter, partner, flow and period. Two partial indexes, because
            # NULL months are distinct in a plain unique index.
            models.UniqueConstraint(
                fields=["reporter", "partner", "flow", "period", "year"],
                condition=models.Q(month__isnull=True),
                name="trade_unique_annual_figure",
                violation_error_message=_(
                    "A figure for this reporter, partner, flow and year already exists."
                ),
            ),
            models.UniqueConstraint(
                fields=["reporter", "partner", "flow", "period", "year", "month"],
                condition=models.Q(month__isnull=False),
                name="trade_unique_monthly_figure",
                violation_error_message=_(
                    "A figure for this reporter, partner, flow and month already exists."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(value_usd__gte=0),
                name="trade_value_non_negative",
                violation_error_message=NEGATIVE_VALUE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="trade_month_range",
                violation_error_message=MONTH_MESSAGE,
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=2100),
                name="trade_year_range",
                violation_error_message=YEAR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=models.Q(period=TradePeriod.ANNUAL, month__isnull=True)
                | (~models.Q(period=TradePeriod.ANNUAL) & models.Q(month__isnull=False)),
                name="trade_month_matches_period",
                violation_error_message=_(
                    "A yearly figure has no month; a monthly or year-to-date figure needs one."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(reporter=models.F("partner")),
                name="trade_reporter_is_not_partner",
                violation_error_message=_("The reporter and the partner must differ."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.reporter_id and self.reporter.iso2}→{self.partner_id and self.partner.iso2} "
            f"{self.get_flow_display()} {self.period_label}"
        )

    def natural_key(self):
        return (
            self.reporter.iso2,
            self.partner.iso2,
            self.flow,
            self.period,
            self.year,
            self.month,
        )

    natural_key.dependencies = [
        "cooperation.country",
        "cooperation.organization",
        "cooperation.source",
    ]

    @property
    def period_label(self):
        if self.period == TradePeriod.ANNUAL or self.month not in range(1, 13):
            return str(self.year)
        month = date_format(datetime.date(self.year, self.month, 1), "M")
        if self.period == TradePeriod.MONTH:
            return f"{month} {self.year}"
        return f"Jan–{month} {self.year}"

    @property
    def is_computed(self):
        """Not published as such: computed or derived from published figures."""
        return self.basis in (FigureBasis.COMPUTED, FigureBasis.DERIVED)

    def clean(self):
        super().clean()
        errors = {}
        if self.original_currency != Currency.USD and self.original_value is None:
            errors["original_value"] = _(
                "A figure reported in another currency needs its value in that currency."
            )
        if self.usd_basis == UsdBasis.CONVERTED:
            for name in ("conversion_rate", "conversion_date", "conversion_source"):
                if getattr(self, name) in (None, ""):
                    errors[name] = _(
                        "A converted value needs its rate, the rate's date and source."
                    )
        if self.is_computed and self.flow != TradeFlow.TOTAL:
            errors["basis"] = _("Only a total can be computed, from exports and imports.")
        if errors:
            raise ValidationError(errors)
        if self.year and self.year > last_allowed_year():
            raise ValidationError(
                {
                    "year": _("The year cannot be later than %(year)s.")
                    % {"year": last_allowed_year()}
                }
            )
