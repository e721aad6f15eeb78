"""Which renderer answers: `?format=` picks only the documented formats (JSON, CSV, GeoJSON);
the browsable API is for a browser that asks for HTML in its Accept header."""

from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        # Its format menu offers what `?format=` can give.
        context["available_formats"] = [
            name for name in context["available_formats"] if name != self.format
        ]
        return context


class TrackerContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, candidates, format):
        # `?format=api` is not in the schema, so it is an unknown format (404) like any other.
        documented = [r for r in candidates if not isinstance(r, renderers.BrowsableAPIRenderer)]
        return super().filter_renderers(documented, format)
