"""The OpenAPI schema documents every error an operation can answer, in the one JSON shape
the API uses for them."""

from drf_spectacular.openapi import AutoSchema

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
}
READ_ERRORS = ["400", "404", "429"]
WRITE_ERRORS = ["400", "401", "403", "404", "415", "429"]


class TrackerAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        method = self.method.upper()
        codes = READ_ERRORS if method in ("GET", "HEAD") else WRITE_ERRORS
        if method in ("GET", "HEAD"):
            responses.setdefault(
                "304", {"description": "Unchanged since the ETag sent in If-None-Match."}
            )
        for code in codes:
            responses.setdefault(
                code,
                {
                    "description": ERRORS[code],
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                },
            )
        return responses
