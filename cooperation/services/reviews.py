"""The review queue: an editor submits a change, a manager publishes it or sends it back.

A change to a published record is kept as the proposed values of the fields it changes (a
ReviewRequest), and the record stays as published until a manager approves; approval applies
those values through record_save() and record_publish(), so every rule is checked as for any
other save. A draft is not on the site: its changes are saved as a draft, and approval
publishes it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..history import mirrored_fields, reason
from ..models import PublicationStatus, ReviewRequest, ReviewStatus
from .records import record_publish, record_save

# What approval decides, or the database keeps, never what an editor proposes.
NOT_PROPOSED = {"publication_status", "published_at", "created_at", "updated_at"}


def proposable_fields(model):
    mirrored = mirrored_fields(model)
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in NOT_PROPOSED | mirrored
    ]


def _stored_value(field, value):
    if isinstance(field, models.FileField):
        return value.name or "" if value else ""
    return value


def _same(old, new):
    # A form sends an empty column as "" where the database may hold NULL, and a browser sends
    # a text area's lines ended by CR LF: neither is a change.
    if isinstance(old, str) and isinstance(new, str):
        return old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    return old == new or (old in (None, "") and new in (None, ""))


def is_stored_published(instance):
    """Whether the record, as stored (not as a form may have changed it), is on the site."""
    return (
        instance.pk is not None
        and type(instance)
        ._default_manager.filter(pk=instance.pk, publication_status=PublicationStatus.PUBLISHED)
        .exists()
    )


def proposed_changes(*, instance, m2m):
    """The fields (and many-to-many links) in which `instance` as the form left it differs
    from the stored record, as {field name: value}."""
    model = type(instance)
    stored = model._default_manager.get(pk=instance.pk)
    changes = {}
    for field in proposable_fields(model):
        new = _stored_value(field, field.value_from_object(instance))
        if not _same(_stored_value(field, field.value_from_object(stored)), new):
            changes[field.name] = new
    for name, values in m2m.items():
        new = sorted(getattr(value, "pk", value) for value in values)
        if new != sorted(getattr(stored, name).values_list("pk", flat=True)):
            changes[name] = new
    return changes


def apply_changes(*, record, changes):
    """`record` with the proposed values set, and the proposed links as {name: pks}."""
    m2m = {}
    for name, value in changes.items():
        field = record._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        elif isinstance(field, models.JSONField):
            setattr(record, field.attname, value)
        else:
            setattr(record, field.attname, None if value is None else field.to_python(value))
    return record, m2m


@transaction.atomic
def review_submit(*, instance, user, m2m=None, milestones=None, reason_text=""):
    """Submit `instance`, as the editor's form left it, for review. A published record is not
    changed; a draft is saved as a draft. An earlier pending submission of the same record is
    replaced. Refuses (ValidationError) a published record's submission that changes nothing."""
    m2m = m2m or {}
    model = type(instance)
    if is_stored_published(instance):
        for field in proposable_fields(model):
            if isinstance(field, models.FileField):
                field.pre_save(instance, add=False)  # an uploaded file waits in storage
        changes = proposed_changes(instance=instance, m2m=m2m)
        if not changes:
            raise ValidationError(
                _("Nothing to submit: the form holds no change to the published record.")
            )
    else:
        changes = {}
        instance.publication_status = PublicationStatus.DRAFT
        record_save(
            instance=instance, user=user, m2m=m2m, milestones=milestones, reason=reason_text
        )
    content_type = ContentType.objects.get_for_model(model)
    ReviewRequest.objects.pending().filter(content_type=content_type, object_id=instance.pk).update(
        status=ReviewStatus.REPLACED
    )
    return ReviewRequest.objects.create(
        content_type=content_type,
        object_id=instance.pk,
        changes=changes,
        reason=reason(reason_text) if reason_text else "",
        submitted_by=user,
    )


def _close(review, *, user, status, comment=""):
    review.status = status
    review.reviewed_by = user
    review.reviewed_at = timezone.now()
    review.comment = comment
    review.save(update_fields=["status", "reviewed_by", "reviewed_at", "comment"])


@transaction.atomic
def review_publish(*, review, user):
    """Apply the submitted change and publish the record, by the rules of the records
    service; a refusal (ValidationError) leaves both the record and the request as they were."""
    review = (
        ReviewRequest.objects.select_for_update().select_related("content_type").get(pk=review.pk)
    )  # a second press of Publish waits for the first, then finds the change closed
    if review.status != ReviewStatus.PENDING:
        raise ValidationError(_("This change is no longer waiting for review."))
    model = review.content_type.model_class()
    record = model._default_manager.select_for_update().filter(pk=review.object_id).first()
    if record is None:
        raise ValidationError(_("The record was deleted after the change was submitted."))
    submitter = review.submitted_by
    why = _("Approved after review")
    if submitter is not None:
        why += " " + _("(submitted by %(name)s)") % {"name": submitter.get_username()}
    if review.reason:
        why += ": " + review.reason
    if review.changes:
        record, m2m = apply_changes(record=record, changes=review.changes)
        record_save(instance=record, user=user, m2m=m2m, reason=reason(why))
    if not record.is_published:
        record_publish(instance=record, user=user)
    _close(review, user=user, status=ReviewStatus.PUBLISHED)
    return record


@transaction.atomic
def review_send_back(*, review, user, comment):
    """Return the change to its editor with the reviewer's comment; the record is unchanged."""
    review = ReviewRequest.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.PENDING:
        raise ValidationError(_("This change is no longer waiting for review."))
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what needs changing before sending it back."))
    _close(review, user=user, status=ReviewStatus.SENT_BACK, comment=comment)
    return review
