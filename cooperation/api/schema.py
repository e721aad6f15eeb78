"""The OpenAPI schema documents every error an operation can answer, in the one JSON shape
the API uses for them; every filter with its type and values; reads as open to anyone; and the
token sent as `Token <key>` or `Bearer <key>`, so that a generated client is right as it is."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import AllowAny, DjangoModelPermissionsOrAnonReadOnly

from .. import filters


class TokenScheme(OpenApiAuthenticationExtension):
    """The token sign-in (knox-based): `tokenAuth` (`Authorization: Token <key>`, as the schema
    has always named it) or, the same key, `bearerAuth` (`Authorization: Bearer <key>`, what
    generated clients send by default)."""

    target_class = "cooperation.api.authentication.TokenAuthentication"
    name = ["tokenAuth", "bearerAuth"]

    def get_security_requirement(self, auto_schema):
        return [{"tokenAuth": []}, {"bearerAuth": []}]

    def get_security_definition(self, auto_schema):
        return [
            build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token"),
            build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer"),
        ]


# `?format=` where JSON is the only form.
JSON_ONLY = OpenApiParameter("format", str, enum=["json"], description="The answer comes as JSON.")
LANG = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _name in settings.LANGUAGES],
    description="The answer's language (names, titles, dates as text); `Accept-Language` works "
    "too. Default: English.",
)


def filter_schema(filter_field):
    """The parameter schema of one of the shared filters, with its type and its values."""
    text = {"type": "string"}
    if isinstance(filter_field, filters.ChoiceListFilter):
        values = [value for value, _label in filter_field.extra["choices"].choices]
        return {"type": "array", "items": {**text, "enum": values}}
    if isinstance(filter_field, (filters.CodeListFilter, filters.LanguageCodeFilter)):
        return {"type": "array", "items": text}
    if isinstance(filter_field, filters.OrderingFilter):
        values = [key for param in filter_field.param_map for key in (param, f"-{param}")]
        return {"type": "array", "items": {**text, "enum": values}}
    if isinstance(filter_field, filters.YearFilter):
        return {
            "type": "integer",
            "minimum": filter_field.extra["min_value"],
            "maximum": filter_field.extra["max_value"],
        }
    return None


LIST_NOTE = " Several values: repeat the parameter, or separate them with commas."


ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": True,
    "description": '`{"detail": "..."}`, or messages per field: '
    '`{"country": ["Unknown value: XX."]}`.',
    "example": {"detail": "Not found."},
}
ERRORS = {
    "400": "A parameter or a field is not valid.",
    "401": "Writing needs a token (`Authorization: Token ...`) or a signed-in session.",
    "403": "Your account may not make this change, or the CSRF check failed.",
    "404": "No such record, or it is not published.",
    "405": "This address does not take this method.",
    "413": f"The body is over {settings.MAX_REQUEST_BYTES // 1024 // 1024} MB.",
    "414": f"The address (path and query string, as sent) is over "
    f"{settings.MAX_ADDRESS_BYTES // 1024} KB.",
    "415": "The body is not JSON.",
    "429": "Too many requests; wait for the seconds in Retry-After.",
    "503": "The database is briefly unreachable; retry after the seconds in Retry-After.",
}
# Reads need no credentials, but credentials that are sent are checked.
READ_401 = "The token or session sent is not valid (reading needs none: send no Authorization)."
# Bodies that are not the serializer's JSON: drf-spectacular gives every renderer's media type
# the serializer's schema, which a CSV or GeoJSON answer does not follow.
CSV_SCHEMA = {"type": "string", "description": "Every filtered row, with a header row."}
LONGITUDE_LATITUDE = {
    "type": "array",
    "description": "Longitude, latitude.",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
}
GEOJSON_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection of the filtered projects that have a location.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "geometry": {
                        "oneOf": [
                            {
                                "type": "object",
                                "description": "A project's point.",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"type": "string", "enum": ["Point"]},
                                    "coordinates": LONGITUDE_LATITUDE,
                                },
                            },
                            {
                                "type": "object",
                                "description": "A linear project's route through its "
                                "waypoints, in order.",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"type": "string", "enum": ["LineString"]},
                                    "coordinates": {
                                        "type": "array",
                                        "items": LONGITUDE_LATITUDE,
                                        "minItems": 2,
                                    },
                                },
                            },
                        ]
                    },
                    "properties": {
                        "type": "object",
                        "properties": {
                            "slug": {"type": "string"},
                            "title": {"type": "string"},
                            "status": {"type": "string"},
                            "sector": {"type": "string"},
                            "countries": {"type": "array", "items": {"type": "string"}},
                            "location_note": {"type": "string"},
                            "route": {
                                "type": "string",
                                "nullable": True,
                                "enum": ["approximate", "surveyed", None],
                                "description": "For a LineString: `approximate` (a line "
                                "through the waypoints the sources give) or `surveyed`.",
                            },
                            "html_url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
    },
}
MEDIA_TYPE_SCHEMAS = {"text/csv": CSV_SCHEMA, "application/geo+json": GEOJSON_SCHEMA}
READ_ERRORS = ["400", "401", "404", "414", "429", "503"]
WRITE_ERRORS = ["400", "401", "403", "404", "413", "414", "415", "429", "503"]


class TrackerAutoSchema(AutoSchema):
    def get_auth(self):
        """Reads are open to anyone and declared so: no security requirement, so a generated
        client calls them without credentials (openapi-python-client asks for an
        AuthenticatedClient wherever any requirement is listed, even beside `{}`). A token
        sent on a read is still checked; editors send one to see drafts."""
        permissions = self.view.get_permissions()
        public = not permissions or any(
            isinstance(permission, (AllowAny, DjangoModelPermissionsOrAnonReadOnly))
            for permission in permissions
        )
        if self.method.upper() in ("GET", "HEAD") and public:
            super().get_auth()  # registers the security schemes all the same
            return []
        return super().get_auth()

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        names = {getattr(parameter, "name", None) for parameter in parameters}
        api_read = self.method.upper() == "GET" and self.path.startswith("/api/v1/")
        if api_read and "lang" not in names:
            parameters = [*parameters, LANG]
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        if filterset is None:
            return parameters
        for parameter in parameters:
            filter_field = filterset.base_filters.get(parameter["name"])
            schema = filter_schema(filter_field) if filter_field is not None else None
            if schema is None:
                continue
            parameter["schema"] = schema
            if schema["type"] == "array":
                parameter["style"], parameter["explode"] = "form", True
                parameter["description"] = (parameter.get("description") or "") + LIST_NOTE
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for response in responses.values():
            for media_type, body in response.get("content", {}).items():
                if media_type in MEDIA_TYPE_SCHEMAS:
                    body["schema"] = MEDIA_TYPE_SCHEMAS[media_type]
        method = self.method.upper()
        codes = READ_ERRORS if method in ("GET", "HEAD") else WRITE_ERRORS
        if method in ("GET", "HEAD"):
            responses.setdefault(
                "304", {"description": "Unchanged since the ETag sent in If-None-Match."}
            )
        for code in codes:
            reading_401 = code == "401" and codes is READ_ERRORS
            responses.setdefault(
                code,
                {
                    "description": READ_401 if reading_401 else ERRORS[code],
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                },
            )
        return responses
