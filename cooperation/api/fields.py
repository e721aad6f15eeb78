"""Serializer fields for the API's own shapes: dates at their precision, public page links;
and the base of every model serializer, which works its fields out from the model once."""

import copy

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from ..models import DatePrecision, PartialDate
from .relations import ReadAhead


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "date": {"type": "string", "format": "date", "example": "2014-05-01"},
            "precision": {"type": "string", "enum": DatePrecision.values},
            "display": {"type": "string", "example": "May 2014"},
        },
        "description": 'A date known to the year, month or day. Write it as "2014", '
        '"2014-05" or "2014-05-19", or as {"date": ..., "precision": ...}.',
    }
)
class PartialDateField(serializers.Field):
    """A (date, precision) pair of model fields as one value."""

    def __init__(self, date_field, precision_field, **kwargs):
        self.date_field, self.precision_field = date_field, precision_field
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.date_field)
        if value is None:
            return None
        partial = PartialDate(value, getattr(instance, self.precision_field))
        return {"date": value.isoformat(), "precision": partial.precision, "display": str(partial)}

    def to_internal_value(self, data):
        if data is None or data == "":
            return {self.date_field: None}
        if isinstance(data, dict):
            text = str(data.get("date", ""))
            precision = data.get("precision", DatePrecision.DAY)
            if precision not in DatePrecision.values:
                raise serializers.ValidationError(_("Precision must be year, month or day."))
            try:
                partial = PartialDate(PartialDate.parse(text).date, precision)
            except ValueError as error:
                raise serializers.ValidationError(str(error)) from None
        else:
            try:
                partial = PartialDate.parse(str(data))
            except ValueError as error:
                raise serializers.ValidationError(str(error)) from None
        return {self.date_field: partial.normalized, self.precision_field: partial.precision}


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The record's public page, absolute."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        request = self.context.get("request")
        path = instance.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


# Each link in a written list is looked up on its own: the cap keeps one request's queries
# bounded (no record links more than a few dozen others).
MAX_LINKS = 100


class BoundedLinkList(ReadAhead, serializers.ManyRelatedField):
    default_error_messages = {"too_many": _("Give at most {max_links} values.")}

    def to_representation(self, iterable):
        codes = super().to_representation(iterable)
        # Country codes come in code order, the same in every language and in the CSV.
        if getattr(self.child_relation, "slug_field", None) == "iso2":
            codes.sort()
        return codes

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > MAX_LINKS:
            self.fail("too_many", max_links=MAX_LINKS)
        return super().to_internal_value(data)


class BoundedMany:
    """With many=True, a list of at most MAX_LINKS links."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update((k, v) for k, v in kwargs.items() if k in MANY_RELATION_KWARGS)
        return BoundedLinkList(**list_kwargs)


class CodeField(BoundedMany, serializers.SlugRelatedField):
    """A record by its code or slug."""


class IdField(BoundedMany, serializers.PrimaryKeyRelatedField):
    """A record by its number."""


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
            "example": [39.4681, 75.9938],
        },
        "description": "A linear project's waypoints in order, each [latitude, longitude]; "
        "at least two, or none (an empty list) for a project at one site.",
    }
)
class RouteField(serializers.JSONField):
    """A project's route; the model's validator checks its shape and ranges."""


class ModelSerializer(serializers.ModelSerializer):
    """DRF works a model serializer's fields out from the model each time one is made (the
    model's fields read, each field's class and arguments chosen, its label translated), and a
    list answer makes two or three: half the time of a short list. This works them out once per
    class and language and gives each serializer copies (DRF copies a field by making it again
    from its arguments, as it does with the declared fields), so one request's changes to its
    fields (`?fields=`) never reach another's."""

    _fields_built = {}

    def get_fields(self):
        key = (type(self), get_language())
        built = ModelSerializer._fields_built.get(key)
        if built is None:
            built = ModelSerializer._fields_built[key] = super().get_fields()
        return copy.deepcopy(built)
