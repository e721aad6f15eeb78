"""Saving and deleting records on behalf of an editor, as the API does: validated by the model's
own rules, recorded in the change history with the editor's name, all or nothing."""

from django.db import transaction

from .slugs import remember_old_slug


@transaction.atomic
def record_save(*, instance, user, m2m=None):
    """Validate and save `instance`, then set its many-to-many links."""
    instance.full_clean(exclude=list(m2m or ()))
    instance._history_user = user
    remember_old_slug(instance=instance)
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_delete(*, instance, user):
    instance._history_user = user
    instance.delete()
