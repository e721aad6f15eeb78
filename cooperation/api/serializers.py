"""The API's record shapes: the names in the design are the contract; fields are listed
explicitly. Related records appear as their codes or slugs, with a short nested summary where a
consumer would otherwise need a second request."""

import json
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from ..models import (
    Article,
    Commitment,
    Country,
    Evidence,
    Organization,
    Outcome,
    Project,
    ProjectPartner,
    Sector,
    Source,
    Summit,
    SummitSeries,
    TradeStatistic,
)
from ..models.routes import validate_route
from ..progress import attach_progress
from ..services.records import record_check, record_save
from .fields import CodeField, HtmlUrlField, IdField, ModelSerializer, PartialDateField, RouteField
from .relations import ReadAheadList
from .renderers import JSONRenderer
from .representations import CachedRecordList


def api_url(view_name, lookup_field):
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field=lookup_field)


def holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


def codes(field, queryset, **kwargs):
    return CodeField(slug_field=field, queryset=queryset, **kwargs)


class PublishedLinkField(serializers.SlugRelatedField):
    """A link to a record with a publication status, written by its slug and shown only while
    the record is published: a draft is the editors' alone."""

    def to_representation(self, value):
        return super().to_representation(value) if value.is_published else None


class RecordSerializer(ModelSerializer):
    """Validates with the model's own rules (the messages editors see in the admin) and saves
    through the records service, so the history names the editor."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        # Ranges are the model's to check, with the messages editors see in the admin.
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        return field_class, kwargs

    def to_internal_value(self, data):
        """A NUL character in a code or slug is refused, as DRF refuses it in text: looked up,
        it makes PostgreSQL's driver raise (a 500 instead of a 400)."""
        if isinstance(data, Mapping):
            refused = [
                name
                for name, field in self.fields.items()
                if isinstance(field, RelatedField | ManyRelatedField)
                and not field.read_only
                and holds_nul(data.getlist(name) if hasattr(data, "getlist") else data.get(name))
            ]
            if refused:
                message = _("Null characters are not allowed.")
                raise serializers.ValidationError({name: [message] for name in refused})
            self.refuse_unknown(data)
            self.refuse_read_only(data)
        return super().to_internal_value(data)

    # The unknown fields a 400 names, at most: a body of 100,000 keys must not be answered
    # with 100,000 messages (1.7 MB sent got 38 MB back).
    UNKNOWN_NAMED = 10

    def refuse_unknown(self, data):
        """A field the record does not have is a 400 naming it, not silently dropped: a
        misspelt `investment_usd` would otherwise be a 200 that changed nothing."""
        unknown = [name for name in data if name not in self.fields]
        if unknown:
            writable = ", ".join(n for n, field in self.fields.items() if not field.read_only)
            message = _("There is no such field. The fields written are: %(fields)s.")
            # Each name as far as its first 100 characters, as for a query parameter.
            errors = {
                name[:100]: [message % {"fields": writable}]
                for name in unknown[: self.UNKNOWN_NAMED]
            }
            if (more := len(unknown) - self.UNKNOWN_NAMED) > 0:
                errors.setdefault("non_field_errors", [])
                errors["non_field_errors"] += [
                    ngettext(
                        "One more field the record does not have was sent.",
                        "%(count)d more fields the record does not have were sent.",
                        more,
                    )
                    % {"count": more}
                ]
            raise serializers.ValidationError(errors)

    # Read-only fields whose values are written through other fields.
    WRITTEN_AS = {
        "investment": "investment_amount, investment_currency, investment_usd, "
        "investment_is_estimate",
        "target": "target_kind, target_value, target_unit, deadline, target_reporter, "
        "target_partner, target_flow",
    }

    def refuse_read_only(self, data):
        """A read-only field sent with a value other than the one the record shows is a 400
        naming it, not silently dropped; a record read and sent back unchanged is fine."""
        sent = [name for name, field in self.fields.items() if field.read_only and name in data]
        if not sent:
            return
        shown = {}
        if self.instance is not None:
            shown = json.loads(JSONRenderer().render(self.to_representation(self.instance)))
        errors = {}
        for name in sent:
            if name in shown and shown[name] == data[name]:
                continue
            message = _("This field is read-only.")
            if name in self.WRITTEN_AS:
                message = _("This field is read-only; write %(fields)s instead.") % {
                    "fields": self.WRITTEN_AS[name]
                }
            errors[name] = [message]
        if errors:
            raise serializers.ValidationError(errors)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        m2m_names = {field.name for field in model._meta.many_to_many}
        instance = self.instance or model()
        for name, value in attrs.items():
            if name not in m2m_names:
                setattr(instance, name, value)
        m2m = {name: value for name, value in attrs.items() if name in m2m_names}
        try:
            instance.full_clean(exclude=list(m2m_names))
            record_check(instance=instance, links=m2m, user=self.context["request"].user)
        except DjangoValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {}
            if not messages:
                messages = {NON_FIELD_ERRORS: error.messages}
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if key == NON_FIELD_ERRORS else key): value
                    for key, value in messages.items()
                }
            ) from None
        self._prepared = instance
        self._m2m = m2m
        return attrs

    def save(self, **kwargs):
        user = self.context["request"].user
        self.instance = record_save(instance=self._prepared, user=user, m2m=self._m2m)
        return self.instance


