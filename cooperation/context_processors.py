from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import caching


class DataVersion:
    """The version of the data a page shows: a number that moves on with every published change,
    and when that change was made."""

    def __init__(self, request):
        self.number, self.changed_at = caching.content_state(request)


def site(request):
    """What the page templates need: the map's tile source and the data's version."""
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        # Read only by pages that show it (cite blocks), from the request's own reading.
        "data_version": SimpleLazyObject(lambda: DataVersion(request)),
    }
