"""WSGI entry point, used by gunicorn: `gunicorn config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from config.process import prepare

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Every view and catalog loaded now, and kept out of the collector's walks (config/process.py).
prepare()