SOURCE_COLUMNS = ("id", "title", "publisher", "url", "link", "published_on", "accessed_on", "kind")


class SourceSummarySerializer(ModelSerializer):
    class Meta:
        model = Source
        list_serializer_class = ReadAheadList
        fields = list(SOURCE_COLUMNS)


class SectorSerializer(RecordSerializer):
    url = api_url("api:sector-detail", "slug")

    class Meta:
        model = Sector
        list_serializer_class = CachedRecordList
        fields = ["slug", "name", "description", "position", "url", "updated_at"]


class StrategySummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    period = serializers.CharField()
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    adopted = serializers.CharField()
    summary = serializers.CharField()


# The shapes that method fields nest, built once: a serializer made per row copies every one of
# its fields again (a third of a list's serialization time).
STRATEGY_SHAPE = StrategySummarySerializer()


class CountrySerializer(RecordSerializer):
    url = api_url("api:country-detail", "iso2")
    html_url = HtmlUrlField()
    strategy = serializers.SerializerMethodField()
    members = codes("iso2", Country.objects.all(), many=True, required=False)

    class Meta:
        model = Country
        list_serializer_class = CachedRecordList
        fields = [
            "iso2",
            "iso3",
            "name",
            "slug",
            "role",
            "capital",
            "latitude",
            "longitude",
            "strategy",
            "members",
            "url",
            "html_url",
            "updated_at",
        ]

    @extend_schema_field(StrategySummarySerializer(allow_null=True))
    def get_strategy(self, country):
        strategy = country.current_strategy
        return STRATEGY_SHAPE.to_representation(strategy) if strategy else None


class OrganizationSerializer(RecordSerializer):
    url = api_url("api:organization-detail", "slug")
    country = codes("iso2", Country.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Organization
        list_serializer_class = CachedRecordList
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "website",
            "description",
            "url",
            "updated_at",
        ]


class SourceSerializer(RecordSerializer):
    """A citation. Its `url` is the cited page; `api_url` is this record in the API."""

    api_url = api_url("api:source-detail", "pk")
    published_on = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = Source
        list_serializer_class = CachedRecordList
        fields = [
            "id",
            "title",
            "publisher",
            "url",
            "link",
            "published_on",
            "published_precision",
            "accessed_on",
            "kind",
            "language",
            "api_url",
            "updated_at",
        ]


