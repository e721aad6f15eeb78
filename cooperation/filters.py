"""One FilterSet per model, shared by the public list pages and the API, so both take the same
query parameters and give the same results.

Parameters that name countries, sectors, organizations or statuses take several values,
comma-separated (`?country=KZ,UZ`). A value that means nothing (`?country=XX`, `?year=abc`) is a
form error with a message, which pages and the API report as a 400, never an empty list.
"""

import copy
import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.forms.utils import flatatt, pretty_name
from django.http import QueryDict
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from .models import (
    COUNTRY_ORDERING,
    Article,
    ArticleKind,
    Commitment,
    CommitmentStatus,
    Country,
    CountryRole,
    FinanceInstrument,
    FinanceRecord,
    FinanceStatus,
    Organization,
    OrganizationKind,
    Project,
    ProjectStatus,
    Sector,
    Source,
    Summit,
    SummitKind,
    SummitSeries,
    TradeFlow,
    TradePeriod,
    TradeStatistic,
)
from .models.trade import FIRST_YEAR

MAX_LIST_VALUES = 50
LAST_YEAR = 2100
# Longer text finds nothing anyone typed, and SQLite refuses LIKE patterns over 50,000 bytes.
MAX_TEXT_LENGTH = 200


# Sort choices by query parameter, in the reader's language.
ORDERING_LABELS = {
    "updated_at": _("Last updated"),
    "name": _("Name"),
    "iso2": _("ISO code"),
    "position": _("Position"),
    "kind": _("Kind"),
    "published_on": _("Date published"),
    "publisher": _("Publisher"),
    "title": _("Title"),
    "status": _("Status"),
    "year": _("Year"),
    "month": _("Month"),
    "value_usd": _("Value (USD)"),
    "deadline": _("Deadline"),
    "start": _("Start"),
    "start_date": _("Date"),
    "committed": _("Commitment date"),
    "amount_usd_constant_2021": _("Amount (constant 2021 USD)"),
    "aiddata_id": _("AidData record ID"),
}


# Both directions of the sorts a visitor picks, in words rather than "(descending)".
ORDERING_DIRECTIONS = {
    "start": (_("Start, earliest first"), _("Start, latest first")),
    "start_date": (_("Date, earliest first"), _("Date, latest first")),
    "published_on": (_("Oldest first"), _("Newest first")),
    "title": (_("Title, A to Z"), _("Title, Z to A")),
    "name": (_("Name, A to Z"), _("Name, Z to A")),
    "updated_at": (_("Least recently updated"), _("Most recently updated")),
    "deadline": (_("Deadline, earliest first"), _("Deadline, latest first")),
    "year": (_("Year, earliest first"), _("Year, latest first")),
    "value_usd": (_("Value, smallest first"), _("Value, largest first")),
    "status": (_("Grouped by status"), _("Grouped by status, reversed")),
    "financed": (_("Financed, least first"), _("Financed, most first")),
}


def descending(label):
    return gettext("%s (descending)") % label


