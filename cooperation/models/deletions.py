"""Tombstones: what was deleted from the public records and when, so that a client that syncs
with `updated_since` can remove it too (`/api/v1/deletions/`). Kept for good: never pruned, so
a client that syncs once a year still sees every deletion since."""

from django.db import models
from django.utils import timezone

# The API resource each public model is served as, and the field that addresses a record.
RESOURCES = {
    "country": ("countries", "iso2"),
    "sector": ("sectors", "slug"),
    "organization": ("organizations", "slug"),
    "source": ("sources", "pk"),
    "project": ("projects", "slug"),
    "summit": ("summits", "slug"),
    "tradestatistic": ("trade-statistics", "pk"),
    "article": ("articles", "slug"),
    "commitment": ("commitments", "slug"),
}


class Deletion(models.Model):
    resource = models.CharField(max_length=40, help_text="The API resource, e.g. projects.")
    record_id = models.CharField(max_length=64, help_text="The record's id (primary key).")
    slug = models.CharField(
        max_length=255, blank=True, help_text="Its address in the API: slug, ISO code or id."
    )
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "deletion"
        ordering = ["deleted_at", "id"]

    def __str__(self):
        return f"{self.resource} {self.slug or self.record_id}"


def record_deletion(sender, instance, using, **kwargs):
    """post_delete: a tombstone for a public record that was published (a draft was never
    public, so its deletion is nobody's business)."""
    entry = RESOURCES.get(sender._meta.model_name)
    if entry is None or kwargs.get("raw", False):
        return
    if getattr(instance, "publication_status", "published") != "published":
        return
    resource, address = entry
    Deletion.objects.using(using).create(
        resource=resource, record_id=str(instance.pk), slug=str(getattr(instance, address))
    )