class PartnerSerializer(ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = ProjectPartner
        list_serializer_class = ReadAheadList
        fields = ["organization", "name", "role"]


class InvestmentSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, source="investment_amount")
    currency = serializers.CharField(source="investment_currency")
    usd = serializers.DecimalField(
        max_digits=18, decimal_places=2, source="investment_usd", allow_null=True
    )
    is_estimate = serializers.BooleanField(source="investment_is_estimate")
    note = serializers.CharField(source="investment_note")
    scope = serializers.CharField(source="investment_scope")


INVESTMENT_SHAPE = InvestmentSerializer()


class ProjectSerializer(RecordSerializer):
    url = api_url("api:project-detail", "slug")
    html_url = HtmlUrlField()
    sector = codes("slug", Sector.objects.all())
    countries = codes("iso2", Country.objects.all(), many=True)
    partners = PartnerSerializer(source="partnerships", many=True, read_only=True)
    start = PartialDateField("start_date", "start_precision", allow_null=True)
    completion = PartialDateField("completion_date", "completion_precision", allow_null=True)
    investment = serializers.SerializerMethodField()
    summits = codes("slug", Summit.objects.all(), many=True, required=False)
    sources = IdField(queryset=Source.objects.all(), many=True, required=False)
    sources_detail = SourceSummarySerializer(source="sources", many=True, read_only=True)
    route = RouteField(required=False, validators=[validate_route])

    class Meta:
        model = Project
        list_serializer_class = CachedRecordList
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "sector",
            "countries",
            "partners",
            "status",
            "start",
            "completion",
            "investment",
            "investment_amount",
            "investment_currency",
            "investment_usd",
            "investment_is_estimate",
            "investment_scope",
            "latitude",
            "longitude",
            "location_precision",
            "location_name",
            "location_note",
            "route",
            "route_surveyed",
            "summits",
            "sources",
            "sources_detail",
            "confidence",
            "publication_status",
            "url",
            "html_url",
            "updated_at",
            "facts_updated_on",
        ]
        extra_kwargs = {
            "investment_amount": {"write_only": True},
            "investment_currency": {"write_only": True},
            "investment_usd": {"write_only": True},
            "investment_is_estimate": {"write_only": True},
            "investment_scope": {"write_only": True},
            "publication_status": {"required": False},
        }

    @extend_schema_field(InvestmentSerializer(allow_null=True))
    def get_investment(self, project):
        if project.investment_amount is None:
            return None
        return INVESTMENT_SHAPE.to_representation(project)


class OutcomeSerializer(ModelSerializer):
    parties = CodeField(slug_field="iso2", many=True, read_only=True)
    date = serializers.DateField(source="signed_on", read_only=True, allow_null=True)

    class Meta:
        model = Outcome
        list_serializer_class = ReadAheadList
        fields = ["slug", "title", "kind", "date", "parties", "url", "key_quote", "summary"]


