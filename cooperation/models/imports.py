"""Spreadsheets waiting between their dry run and their confirmation."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportUploadQuerySet(models.QuerySet):
    def _cutoff(self):
        return timezone.now() - datetime.timedelta(seconds=settings.IMPORT_PREVIEW_SECONDS)

    def fresh(self):
        return self.filter(created_at__gt=self._cutoff())

    def expired(self):
        return self.filter(created_at__lte=self._cutoff())


class ImportUpload(models.Model):
    """The uploaded file of a dry run, kept in the database so that whichever app server
    answers the confirmation can read it; kept for IMPORT_PREVIEW_SECONDS (a day)."""

    name = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    # {record id: its updated_at} as the dry run saw them: a record changed since is refused.
    versions = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ImportUploadQuerySet.as_manager()

    class Meta:
        verbose_name = "import upload"

    def __str__(self):
        return self.name
