"""The OpenAPI schema documents every error an operation can answer, in the one JSON shape
the API uses for them."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class TokenScheme(OpenApiAuthenticationExtension):
    """The token sign-in (knox-based) as the schema has always named it: `tokenAuth`,
    `Authorization: Token <key>`."""

    target_class = "cooperation.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )


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
    "415": "The body is not JSON.",
    "429": "Too many requests; wait for the seconds in Retry-After.",
    "503": "The database is briefly unreachable; retry after the seconds in Retry-After.",
}
# Reads need no credentials, but credentials that are sent are checked.
READ_401 = "The token or session sent is not valid (reading needs none: send no Authorization)."
# Bodies that are not the serializer's JSON: drf-spectacular gives every renderer's media type
# the serializer's schema, which a CSV or GeoJSON answer does not follow.
CSV_SCHEMA = {"type": "string", "description": "Every filtered row, with a header row."}
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
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "description": "Longitude, latitude.",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
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
                            "html_url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
    },
}
MEDIA_TYPE_SCHEMAS = {"text/csv": CSV_SCHEMA, "application/geo+json": GEOJSON_SCHEMA}
READ_ERRORS = ["400", "401", "404", "429", "503"]
WRITE_ERRORS = ["400", "401", "403", "404", "415", "429", "503"]


class TrackerAutoSchema(AutoSchema):
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