class SummitSerializer(RecordSerializer):
    url = api_url("api:summit-detail", "slug")
    html_url = HtmlUrlField()
    series = codes("slug", SummitSeries.objects.all(), allow_null=True, required=False)
    host_country = codes("iso2", Country.objects.all(), allow_null=True, required=False)
    participants = codes("iso2", Country.objects.all(), many=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    sources = IdField(queryset=Source.objects.all(), many=True, required=False)
    sources_detail = SourceSummarySerializer(source="sources", many=True, read_only=True)

    class Meta:
        model = Summit
        list_serializer_class = CachedRecordList
        fields = [
            "slug",
            "title",
            "kind",
            "format",
            "series",
            "edition",
            "start_date",
            "end_date",
            "city",
            "host_country",
            "participants",
            "summary",
            "outcomes",
            "sources",
            "sources_detail",
            "confidence",
            "publication_status",
            "url",
            "html_url",
            "updated_at",
            "facts_updated_on",
        ]
        extra_kwargs = {"publication_status": {"required": False}}


class TradeStatisticSerializer(RecordSerializer):
    url = api_url("api:tradestatistic-detail", "pk")
    reporter = codes("iso2", Country.objects.all())
    partner = codes("iso2", Country.objects.all())
    reporting_agency = codes("slug", Organization.objects.all(), allow_null=True, required=False)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    source_detail = SourceSummarySerializer(source="source", read_only=True)
    period_label = serializers.CharField(read_only=True)

    class Meta:
        model = TradeStatistic
        list_serializer_class = CachedRecordList
        fields = [
            "id",
            "reporter",
            "partner",
            "reporting_agency",
            "flow",
            "year",
            "month",
            "period",
            "period_label",
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
            "source",
            "source_detail",
            "confidence",
            "note",
            "publication_status",
            "url",
            "updated_at",
            "facts_updated_on",
        ]
        extra_kwargs = {
            "publication_status": {"required": False},
            "period": {"required": False},
        }


class ArticleSerializer(RecordSerializer):
    url = api_url("api:article-detail", "slug")
    html_url = HtmlUrlField()
    countries = codes("iso2", Country.objects.all(), many=True, required=False)
    projects = codes("slug", Project.objects.all(), many=True, required=False)
    summits = codes("slug", Summit.objects.all(), many=True, required=False)
    sources = IdField(queryset=Source.objects.all(), many=True, required=False)

    class Meta:
        model = Article
        list_serializer_class = CachedRecordList
        fields = [
            "slug",
            "title",
            "kind",
            "standfirst",
            "body",
            "author",
            "publisher",
            "published_on",
            "original_url",
            "countries",
            "projects",
            "summits",
            "sources",
            "publication_status",
            "url",
            "html_url",
            "updated_at",
            "facts_updated_on",
        ]
        extra_kwargs = {"publication_status": {"required": False}}


class EvidenceSerializer(ModelSerializer):
    date = PartialDateField("date", "precision", read_only=True)
    source = serializers.PrimaryKeyRelatedField(read_only=True)
    projects = CodeField(slug_field="slug", many=True, read_only=True)
    summits = CodeField(slug_field="slug", many=True, read_only=True)
    trade_statistics = IdField(many=True, read_only=True)

    class Meta:
        model = Evidence
        list_serializer_class = ReadAheadList
        fields = ["date", "summary", "source", "projects", "summits", "trade_statistics"]


class TargetSerializer(serializers.Serializer):
    kind = serializers.CharField(source="target_kind")
    value = serializers.DecimalField(
        max_digits=20, decimal_places=2, source="target_value", allow_null=True
    )
    unit = serializers.CharField(source="target_unit")
    deadline = PartialDateField("deadline", "deadline_precision", allow_null=True)
    reporter = serializers.CharField(
        source="target_reporter.iso2", allow_null=True, help_text="Whose figures measure it."
    )
    partner = serializers.CharField(source="target_partner.iso2", allow_null=True)
    flow = serializers.CharField(source="target_flow", allow_blank=True)


class OtherSideSerializer(serializers.Serializer):
    reporter = serializers.CharField(help_text="Whose figures: the target's partner.")
    latest_value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    measured_year = serializers.IntegerField(allow_null=True)
    latest_source = serializers.IntegerField(allow_null=True, help_text="Source id.")
    percent = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    computed_status = serializers.CharField(allow_null=True)


class ProgressSerializer(serializers.Serializer):
    target = serializers.DecimalField(max_digits=20, decimal_places=2)
    latest_value = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        help_text="The figure the target is judged on (see measured_year).",
    )
    latest_year = serializers.IntegerField(allow_null=True, help_text="That figure's year.")
    latest_source = serializers.IntegerField(allow_null=True, help_text="Source id.")
    measured_year = serializers.IntegerField(
        allow_null=True,
        help_text="The year the target is judged on: the deadline year once it is over (even "
        "when its figure is missing), else the latest figure's.",
    )
    deadline_passed = serializers.BooleanField()
    percent = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    reached = serializers.BooleanField(
        allow_null=True, help_text="Null when no figure, or only a bound, settles it."
    )
    computed_status = serializers.CharField(
        allow_null=True,
        help_text="What the figures say: achieved or missed once the deadline year is over, "
        "else in_progress or achieved_early; null when they cannot say.",
    )
    status_note = serializers.CharField(help_text="Why there is no computed status.")
    disagrees_with_status = serializers.BooleanField(
        help_text="The editors' status and the computed one say different things."
    )
    remaining = serializers.DecimalField(max_digits=20, decimal_places=2)
    years_left = serializers.IntegerField(
        allow_null=True, help_text="Only while the deadline is ahead."
    )
    needed_annual_growth_pct = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        allow_null=True,
        help_text="Yearly growth from the latest figure that would reach the target in time; "
        "only while the deadline is ahead.",
    )
    series = serializers.ListField(child=serializers.DictField())
    other_side = OtherSideSerializer(
        allow_null=True,
        help_text="The same target measured on the other side's own figures (a target set by "
        "Kazakhstan, tracked on China's customs figures, measured on Kazakhstan's too); null "
        "when the other side reports no figure.",
    )


