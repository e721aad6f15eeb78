"""JSON answers written by orjson: the same bytes as DRF's renderer (compact, UTF-8, U+2028 and
U+2029 escaped), several times faster on a list of records. Indented answers (the browsable API,
`Accept: application/json; indent=4`) and anything orjson cannot write go through DRF's own."""

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
_fallback = JSONEncoder()


def _default(value):
    # Dates, decimals, lazy translations and the rest, exactly as DRF's encoder writes them.
    return _fallback.default(value)


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_default, option=OPTIONS)
        except TypeError:  # a key orjson cannot write, or an integer past 64 bits
            return super().render(data, accepted_media_type, renderer_context)
        return body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
