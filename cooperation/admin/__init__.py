"""The editors' workspace. Importing the modules registers every model with the admin site."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (  # noqa: F401
    articles,
    commitments,
    corrections,
    finance,
    passwords,
    projects,
    reference,
    summits,
    tokens,
    trade,
    users,
)

admin.site.site_header = _("China–Central Asia Cooperation Tracker: editors")
admin.site.site_title = _("Tracker editors")
admin.site.index_title = _("Records")