TARGET_SHAPE = TargetSerializer()
PROGRESS_SHAPE = ProgressSerializer()


class CommitmentSerializer(RecordSerializer):
    url = api_url("api:commitment-detail", "slug")
    html_url = HtmlUrlField()
    parties = codes("iso2", Country.objects.all(), many=True)
    made_at = PublishedLinkField(
        slug_field="slug", queryset=Summit.objects.all(), allow_null=True, required=False
    )
    made_in = serializers.SlugRelatedField(
        slug_field="slug", source="public_made_in", read_only=True, allow_null=True
    )
    made_on = PartialDateField("made_on", "made_on_precision", allow_null=True)
    sector = codes("slug", Sector.objects.all(), allow_null=True, required=False)
    target = serializers.SerializerMethodField()
    deadline = PartialDateField("deadline", "deadline_precision", allow_null=True, write_only=True)
    target_reporter = codes(
        "iso2", Country.objects.all(), allow_null=True, required=False, write_only=True
    )
    target_partner = codes(
        "iso2", Country.objects.all(), allow_null=True, required=False, write_only=True
    )
    progress = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)
    supersedes = PublishedLinkField(
        slug_field="slug", queryset=Commitment.objects.all(), allow_null=True, required=False
    )
    projects = codes("slug", Project.objects.all(), many=True, required=False)
    sources = IdField(queryset=Source.objects.all(), many=True, required=False)

    class Meta:
        model = Commitment
        list_serializer_class = CachedRecordList
        fields = [
            "slug",
            "title",
            "body",
            "parties",
            "made_by",
            "made_at",
            "made_in",
            "made_on",
            "sector",
            "target",
            "target_kind",
            "target_value",
            "target_unit",
            "target_reporter",
            "target_partner",
            "target_flow",
            "deadline",
            "status",
            "status_justification",
            "status_changed_on",
            "progress",
            "evidence",
            "supersedes",
            "projects",
            "sources",
            "confidence",
            "publication_status",
            "url",
            "html_url",
            "updated_at",
            "facts_updated_on",
        ]
        read_only_fields = ["status_changed_on"]
        extra_kwargs = {
            "target_kind": {"write_only": True},
            "target_value": {"write_only": True},
            "target_unit": {"write_only": True},
            "target_flow": {"write_only": True},
            "publication_status": {"required": False},
        }

    @extend_schema_field(TargetSerializer)
    def get_target(self, commitment):
        return TARGET_SHAPE.to_representation(commitment)

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, commitment):
        if not hasattr(commitment, "progress"):
            attach_progress([commitment])
        progress = commitment.progress
        return PROGRESS_SHAPE.to_representation(progress.as_dict()) if progress else None
