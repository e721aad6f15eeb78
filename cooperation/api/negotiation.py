"""Which renderer answers: `?format=` picks only the documented formats (JSON, CSV, GeoJSON);
the browsable API is for a browser that asks for HTML in its Accept header."""

from django.utils.translation import gettext as _
from rest_framework import renderers
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        # Its format menu offers what `?format=` can give.
        context["available_formats"] = [
            name for name in context["available_formats"] if name != self.format
        ]
        return context


def refused(token):
    """A media range given `q=0` is one the client will not take (RFC 9110, 12.4.2)."""
    try:
        return float(_MediaType(token).params.get("q", "1")) == 0
    except ValueError:
        return False


class TrackerContentNegotiation(DefaultContentNegotiation):
    def get_accept_list(self, request):
        # DRF reads q only to order; a refused range would still be chosen (`text/csv;q=0`
        # answered CSV). Left out, a request that refuses every format is a 406.
        return [token for token in super().get_accept_list(request) if not refused(token)]

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
