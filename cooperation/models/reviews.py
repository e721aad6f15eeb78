"""Changes to published records waiting for a manager's review. The record itself is untouched
until the change is approved: the public pages, the API and the snapshot keep the published
version, and approval applies the proposed values through the records service."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    SENT_BACK = "sent_back", _("Sent back")
    REPLACED = "replaced", _("Replaced by a later submission")


class ReviewRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ReviewStatus.PENDING)

    def for_record(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )

    def with_related(self):
        return self.select_related("content_type", "submitted_by", "reviewed_by").prefetch_related(
            "record"
        )


class ReviewRequest(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    # {field name: proposed value}; only the fields that differ from the record as submitted.
    # Empty for a draft, whose changes are saved as a draft and which waits to be published.
    changes = models.JSONField(_("proposed changes"), default=dict, encoder=DjangoJSONEncoder)
    reason = models.CharField(_("reason for this change"), max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("change waiting for review")
        verbose_name_plural = _("changes waiting for review")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="review_record")]
        permissions = [("review_changes", _("Can publish or send back submitted changes"))]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id} ({self.submitted_at:%Y-%m-%d})"