class OrderingFilter(django_filters.OrderingFilter):
    """Sort choices labelled in the reader's language: django-filter formats its "(descending)"
    labels once, in the language active when the module is imported, and names the other
    fields by their English parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("Default order"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        """As django-filter orders, with records that have no value last in either direction
        (PostgreSQL puts NULLs first when descending, SQLite first when ascending)."""
        ordering = []
        for param in value or ():
            if not param:  # "Default order", or an empty item in `a,,b`
                continue
            name = self.get_ordering_value(param)
            column = F(name.removeprefix("-"))
            if name.startswith("-"):
                ordering.append(column.desc(nulls_last=True))
            else:
                ordering.append(column.asc(nulls_last=True))
        return qs.order_by(*ordering) if ordering else qs

    def build_choices(self, fields, labels):
        ascending = [
            (param, labels.get(field) or ORDERING_LABELS.get(param) or pretty_name(param))
            for field, param in fields.items()
        ]
        choices = []
        for param, label in ascending:
            if param in ORDERING_DIRECTIONS:
                up, down = ORDERING_DIRECTIONS[param]
                choices += [(param, up), (f"-{param}", down)]
            else:
                choices += [(param, label), (f"-{param}", lazy(descending, str)(label))]
        return choices


def split_values(text):
    return [item.strip() for item in str(text).split(",") if item.strip()]


class CommaSelectMultiple(forms.SelectMultiple):
    """A multiple select whose value is one comma-separated string, so that
    `?country=KZ,UZ` and `?country=KZ&country=UZ` (what the form submits) mean the same."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        return ",".join(v for value in values for v in split_values(value or ""))

    def format_value(self, value):
        return split_values(value or "") if isinstance(value, str) else (value or [])

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def render(self, name, value, attrs=None, renderer=None):
        """The same HTML as Django's templates, written directly: two template includes per
        option cost more than the rest of a list page."""
        selected = {str(v) for v in self.format_value(value)}
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "multiple": True})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class CodeListField(forms.CharField):
    """Comma-separated codes or slugs that must all name existing records."""

    def __init__(self, *, queryset, to_field, upper=False, **kwargs):
        self.queryset, self.to_field, self.upper = queryset, to_field, upper
        kwargs.setdefault("widget", CommaSelectMultiple)
        super().__init__(**kwargs)
        self.widget.choices = CallableChoiceIterator(self.choices)

    def choices(self, among=None):
        """(code, label) of every record, or of those whose codes are `among`, in the
        queryset's order."""
        records = self.queryset.all()
        if among is not None:
            records = records.filter(**{f"{self.to_field}__in": among})
        return [(getattr(record, self.to_field), str(record)) for record in records]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        codes = split_values(value.upper() if self.upper else value)
        if len(codes) > MAX_LIST_VALUES:
            raise forms.ValidationError(
                _("Give at most %(count)s values."), params={"count": MAX_LIST_VALUES}
            )
        known = dict(
            self.queryset.filter(**{f"{self.to_field}__in": codes}).values_list(self.to_field, "pk")
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            # Messages carry their values as params: django-filter formats them once more.
            raise forms.ValidationError(
                _("Unknown value: %(values)s."),
                params={"values": ", ".join(unknown)},
                code="unknown",
            )
        return Codes(codes, ids=[known[code] for code in codes])


class Codes(list):
    """The codes as given, and the primary keys they name: filtering by key lets the database
    go straight to an index on the foreign key, with no join to the table of codes."""

    def __init__(self, codes, *, ids):
        super().__init__(codes)
        self.ids = ids


class ChoiceListField(forms.CharField):
    """Comma-separated choice values, each checked against the choices."""

    def __init__(self, *, choices, **kwargs):
        self.choices = choices
        kwargs.setdefault("widget", CommaSelectMultiple(choices=choices.choices))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        values = split_values(value.lower())
        allowed = [str(choice) for choice in self.choices.values]
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise forms.ValidationError(
                _("Unknown value: %(values)s. Choose from: %(allowed)s."),
                params={"values": ", ".join(unknown), "allowed": ", ".join(allowed)},
                code="unknown",
            )
        return values


def crosses_many(model, path):
    """Whether a lookup path passes through a to-many relation (so a join could repeat rows)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def filter_in(qs, path, values):
    """Rows whose `path` is one of `values`. Through a to-many relation this is a semi-join
    (`pk IN (...)`), which repeats no row and needs no DISTINCT over the whole result."""
    lookup = {f"{path}__in": values}
    if crosses_many(qs.model, path):
        return qs.filter(pk__in=qs.model._base_manager.filter(**lookup).values("pk"))
    return qs.filter(**lookup)


class CodeListFilter(django_filters.Filter):
    field_class = CodeListField

    def __init__(self, *, queryset, to_field, upper=False, **kwargs):
        super().__init__(**kwargs)
        self.extra.update(queryset=queryset, to_field=to_field, upper=upper)

    def filter(self, qs, value):
        if not value:
            return qs
        relation = self.field_name.rsplit("__", 1)[0]  # countries__iso2 → countries
        return filter_in(qs, relation, value.ids)


class ChoiceListFilter(django_filters.Filter):
    field_class = ChoiceListField

    def __init__(self, *, choices, **kwargs):
        super().__init__(**kwargs)
        self.extra["choices"] = choices

    def filter(self, qs, value):
        return filter_in(qs, self.field_name, value) if value else qs


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.extra.update(min_value=FIRST_YEAR, max_value=LAST_YEAR)


def slugs(queryset, **kwargs):
    """Records named by slug, comma-separated, as in their addresses."""
    return CodeListFilter(queryset=queryset, to_field="slug", **kwargs)


def records(queryset, **kwargs):
    """Projects or summits by slug: lists that grow to thousands, so a text box of slugs (as in
    the records' addresses) rather than a select of every one."""
    return slugs(
        queryset,
        widget=forms.TextInput,
        help_text=_("Slugs as in the records' addresses, comma-separated."),
        **kwargs,
    )


def sectors():
    return slugs(Sector.objects.all(), field_name="sector__slug", label=_("Sector"))


def countries(**kwargs):
    return CodeListFilter(
        queryset=Country.objects.order_by(*COUNTRY_ORDERING), to_field="iso2", upper=True, **kwargs
    )


class TextSearchFilter(django_filters.CharFilter):
    """Words that must all appear in one of the given fields, in any site language.

    Where the model keeps a search document (those fields in every language, joined by the
    database), each word is matched against it: one condition, which a trigram index serves on
    PostgreSQL, instead of one per field and language that only a full scan can answer.
    """

    def __init__(self, *, search_fields, translated=True, plain_fields=(), **kwargs):
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        super().__init__(**kwargs)
        self.search_fields = search_fields
        self.suffixes = ("_en", "_zh_hans", "_ru") if translated else ("",)
        # Fields kept in one language only (a dataset's original title), matched as they are.
        self.plain_fields = tuple(plain_fields)

    def paths(self):
        """Every column a word may match."""
        fields = self.search_fields
        return [f"{f}{suffix}" for f in fields for suffix in self.suffixes] + [*self.plain_fields]

    def filter(self, qs, value):
        has_document = any(f.name == "search_document" for f in qs.model._meta.get_fields())
        for word in str(value or "").split()[:10]:
            if has_document:
                qs = qs.filter(search_document__folded_contains=word)
                continue
            match = Q()
            for path in self.paths():
                match |= Q(**{f"{path}__folded_contains": word})
            qs = qs.filter(match)
        return qs


class CommaTextInput(forms.TextInput):
    """A text box whose value is one comma-separated string, so that `?language=zh,ru` and
    `?language=zh&language=ru` mean the same (the second kept only the last)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [value for value in values if value is not None]
        return ",".join(values) if len(values) > 1 else (values[0] if values else None)


class LanguageCodeFilter(django_filters.CharFilter):
    """Language codes, comma-separated or repeated, in any case: `zh,ru` is Chinese or Russian."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", CommaTextInput)
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        kwargs.setdefault("help_text", _("Codes such as en, zh, ru, comma-separated."))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        codes = [code.lower() for code in split_values(value or "")][:MAX_LIST_VALUES]
        return qs.filter(**{f"{self.field_name}__in": codes}) if codes else qs


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, turned into UTC: databases accept only modest zone offsets."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(_("Enter a valid date/time."), code="invalid") from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


# Records whose answer shows parts of other records (a project's partners by name, the sources
# it cites with their titles): a change to one of those changes the answer, so `updated_since`
# returns the record too, though its own `updated_at` did not move.
EMBEDDED = {
    "project": ["partnerships", "partnerships__organization", "sources"],
    "summit": ["outcomes", "sources"],
    "tradestatistic": ["source"],
    "commitment": ["evidence"],
    "country": ["strategies"],
}


class UpdatedSinceFilter(UTCDateTimeFilter):
    """Changed at or after the moment, itself or in what its answer embeds (EMBEDDED)."""

    def filter(self, qs, value):
        if value is None:
            return qs
        changed = Q(updated_at__gte=value)
        manager = qs.model._base_manager
        for path in EMBEDDED.get(qs.model._meta.model_name, []):
            inside = manager.filter(**{f"{path}__updated_at__gte": value}).values("pk")
            changed |= Q(pk__in=inside)
        return qs.filter(changed)


class BaseFilterSet(django_filters.FilterSet):
    """Every list's filters. Built for each request: django-filter deep-copies each filter
    and builds a form class and its fields each time; here the filters are copied shallowly
    and the form class is built once per FilterSet class. Safe because no filter here changes
    itself or its field after it is declared, and no field depends on the request (a form
    copies its fields for each instance anyway)."""

    updated_since = UpdatedSinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Updated since"),
        help_text=_("ISO 8601 date and time, e.g. 2025-06-01T00:00:00Z."),
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own, but for the copies (django-filter is pinned).
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class


class CountryFilter(BaseFilterSet):
    role = ChoiceListFilter(choices=CountryRole, field_name="role", label=_("Role"))
    search = TextSearchFilter(search_fields=["name", "capital"])
    ordering = OrderingFilter(fields=["name", "iso2", "updated_at"])

    class Meta:
        model = Country
        fields = []


class SectorFilter(BaseFilterSet):
    search = TextSearchFilter(search_fields=["name", "description"])
    ordering = OrderingFilter(fields=["position", "name", "updated_at"])

    class Meta:
        model = Sector
        fields = []


class OrganizationFilter(BaseFilterSet):
    kind = ChoiceListFilter(choices=OrganizationKind, field_name="kind", label=_("Kind"))
    country = countries(field_name="country__iso2", label=_("Home country"))
    search = TextSearchFilter(search_fields=["name", "short_name"])
    ordering = OrderingFilter(fields=["name", "kind", "updated_at"])

    class Meta:
        model = Organization
        fields = []


class SourceFilter(BaseFilterSet):
    publisher = django_filters.CharFilter(
        field_name="publisher",
        lookup_expr="icontains",
        label=_("Publisher"),
        max_length=MAX_TEXT_LENGTH,
    )
    language = LanguageCodeFilter(field_name="language", label=_("Language"))
    search = TextSearchFilter(search_fields=["title", "publisher", "notes"], translated=False)
    ordering = OrderingFilter(fields=["published_on", "publisher", "title", "updated_at"])

    class Meta:
        model = Source
        fields = []


class FinancierFilter(CodeListFilter):
    """Projects with a published finance record from one of these organizations."""

    def filter(self, qs, value):
        if not value:
            return qs
        records = FinanceRecord.objects.published().filter(financiers__in=value.ids)
        return qs.filter(pk__in=records.values("project"))


class FinanceInstrumentFilter(ChoiceListFilter):
    """Projects with a published finance record of one of these instruments."""

    def filter(self, qs, value):
        if not value:
            return qs
        records = FinanceRecord.objects.published().filter(instrument__in=value)
        return qs.filter(pk__in=records.values("project"))


class ProjectFilter(BaseFilterSet):
    search = TextSearchFilter(search_fields=["title", "summary", "location_name"])
    country = countries(field_name="countries__iso2", label=_("Country"))
    sector = sectors()
    status = ChoiceListFilter(choices=ProjectStatus, field_name="status", label=_("Status"))
    partner = slugs(
        Organization.objects.public(),
        field_name="partnerships__organization__slug",
        label=_("Partner organization"),
    )
    start_year_min = YearFilter(
        field_name="start_date__year", lookup_expr="gte", label=_("Started in or after")
    )
    start_year_max = YearFilter(
        field_name="start_date__year", lookup_expr="lte", label=_("Started in or before")
    )
    financier = FinancierFilter(
        queryset=Organization.objects.all(),
        to_field="slug",
        field_name="finance_records__financiers__slug",
        label=_("Financier"),
    )
    instrument = FinanceInstrumentFilter(
        choices=FinanceInstrument, field_name="finance_records__instrument", label=_("Instrument")
    )
    ordering = OrderingFilter(
        fields=[
            ("start_date", "start"),
            ("title_en", "title"),
            "status",
            ("financed_usd_2021", "financed"),
            "updated_at",
        ],
        field_labels={
            "start_date": _("Start"),
            "title_en": _("Title"),
            "financed_usd_2021": _("Financed (constant 2021 USD)"),
        },
    )

    class Meta:
        model = Project
        fields = []


class SummitFilter(BaseFilterSet):
    search = TextSearchFilter(search_fields=["title", "summary", "city"])
    year = YearFilter(field_name="start_date__year", label=_("Year"))
    kind = ChoiceListFilter(choices=SummitKind, field_name="kind", label=_("Kind"))
    country = countries(field_name="participants__iso2", label=_("Participant"))
    host_country = countries(field_name="host_country__iso2", label=_("Host"))
    series = slugs(
        SummitSeries.objects.all(),
        field_name="series__slug",
        label=_("Series"),
    )
    ordering = OrderingFilter(
        fields=[("start_date", "start_date"), ("title_en", "title"), "updated_at"],
        field_labels={"start_date": _("Date"), "title_en": _("Title")},
    )

    class Meta:
        model = Summit
        fields = []


class TradeStatisticFilter(BaseFilterSet):
    reporter = countries(field_name="reporter__iso2", label=_("Reporter"))
    partner = countries(field_name="partner__iso2", label=_("Partner"))
    flow = ChoiceListFilter(choices=TradeFlow, field_name="flow", label=_("Flow"))
    period = ChoiceListFilter(choices=TradePeriod, field_name="period", label=_("Period"))
    year = YearFilter(field_name="year", label=_("Year"))
    year_min = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_max = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))
    ordering = OrderingFilter(
        fields=["year", "month", "value_usd", "updated_at"],
    )

    class Meta:
        model = TradeStatistic
        fields = []


