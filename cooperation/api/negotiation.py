"""Which renderer answers: `?format=` picks only the documented formats (JSON, CSV, GeoJSON);
the browsable API is for a browser that asks for HTML in its Accept header."""

from django.utils.translation import gettext as _
from rest_framework import renderers
from rest_framework.exceptions import NotFound
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
        matching = [r for r in documented if r.format == format]
        if not matching:
            # A 404 that says which format is missing and which ones the address has.
            raise NotFound(
                _("This address has no “%(format)s” format; it gives: %(formats)s.")
                % {"format": format[:50], "formats": ", ".join(r.format for r in documented)}
            )
        return matching
