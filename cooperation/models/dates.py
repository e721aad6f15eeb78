"""Dates known only to the year or the month, displayed at their true precision.

"Launched May 2014" is stored as 2014-05-01 with precision "month" and shown as "May 2014",
never as "1 May 2014".
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import wording


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


def precision_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How much of the date is known: the year, the month, or the day."),
    )


@dataclass(frozen=True)
class PartialDate:
    date: datetime.date
    precision: str

    _PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")

    @classmethod
    def parse(cls, text):
        """'2014' -> year, '2014-05' -> month, '2014-05-19' -> day precision."""
        match = cls._PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"{text!r} is not a date like 2014, 2014-05 or 2014-05-19")
        year, month, day = match["year"], match["month"], match["day"]
        try:
            if day:
                return cls(datetime.date(int(year), int(month), int(day)), DatePrecision.DAY)
            if month:
                return cls(datetime.date(int(year), int(month), 1), DatePrecision.MONTH)
            return cls(datetime.date(int(year), 1, 1), DatePrecision.YEAR)
        except ValueError as error:
            raise ValueError(f"{text!r} is not a real date: {error}") from None

    @property
    def normalized(self):
        """The first day of the period the precision names."""
        if self.precision == DatePrecision.YEAR:
            return self.date.replace(month=1, day=1)
        if self.precision == DatePrecision.MONTH:
            return self.date.replace(day=1)
        return self.date

    @property
    def iso(self):
        if self.precision == DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def display(self):
        """In the active language: "2015年", "май 2014 г.", "18 May 2023"."""
        if self.precision == DatePrecision.YEAR:
            return wording.year_text(self.date.year)
        if self.precision == DatePrecision.MONTH:
            return wording.month_text(self.date)
        return wording.day_text(self.date)

    def __str__(self):
        return self.display()


def partial_date(value, precision):
    """The PartialDate for a stored (date, precision) pair, or None when the date is unknown."""
    if value is None:
        return None
    return PartialDate(value, precision or DatePrecision.DAY)


def normalize_partial_date(instance, date_field, precision_field_name):
    """Move a stored date to the start of its period, so filters and ordering agree with display."""
    value = getattr(instance, date_field)
    precision = getattr(instance, precision_field_name)
    if value is None:
        return
    if precision not in DatePrecision.values:
        raise ValidationError({precision_field_name: _("Choose year, month or day.")})
    setattr(instance, date_field, PartialDate(value, precision).normalized)
