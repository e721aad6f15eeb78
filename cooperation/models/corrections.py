"""Corrections that visitors report from a detail page, for editors to review."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class CorrectionStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted and fixed")
    DISMISSED = "dismissed", _("Dismissed")


class CorrectionReport(TimeStampedModel):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True)
    record = GenericForeignKey("content_type", "object_id")
    record_label = models.CharField(_("record"), max_length=300)
    page_url = models.CharField(_("page"), max_length=500)
    message = models.TextField(_("what is wrong"), max_length=5000)
    email = models.EmailField(_("reporter's email"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.NEW,
        db_index=True,
    )
    editor_note = models.TextField(_("editor's note"), blank=True)
    # The SHA-256 of the form's token: each token sends one report. NULL (not "") for reports
    # made without the form, so that any number of them fit the unique constraint.
    form_token_digest = models.CharField(  # noqa: DJ001
        max_length=64, null=True, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("correction report")
        verbose_name_plural = _("correction reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="correction_record")]

    def __str__(self):
        return f"{self.record_label} ({self.created_at:%Y-%m-%d})"
