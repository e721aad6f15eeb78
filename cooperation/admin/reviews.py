"""The review queue in the admin: "Submit for review" on a record's form, the queue where
managers see each waiting change as a diff against the published record and publish it or
send it back with a comment, and the notice on a record's form that a change is waiting."""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..history import field_label, readable_pair
from ..models import ReviewRequest, ReviewStatus
from ..services.reviews import (
    is_stored_published,
    proposed_changes,
    review_publish,
    review_send_back,
    review_submit,
)

SUBMIT = "_submit_review"
REVIEW_PERMISSION = "cooperation.review_changes"
SENT_BACK_SHOWN = 20


def submitting(request):
    return request.method == "POST" and SUBMIT in request.POST


class SubmissionFormMixin:
    """A published record's submission must change something, and only the record's own
    fields and links: rows in the tables below the form (milestones, partners, outcomes) are
    saved straight away, so they cannot wait for review."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not is_stored_published(self.instance):
            return
        from .base import form_links  # base builds its admin classes from this module

        if not proposed_changes(instance=self.instance, m2m=form_links(self)):
            self.add_error(
                None, _("Nothing to submit: the form holds no change to the published record.")
            )


class InlineChangesRefused:
    def clean(self):
        if not self.has_changed():
            return super().clean()
        raise ValidationError(
            _(
                "Rows in this table cannot wait for review. Submit the change without them, "
                "or save them once the change is published."
            )
        )


class ReviewMixin:
    """The "Submit for review" button on a publishable record's form."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if submitting(request):
            return type(form.__name__, (SubmissionFormMixin, form), {})
        return type(form.__name__, (form,), {"publishing_user": request.user})

    def get_formsets_with_inlines(self, request, obj=None):
        refuse = submitting(request) and obj is not None and is_stored_published(obj)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if refuse:
                formset = type(formset.__name__, (InlineChangesRefused, formset), {})
            yield formset, inline

    def save_model(self, request, obj, form, change):
        if not submitting(request):
            return super().save_model(request, obj, form, change)
        from .base import form_links

        request.review_submitted = review_submit(
            instance=obj,
            user=request.user,
            m2m=form_links(form),
            milestones=getattr(obj, "milestones_in_form", None),
            reason_text=form.cleaned_data.get("change_reason", ""),
        )
        return None

    def save_related(self, request, form, formsets, change):
        review = getattr(request, "review_submitted", None)
        if review is not None and review.changes:
            return  # the published record keeps its links and rows until approval
        if review is not None:
            # A draft was saved by review_submit() with its links; its inline rows still are.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        review = getattr(request, "review_submitted", None)
        if review is not None and review.changes:
            return [{"changed": {"fields": [_("Submitted for review")]}}]
        return super().construct_change_message(request, form, formsets, add)

    def _submitted_response(self, request, obj):
        self.message_user(
            request,
            _(
                "Submitted for review. A manager will publish it or send it back; until then "
                "the site shows the published version."
            ),
            messages.SUCCESS,
        )
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )

    def response_change(self, request, obj):
        if getattr(request, "review_submitted", None) is not None:
            return self._submitted_response(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "review_submitted", None) is not None:
            return self._submitted_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["review_available"] = True
        if obj is not None and obj.pk:
            context["pending_review"] = (
                ReviewRequest.objects.pending()
                .for_record(obj)
                .select_related("submitted_by")
                .last()
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


def _related_names(reviews):
    """{(model, pk): record} for every record that the changes' links and foreign keys name,
    now and as proposed; one query per related model and per many-to-many field."""
    wanted = defaultdict(set)
    current_links = {}
    by_field = defaultdict(list)
    for review in reviews:
        record = review.record
        if record is None:
            continue
        for name, value in review.changes.items():
            field = record._meta.get_field(name)
            if field.many_to_many:
                wanted[field.related_model].update(value)
                by_field[field].append(record.pk)
            elif field.many_to_one:
                wanted[field.related_model].update(
                    pk for pk in (value, getattr(record, field.attname)) if pk is not None
                )
    for field, record_ids in by_field.items():
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = through.objects.filter(**{f"{source}__in": record_ids}).values_list(
            f"{source}_id", f"{target}_id"
        )
        links = defaultdict(list)
        for record_id, target_id in rows:
            links[record_id].append(target_id)
            wanted[field.related_model].add(target_id)
        for record_id in record_ids:
            current_links[(field, record_id)] = sorted(links[record_id])
    found = {}
    for model, pks in wanted.items():
        for pk, related in model._default_manager.in_bulk(pks).items():
            found[(model, pk)] = related
    return found, current_links


def _shown(field, value, found):
    if value is None or value == "":
        return None
    if field.many_to_many:
        return ", ".join(str(found.get((field.related_model, pk), pk)) for pk in value) or None
    if field.many_to_one:
        return found.get((field.related_model, value), value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def readable_reviews(reviews):
    """Each review with `.diff`: the fields it changes, in words, old (the published record
    now) against new (as submitted), long text as a word diff."""
    found, current_links = _related_names(reviews)
    for review in reviews:
        review.diff = []
        record = review.record
        if record is None:
            continue
        model = type(record)
        for name, proposed in review.changes.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                now = current_links[(field, record.pk)]
            else:
                now = getattr(record, field.attname)
                if isinstance(field, models.FileField):
                    now = now.name
                elif not field.many_to_one and proposed is not None:
                    proposed = field.to_python(proposed)
            old, new = readable_pair(_shown(field, now, found), _shown(field, proposed, found))
            review.diff.append({"field": field_label(model, name), "old": old, "new": new})
    return reviews


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the editor"), required=False, max_length=2000)


def _admin_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def review_queue_view(request):
    """Managers: every change waiting for review. Editors: their own submissions, waiting or
    sent back."""
    reviewer = request.user.has_perm(REVIEW_PERMISSION)
    if not (reviewer or request.user.has_perm("cooperation.view_reviewrequest")):
        raise PermissionDenied
    pending = ReviewRequest.objects.pending().with_related()
    sent_back = ReviewRequest.objects.filter(status=ReviewStatus.SENT_BACK).with_related()
    if not reviewer:
        pending = pending.filter(submitted_by=request.user)
        sent_back = sent_back.filter(submitted_by=request.user)
    pending = readable_reviews(list(pending))
    sent_back = list(sent_back.order_by("-reviewed_at")[:SENT_BACK_SHOWN])
    for review in [*pending, *sent_back]:
        review.admin_url = _admin_url(review.record) if review.record is not None else None
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "reviewer": reviewer,
        "pending": pending,
        "sent_back": sent_back,
        "form": DecisionForm(),
    }
    return TemplateResponse(request, "admin/cooperation/review_queue.html", context)


@require_POST
def review_decide_view(request, pk):
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    review = get_object_or_404(ReviewRequest.objects.select_related("content_type"), pk=pk)
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if "_publish" in request.POST:
            record = review_publish(review=review, user=request.user)
            messages.success(request, _("“%(record)s” was published.") % {"record": record})
        else:
            review_send_back(review=review, user=request.user, comment=comment)
            messages.success(request, _("The change was sent back to its editor."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(reverse("admin-review-queue"))
