"""Spreadsheet import and export (CSV, XLSX) of trade figures and projects.

The column layout is documented in docs/editors.md and offered as a template file on the import
page. Every cell is read strictly: a value that cannot be read stops the import with the row
number and the reason, never a silent zero. Confirming an import writes every row or none.

A file corrects stored records cell by cell: on a row that updates a record, a blank cell leaves
the stored value alone and only "(clear)" empties it, so a publication status changes only where
the file says so.
"""

from django.core.exceptions import ValidationError
from django.db.models import NOT_PROVIDED, Q
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ..exports import spreadsheet_safe, spreadsheet_unescape
from ..history import reason
from ..models import (
    Confidence,
    Country,
    Currency,
    FigureBasis,
    Organization,
    PartialDate,
    Project,
    ProjectStatus,
    PublicationStatus,
    Sector,
    Source,
    TradeFlow,
    TradePeriod,
    TradeStatistic,
    UsdBasis,
    ValueQualifier,
)
from ..numbers import parse_amount
from ..services.records import record_check, stamp_facts_change


def refuse_nul(text):
    """A NUL character (0x00) cannot be stored in PostgreSQL text, nor looked up: say so."""
    if "\x00" in text:
        raise ValueError(
            _("“%(value)s” contains a NUL character (0x00); remove it.")
            % {"value": text.replace("\x00", "␀")}
        )
    return text


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record by what a cell names it; an unknown value is the row's error, with a
    message that says what to write instead."""

    def clean(self, value, row=None, **kwargs):
        text = refuse_nul(str(value or "").strip())
        if not text:
            return None
        match = self.find(text)
        if match is None:
            raise ValueError(self.unknown(text))
        return match

    def find(self, text):
        return self.model.objects.filter(**{self.field: text}).first()

    def unknown(self, text):
        raise NotImplementedError


class CountryWidget(LookupWidget):
    """A country by ISO code (KZ, KAZ) or by its name in any of the site's languages."""

    def __init__(self):
        super().__init__(Country, field="iso2")

    def find(self, text):
        lookup = (
            Q(iso2__iexact=text)
            | Q(iso3__iexact=text)
            | Q(name_en__iexact=text)
            | Q(name_zh_hans=text)
            | Q(name_ru__iexact=text)
        )
        return Country.objects.filter(lookup).first()

    def unknown(self, text):
        return _(
            "Unknown country “%(value)s”: use an ISO code such as KZ or a name such as Kazakhstan."
        ) % {"value": text}


class SlugWidget(LookupWidget):
    """A related record by its slug, with a message naming what was not found."""

    def unknown(self, text):
        return _("No %(kind)s with the slug “%(value)s”.") % {
            "kind": self.model._meta.verbose_name,
            "value": text,
        }


