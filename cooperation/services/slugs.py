"""Remembering a record's old slug when it changes, so its old addresses redirect."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from ..models.slugs import OldSlug


@transaction.atomic
def remember_old_slug(*, instance):
    """Call before saving `instance`: if its slug is changing, the stored one is kept as an
    old address of this record, and the new one stops being anyone's old address."""
    if not instance.pk or not hasattr(instance, "slug"):
        return
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if stored is None or stored == instance.slug:
        return
    kind = ContentType.objects.get_for_model(model)
    OldSlug.objects.filter(content_type=kind, slug=instance.slug).delete()
    OldSlug.objects.update_or_create(
        content_type=kind, slug=stored, defaults={"object_id": instance.pk}
    )


def moved_to(model, slug):
    """The record that used to have `slug`, or None."""
    kind = ContentType.objects.get_for_model(model)
    old = OldSlug.objects.filter(content_type=kind, slug=slug).first()
    if old is None:
        return None
    return model._default_manager.filter(pk=old.object_id).first()
