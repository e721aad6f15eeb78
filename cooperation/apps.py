from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("China–Central Asia cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from .caching import connect_signals
        from .models.deletions import RESOURCES, record_deletion
        from .services.accounts import connect_account_signals

        connect_signals()
        connect_account_signals()
        for model in self.get_models():
            if model._meta.model_name in RESOURCES:
                post_delete.connect(
                    record_deletion, sender=model, dispatch_uid=f"tombstone-{model.__name__}"
                )
