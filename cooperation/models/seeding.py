"""What the seed command loaded, so a re-seed can tell an editor's change from its own."""

from django.db import models


class SeedState(models.Model):
    model = models.CharField(max_length=100)
    natural_key = models.CharField(max_length=700)
    checksum = models.CharField(max_length=64, help_text="Of the fixture entry last loaded.")
    record_updated_at = models.DateTimeField(
        null=True, help_text="The record's updated_at right after the seed wrote it."
    )
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "seed state"
        constraints = [
            models.UniqueConstraint(fields=["model", "natural_key"], name="seed_state_unique_key")
        ]

    def __str__(self):
        return f"{self.model} {self.natural_key}"


class ContentVersion(models.Model):
    """A counter bumped after every committed change to public content. Cached pages and
    ETags are keyed by it, so no app server serves a page older than the latest change."""

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"version {self.version}"
