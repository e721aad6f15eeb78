"""A long-lived process settled once its code is loaded: the app servers (`config/wsgi.py`,
`config/asgi.py`) and the test run (`tests/conftest.py`).

Python's cyclic collector walks every object of a generation when it collects it. Django, the
models, the URLconf, the views it routes with their serializers and forms, and the translation
catalogs are about 170,000 objects that live as long as the process; each full collection walked
them all, and requests allocate enough to set one off every few dozen. Frozen, they are left out
of every walk. The young generation is then collected every 50,000 allocations rather than 700:
a request's short-lived objects mostly die before a collection would have to look at them. In
process, cold, five targets of `make profile` measured alternately: the collector 3.6–3.9 ms of
a request's 32–34 ms by default, 1.4–1.6 ms of 29–32 settled (docs/performance.md, "The
collector").
"""

import gc

THRESHOLDS = (50_000, 20, 10)


def load_everything():
    """Import what the first requests would, most of it: every view the URLconf routes (with
    their serializers, forms and filters) and each language's translation catalogs. What the
    first requests build (compiled templates, the resolver's reverse tables) is not frozen."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018  (the property imports the URLconf)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Projects")


def prepare():
    """What an app server's process does once its application is made: load, then settle."""
    load_everything()
    settle()


def settle(collect_first=True):
    """Leave what is loaded out of the collector's walks (gc.freeze) and collect the young less
    often. `collect_first` frees what loading left as garbage, so none of it is frozen."""
    if collect_first:
        gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
