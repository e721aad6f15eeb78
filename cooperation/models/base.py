"""What every record shares: timestamps, publication status, and the published() QuerySet."""

import contextlib
import contextvars

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # The field a check constraint's message belongs to, by the constraint's name: an end
    # before its start is shown beside the end in the admin, and named by it in the API,
    # not above the whole form.
    constraint_fields = {}

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        """As Django's, with each message of `constraint_fields` on its field."""
        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for model, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name)
                    fields = getattr(constraint, "fields", ())
                    if (
                        field is None
                        and getattr(error, "code", None) == "unique"
                        and len(fields) == 1
                    ):
                        field = fields[0]
                    if field is None and hasattr(error, "error_dict"):
                        errors = error.update_error_dict(errors)
                        continue
                    errors.setdefault(field or NON_FIELD_ERRORS, []).append(error)
        if errors:
            raise ValidationError(errors)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: pages, API, search, sitemap and feeds all start here."""
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(publication_status=PublicationStatus.DRAFT)


class PublishableModel(TimeStampedModel):
    """Content that editors publish: new records start as drafts."""

    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Not updated_at: a seeded record was not "updated" the day the database was loaded.
    facts_updated_on = models.DateField(
        _("facts last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When an editor last changed what the record says; for seeded records, the date "
            "their sources were last checked. Empty where unknown."
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.publication_status == PublicationStatus.PUBLISHED

    def clean(self):
        super().clean()
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()


_natural_keys = contextvars.ContextVar("natural_keys", default=None)


@contextlib.contextmanager
def natural_keys_remembered():
    """Inside this block, each record found by its natural key is looked up once: the seed names
    the same countries and sources thousands of times."""
    token = _natural_keys.set({})
    try:
        yield
    finally:
        _natural_keys.reset(token)


def forget_natural_keys():
    """After a delete inside natural_keys_remembered(): nothing remembered may be gone."""
    remembered = _natural_keys.get()
    if remembered is not None:
        remembered.clear()


def natural_manager(queryset_class, *fields):
    """A manager with the queryset's methods and a get_by_natural_key() on the given fields.

    Fixtures refer to records by these fields, so the seed can be loaded into any database.
    """

    class Manager(models.Manager.from_queryset(queryset_class)):
        def get_by_natural_key(self, *values):
            remembered = _natural_keys.get()
            if remembered is None:
                return self.get(**dict(zip(fields, values, strict=True)))
            key = (self.model, self.db, repr(values))
            if key not in remembered:
                remembered[key] = self.get(**dict(zip(fields, values, strict=True)))
            return remembered[key]

    Manager.__name__ = f"{queryset_class.__name__}Manager"
    return Manager()
