"""Request bodies are JSON: a form-encoded or multipart write is a 415, as documented. DRF's
JSON parser lets Python's RecursionError through for a body nested deeper than the decoder goes
(`[[[[...` 10,000 deep), which became a 500; here it is a 400 like any other JSON that cannot be
read."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the body is nested too deeply.")) from None


PARSERS = [JSONParser]
