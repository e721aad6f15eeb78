from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("China–Central Asia cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .caching import connect_signals
        from .services.accounts import connect_account_signals

        connect_signals()
        connect_account_signals()