class SourceWidget(LookupWidget):
    """A source by its URL; add the source in the admin before importing rows that cite it."""

    def __init__(self):
        super().__init__(Source, field="url")

    def unknown(self, text):
        return _("No source has the URL “%(value)s”. Add it under Sources first.") % {"value": text}


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Several records by a field, separated; an unknown value is an error, not skipped."""

    def clean(self, value, row=None, **kwargs):
        text = refuse_nul(str(value or ""))
        wanted = [item.strip() for item in text.split(self.separator) if item.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": wanted})
        missing = sorted(set(wanted) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(
                _(
                    "Not found: %(values)s (%(kind)s are given by %(field)s, "
                    "separated by “%(sep)s”)."
                )
                % {
                    "values": ", ".join(missing),
                    "kind": self.model._meta.verbose_name_plural,
                    "field": self.field,
                    "sep": self.separator,
                }
            )
        return found


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or its label, in any letter case ("Exports", "exports")."""

    def __init__(self, choices, required=False):
        self.choices = choices
        self.required = required
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            if self.required:
                raise ValueError(_("A value is required."))
            return None
        for stored, label in self.choices.choices:
            if text.lower() in (str(stored).lower(), str(label).lower()):
                return stored
        allowed = ", ".join(str(label) for _stored, label in self.choices.choices)
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(widgets.Widget):
    """A tick box as a spreadsheet writes it: yes/no, true/false, 1/0, in any letter case, or
    in Chinese or Russian; blank is no. Anything else is an error, never a silent no."""

    YES = {"yes", "y", "true", "1", "是", "да"}
    NO = {"no", "n", "false", "0", "否", "нет", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = refuse_nul(str(value if value is not None else "").strip()).lower()
        if isinstance(value, int | float) and value in (0, 1):
            text = str(int(value))
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class AmountWidget(widgets.Widget):
    """Amounts as written: 1,234.5, 89.4 bn, 350 mn."""

    def __init__(self, required=False):
        self.required = required
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            if self.required:
                raise ValueError(_("A value is required."))
            return None
        return parse_amount(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class WholeNumberWidget(widgets.Widget):
    def __init__(self, required=False):
        self.required = required
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if text.endswith(".0"):  # spreadsheets store 2023 as 2023.0
            text = text[:-2]
        if not text:
            if self.required:
                raise ValueError(_("A value is required."))
            return None
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if not text.isdecimal():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        try:
            return int(text)
        except ValueError:  # beyond the 4,300 digits Python converts
            raise ValueError(_("“%(value)s…” is too large.") % {"value": text[:20]}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class OldToNewDiff(resources.Diff):
    """The dry run's cells: the value, or "old → new" only where a row changes a stored value
    (amounts compared as numbers and shown with thousands separators)."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self.values(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self.values(resource, instance)

    @staticmethod
    def values(resource, instance):
        if instance is None:
            return []
        return [resource.preview_value(field, instance) for field in resource.get_import_fields()]

    def as_html(self):
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old, new = force_str(old), force_str(new)
            if self.new or old == new:
                cells.append(format_html("{}", new))
            else:
                cells.append(
                    format_html(
                        '<del>{}</del> → <ins class="changed">{}</ins>', old or "∅", new or "∅"
                    )
                )
        return cells


CLEAR = "(clear)"


class StrictResource(resources.ModelResource):
    """Shared behaviour: required headers checked first, unchanged rows skipped, model rules
    applied to every row, all rows in one transaction."""

    required_columns = ()
    optional_columns = ()  # added empty when a file leaves them out

    def get_diff_class(self):
        return OldToNewDiff

    def preview_value(self, field, instance):
        if isinstance(field.widget, AmountWidget):
            value = field.get_value(instance)
            if value is None:
                return ""
            text = f"{value:,.6f}".rstrip("0").rstrip(".")
            return text
        return field.export(instance)

    def id_columns(self):
        names = set(self._meta.import_id_fields)
        return [field for field in self.get_import_fields() if field.attribute in names or (
            field.column_name in names)]  # fmt: skip

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = reason(
            _("Imported from %(file)s, row %(row)s")
            % {"file": kwargs.get("file_name") or _("a spreadsheet"),
               "row": (kwargs.get("row_number") or 0) + 1}
        )  # fmt: skip
        stamp_facts_change(instance=instance)
        super().before_save_instance(instance, row, **kwargs)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        # Exported CSV and XLSX files are opened in spreadsheets: no cell may be a formula.
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [spreadsheet_safe(value) for value in row]

    def before_import_row(self, row, **kwargs):
        """A NUL character in any cell is the row's error, before it reaches a lookup or a
        text column (PostgreSQL refuses it)."""
        errors = {}
        for column, value in row.items():
            try:
                refuse_nul(value if isinstance(value, str) else "")
            except ValueError as error:
                errors[column] = [ValidationError(str(error), code="invalid")]
            row[column] = spreadsheet_unescape(value)
        if errors:
            raise ValidationError(errors)
        # The cells that find the record: if one cannot be read, say which, with the row's other
        # unreadable cells, rather than a message without a column.
        key = []
        for field in self.id_columns():
            try:
                key.append(field.clean(row) if field.column_name in row else None)
            except ValueError as error:
                errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            for field in self.get_import_fields():
                text = str(row.get(field.column_name) or "").strip()
                if field.attribute in errors or not text or text.lower() == CLEAR:
                    continue
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    continue
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
            raise ValidationError(errors)
        key = tuple(getattr(value, "pk", value) for value in key)
        number = kwargs.get("row_number")
        seen = getattr(self, "_rows_seen", {})
        if key in seen:
            raise ValidationError(
                _("This row is the same record as row %(row)s (%(columns)s): keep one of them.")
                % {
                    "row": seen[key] + 1,
                    "columns": ", ".join(field.column_name for field in self.id_columns()),
                },
                code="duplicate",
            )
        seen[key] = number
        self._rows_seen = seen
        super().before_import_row(row, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        """On an update a blank cell is not read at all (the stored value stays); "(clear)"
        empties a cell whose column has no default."""
        errors = {}
        for field in self.get_import_fields():
            column = field.column_name
            if column not in row:
                continue
            text = str(row[column] if row[column] is not None else "").strip()
            if text.lower() == CLEAR:
                if field.default is not NOT_PROVIDED:
                    errors[field.attribute] = [
                        ValidationError(
                            _("“%(marker)s” cannot empty %(column)s: write the value it should "
                              "have.") % {"marker": CLEAR, "column": column},
                            code="invalid",
                        )
                    ]  # fmt: skip
                row[column] = ""
            elif text == "" and not new:
                del row[column]
        if errors:
            raise ValidationError(errors)
        seen_versions = kwargs.get("seen_versions")
        if seen_versions is not None and not new:
            changed_at = getattr(instance, "updated_at", None)
            if seen_versions.get(str(instance.pk)) != (changed_at and changed_at.isoformat()):
                raise ValidationError(
                    _("This record was changed in the admin after your dry run. Nothing was "
                      "saved: upload the file again to see the change before you confirm."),
                    code="changed_since_dry_run",
                )  # fmt: skip
        super().after_init_instance(instance, new, row, **kwargs)

    def before_import(self, dataset, **kwargs):
        missing = [name for name in self.required_columns if name not in (dataset.headers or [])]
        if missing:
            raise ValueError(
                _("The file is missing these columns: %(columns)s. Download the template to see "
                  "the layout.") % {"columns": ", ".join(missing)}
            )  # fmt: skip
        known = {field.column_name for field in self.get_import_fields()}
        unknown = [name for name in dataset.headers if name and name not in known]
        if unknown:
            raise ValueError(
                _("The file has columns this import does not know: %(columns)s. Download the "
                  "template to see the layout.") % {"columns": ", ".join(unknown)}
            )  # fmt: skip
        for name in self.optional_columns:
            if name not in dataset.headers:
                dataset.append_col([""] * dataset.height, header=name)
        self._rows_seen = {}
        super().before_import(dataset, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Check many-to-many columns with the others, so their errors show on the row."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.error_dict)
        links = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    links[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if not errors:
            # The rules every door applies (a published record cites a source; a project's
            # status agrees with its milestones).
            try:
                record_check(instance=instance, links=links, user=kwargs.get("user"))
            except ValidationError as error:
                errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)


TRADE_COLUMNS = [
    "reporter",
    "partner",
    "flow",
    "period",
    "year",
    "month",
    "value_usd",
    "value_qualifier",
    "basis",
    "original_value",
    "original_currency",
    "usd_basis",
    "conversion_rate",
    "conversion_date",
    "conversion_source",
    "change_pct",
    "reporting_agency",
    "source_url",
    "confidence",
    "publication_status",
    "note_en",
    "note_zh_hans",
    "note_ru",
]


class TradeStatisticResource(StrictResource):
    reporter = fields.Field("reporter", "reporter", CountryWidget())
    partner = fields.Field("partner", "partner", CountryWidget())
    flow = fields.Field("flow", "flow", ChoiceWidget(TradeFlow, required=True))
    period = fields.Field("period", "period", ChoiceWidget(TradePeriod), default=TradePeriod.ANNUAL)
    year = fields.Field("year", "year", WholeNumberWidget(required=True))
    month = fields.Field("month", "month", WholeNumberWidget())
    value_usd = fields.Field("value_usd", "value_usd", AmountWidget(required=True))
    value_qualifier = fields.Field(
        "value_qualifier",
        "value_qualifier",
        ChoiceWidget(ValueQualifier),
        default=ValueQualifier.EXACT,
    )
    basis = fields.Field("basis", "basis", ChoiceWidget(FigureBasis), default=FigureBasis.PUBLISHED)
    original_value = fields.Field("original_value", "original_value", AmountWidget())
    original_currency = fields.Field(
        "original_currency", "original_currency", ChoiceWidget(Currency), default=Currency.USD
    )
    usd_basis = fields.Field(
        "usd_basis", "usd_basis", ChoiceWidget(UsdBasis), default=UsdBasis.REPORTED
    )
    conversion_rate = fields.Field("conversion_rate", "conversion_rate", AmountWidget())
    conversion_date = fields.Field(
        "conversion_date", "conversion_date", widgets.DateWidget(format="%Y-%m-%d")
    )
    conversion_source = fields.Field(
        "conversion_source", "conversion_source", widgets.CharWidget(allow_blank=True)
    )
    change_pct = fields.Field("change_pct", "change_pct", AmountWidget())
    reporting_agency = fields.Field(
        "reporting_agency", "reporting_agency", SlugWidget(Organization, field="slug")
    )
    source_url = fields.Field("source", "source_url", SourceWidget())
    confidence = fields.Field(
        "confidence", "confidence", ChoiceWidget(Confidence), default=Confidence.HIGH
    )
    publication_status = fields.Field(
        "publication_status",
        "publication_status",
        ChoiceWidget(PublicationStatus),
        default=PublicationStatus.DRAFT,
    )
    note_en = fields.Field("note_en", "note_en", widgets.CharWidget(allow_blank=True))
    note_zh_hans = fields.Field(
        "note_zh_hans", "note_zh_hans", widgets.CharWidget(allow_blank=True)
    )
    note_ru = fields.Field("note_ru", "note_ru", widgets.CharWidget(allow_blank=True))

    required_columns = ("reporter", "partner", "flow", "year", "value_usd", "source_url")
    optional_columns = (
        "period",
        "month",
        "value_qualifier",
        "basis",
        "original_value",
        "original_currency",
        "usd_basis",
        "conversion_rate",
        "conversion_date",
        "conversion_source",
    )

    class Meta:
        model = TradeStatistic
        fields = TRADE_COLUMNS
        export_order = TRADE_COLUMNS
        import_id_fields = ("reporter", "partner", "flow", "period", "year", "month")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        store_instance = True  # the preview counts the status changes

    def get_queryset(self):
        return TradeStatistic.objects.select_related(
            "reporter", "partner", "reporting_agency", "source"
        )

    def dehydrate_reporter(self, figure):
        return figure.reporter.iso2

    def dehydrate_partner(self, figure):
        return figure.partner.iso2

    def dehydrate_reporting_agency(self, figure):
        return figure.reporting_agency.slug if figure.reporting_agency else ""

    def dehydrate_source_url(self, figure):
        return figure.source.url


TRADE_TEMPLATE_ROWS = [
    {
        "reporter": "CN",
        "partner": "KZ",
        "flow": "total",
        "period": "annual",
        "year": "2023",
        "month": "",
        "value_usd": "41.0 bn",
        "value_qualifier": "exact",
        "basis": "published",
        "original_value": "",
        "original_currency": "USD",
        "usd_basis": "reported",
        "conversion_rate": "",
        "conversion_date": "",
        "conversion_source": "",
        "change_pct": "32",
        "reporting_agency": "",
        "source_url": "https://example.org/the-source-you-added-under-sources",
        "confidence": "high",
        "publication_status": "",
        "note_en": "",
        "note_zh_hans": "",
        "note_ru": "",
    },
    {
        "reporter": "Kazakhstan",
        "partner": "China",
        "flow": "Exports",
        "period": "Year to date",
        "year": "2024",
        "month": "6",
        "value_usd": "7,620,000,000",
        "value_qualifier": "about",
        "basis": "published",
        "original_value": "",
        "original_currency": "USD",
        "usd_basis": "reported",
        "conversion_rate": "",
        "conversion_date": "",
        "conversion_source": "",
        "change_pct": "",
        "reporting_agency": "",
        "source_url": "https://example.org/the-source-you-added-under-sources",
        "confidence": "medium",
        "publication_status": "",
        "note_en": "January to June",
        "note_zh_hans": "",
        "note_ru": "",
    },
]


class PartialDateField(fields.Field):
    """A date column written at its precision ("2014", "2014-05", "2014-05-19") that fills
    both the date and its precision."""

    def __init__(self, date_attribute, precision_attribute, column_name):
        super().__init__(attribute=date_attribute, column_name=column_name)
        self.precision_attribute = precision_attribute

    def clean(self, row, **kwargs):
        text = str(row.get(self.column_name) or "").strip()
        if text.endswith(".0"):
            text = text[:-2]
        return PartialDate.parse(text) if text else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row)
        setattr(instance, self.attribute, value.date if value else None)
        if value:
            setattr(instance, self.precision_attribute, value.precision)

    def get_value(self, instance):
        value = getattr(instance, self.attribute)
        if value is None:
            return None
        return PartialDate(value, getattr(instance, self.precision_attribute)).iso

    def export(self, instance, **kwargs):
        return self.get_value(instance) or ""


PROJECT_COLUMNS = [
    "slug",
    "title_en",
    "title_zh_hans",
    "title_ru",
    "summary_en",
    "summary_zh_hans",
    "summary_ru",
    "sector",
    "countries",
    "status",
    "start",
    "completion",
    "investment_amount",
    "investment_currency",
    "investment_usd",
    "investment_is_estimate",
    "latitude",
    "longitude",
    "location_name_en",
    "sources",
    "confidence",
    "publication_status",
]


class ProjectResource(StrictResource):
    slug = fields.Field("slug", "slug", widgets.CharWidget())
    sector = fields.Field("sector", "sector", SlugWidget(Sector, field="slug"))
    countries = fields.Field(
        "countries", "countries", StrictManyToManyWidget(Country, separator=",", field="iso2")
    )
    status = fields.Field("status", "status", ChoiceWidget(ProjectStatus, required=True))
    start = PartialDateField("start_date", "start_precision", "start")
    completion = PartialDateField("completion_date", "completion_precision", "completion")
    investment_amount = fields.Field("investment_amount", "investment_amount", AmountWidget())
    investment_usd = fields.Field("investment_usd", "investment_usd", AmountWidget())
    investment_is_estimate = fields.Field(
        "investment_is_estimate", "investment_is_estimate", YesNoWidget()
    )
    latitude = fields.Field("latitude", "latitude", AmountWidget())
    longitude = fields.Field("longitude", "longitude", AmountWidget())
    sources = fields.Field(
        "sources", "sources", StrictManyToManyWidget(Source, separator="|", field="url")
    )
    confidence = fields.Field(
        "confidence", "confidence", ChoiceWidget(Confidence), default=Confidence.HIGH
    )
    publication_status = fields.Field(
        "publication_status",
        "publication_status",
        ChoiceWidget(PublicationStatus),
        default=PublicationStatus.DRAFT,
    )

    required_columns = ("slug", "title_en", "summary_en", "sector", "countries", "status")

    class Meta:
        model = Project
        fields = PROJECT_COLUMNS
        export_order = PROJECT_COLUMNS
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        store_instance = True  # the preview counts the status changes

    def get_queryset(self):
        return Project.objects.select_related("sector").prefetch_related("countries", "sources")

    def dehydrate_sector(self, project):
        return project.sector.slug
