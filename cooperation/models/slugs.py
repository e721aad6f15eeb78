"""Addresses a record used to have: a changed slug keeps answering, with a permanent redirect
to the record's address now."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class OldSlug(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=200)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "old slug"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="old_slug_unique")
        ]

    def __str__(self):
        return self.slug
