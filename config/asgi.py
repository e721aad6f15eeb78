"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from config.process import prepare

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

# Every view and catalog loaded now, and kept out of the collector's walks (config/process.py).
prepare()
