"""A linear project's route: its waypoints in order, as [latitude, longitude] pairs.

Editors type one waypoint a line ("39.4681, 75.9938"); the API takes and gives the list of
pairs. Every door runs the same check (the model field's validator)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reference import LATITUDE_MESSAGE, LONGITUDE_MESSAGE

MAX_WAYPOINTS = 200
ROUTE_FORMAT_MESSAGE = _(
    "Give the route as a list of waypoints, each a pair of numbers: [latitude, longitude]."
)
ROUTE_LENGTH_MESSAGE = _("A route needs at least two waypoints, or none.")
ROUTE_TOO_LONG_MESSAGE = _("A route can have at most %(limit)s waypoints.")


def is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_route(route):
    """Empty, or 2 to MAX_WAYPOINTS pairs of a latitude and a longitude in range."""
    if route in (None, []):
        return
    if not isinstance(route, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(is_number(v) for v in pair)
        for pair in route
    ):
        raise ValidationError(ROUTE_FORMAT_MESSAGE, code="route_format")
    if len(route) < 2:
        raise ValidationError(ROUTE_LENGTH_MESSAGE, code="route_length")
    if len(route) > MAX_WAYPOINTS:
        raise ValidationError(
            ROUTE_TOO_LONG_MESSAGE, code="route_length", params={"limit": MAX_WAYPOINTS}
        )
    for latitude, longitude in route:
        if not -90 <= latitude <= 90:
            raise ValidationError(LATITUDE_MESSAGE, code="route_latitude")
        if not -180 <= longitude <= 180:
            raise ValidationError(LONGITUDE_MESSAGE, code="route_longitude")


class RouteFormField(forms.CharField):
    """One waypoint a line, "latitude, longitude", in the order the route runs."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 30, "placeholder": "39.4681, 75.9938"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{lat}, {lon}" for lat, lon in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        route = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part for part in re.split(r"[,;\s]+", line.strip()) if part]
            try:
                latitude, longitude = (Decimal(part) for part in parts)
            except (ValueError, InvalidOperation):
                raise ValidationError(
                    _("Line %(line)s: give a latitude and a longitude, as “39.47, 75.99”."),
                    code="route_line",
                    params={"line": number},
                ) from None
            route.append([float(latitude), float(longitude)])
        return route

    def validate(self, value):
        if value == [] and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        try:
            return (initial or []) != self.to_python(data)
        except ValidationError:
            return True


class RouteField(models.JSONField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [validate_route])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # Not JSONField's: editors type one waypoint a line rather than JSON.
        return models.Field.formfield(self, **{"form_class": RouteFormField, **kwargs})