class ArticleFilter(BaseFilterSet):
    search = TextSearchFilter(search_fields=["title", "standfirst"])
    kind = ChoiceListFilter(choices=ArticleKind, field_name="kind", label=_("Kind"))
    country = countries(field_name="countries__iso2", label=_("Country"))
    project = records(Project.objects.published(), field_name="projects__slug", label=_("Project"))
    summit = records(Summit.objects.published(), field_name="summits__slug", label=_("Summit"))
    ordering = OrderingFilter(
        fields=[("published_on", "published_on"), ("title_en", "title"), "updated_at"],
    )

    class Meta:
        model = Article
        fields = []


class CommitmentFilter(BaseFilterSet):
    search = TextSearchFilter(search_fields=["title", "made_by"])
    party = countries(field_name="parties__iso2", label=_("Party"))
    sector = sectors()
    status = ChoiceListFilter(choices=CommitmentStatus, field_name="status", label=_("Status"))
    made_at = records(Summit.objects.published(), field_name="made_at__slug", label=_("Made at"))
    deadline_before = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="lte",
        label=_("Deadline on or before"),
        help_text=_("A date, e.g. 2030-12-31."),
    )
    deadline_after = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="gte",
        label=_("Deadline on or after"),
        help_text=_("A date, e.g. 2025-01-01."),
    )
    ordering = OrderingFilter(
        fields=["deadline", ("title_en", "title"), "status", "updated_at"],
    )

    class Meta:
        model = Commitment
        fields = []


class FinanceRecordFilter(BaseFilterSet):
    # Words in a title of ours, in any language, or in AidData's original title.
    search = TextSearchFilter(search_fields=["title"], plain_fields=["aiddata_title"])
    country = countries(field_name="recipient__iso2", label=_("Recipient country"))
    financier = slugs(
        Organization.objects.all(),
        field_name="financiers__slug",
        label=_("Financier"),
    )
    instrument = ChoiceListFilter(
        choices=FinanceInstrument, field_name="instrument", label=_("Instrument")
    )
    sector = sectors()
    status = ChoiceListFilter(choices=FinanceStatus, field_name="status", label=_("Status"))
    year_min = YearFilter(
        field_name="committed_on__year", lookup_expr="gte", label=_("Committed in or after")
    )
    year_max = YearFilter(
        field_name="committed_on__year", lookup_expr="lte", label=_("Committed in or before")
    )
    project = records(Project.objects.published(), field_name="project__slug", label=_("Project"))
    ordering = OrderingFilter(
        fields=[
            ("committed_on", "committed"),
            "amount_usd_constant_2021",
            "aiddata_id",
            "updated_at",
        ],
    )

    class Meta:
        model = FinanceRecord
        fields = []
