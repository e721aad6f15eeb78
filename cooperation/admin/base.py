"""What every content admin shares: translated fields, change history and revert, refusal of
conflicting edits, publish and unpublish actions, Markdown preview and checked lead images."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ..history import reason
from ..images import validate_and_scale_image
from ..services.records import (
    RULES,
    public_referrers,
    publishing_check,
    record_check,
    record_delete,
    record_parts_changed,
    record_publish,
    record_save,
    record_unpublish,
)
from ..services.restore import historical_links, restore_dependents
from ..slugs import make_slug
from ..translation import missing_translation
from .history import CompareVersionsMixin, ReadableHistory
from .preview import PreviewMixin
from .reviews import ReviewMixin
from .widgets import MarkdownWidget

# Links typed without a scheme are taken as https://, as Django 6 will do.
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


def version_of(value):
    return value.isoformat() if value else ""


def last_change(instance):
    """Who last changed a record and when, from its history."""
    record = instance.history.select_related("history_user").first()
    if record is None:
        return _("another editor"), instance.updated_at
    user = record.history_user
    name = (user.get_full_name() or user.get_username()) if user else _("an automatic process")
    return name, record.history_date


class VersionCheckedForm(forms.ModelForm):
    """Refuses a save when someone else saved the record after this form was opened.

    The form remembers the record's `updated_at` when it was rendered. After a refusal, what
    the editor typed stays in the form, and saving again overwrites deliberately.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    check_edit_conflicts = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_version"] = version_of(self.instance.updated_at)

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        if not (self.check_edit_conflicts and self.instance.pk and loaded):
            return cleaned_data
        manager = type(self.instance)._default_manager
        current = (
            manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current and version_of(current) != loaded:
            who, when = last_change(self.instance)
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = version_of(current)
            self.data = data
            raise forms.ValidationError(
                _(
                    "%(who)s changed this record at %(when)s, after you opened it. Your changes "
                    "are kept below and nothing was saved. Check their version in the history "
                    "(open it in a new tab); saving again will overwrite it."
                )
                % {
                    "who": who,
                    "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
                },
                code="edit_conflict",
            )
        return cleaned_data


class EditConflictForm(VersionCheckedForm):
    """A record's own form: its version checked, its slug made from the title when left blank,
    and a reason for the change for its history."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=100,
        help_text=_("Optional. Shown in the record's history, and in its public change log once "
                    "it is published."),
    )  # fmt: skip
    version_links = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Part of the public address. Left blank, it is made from the English title "
                "(Chinese and Russian letters are transliterated). If you change it, the old "
                "address redirects here."
            )
        for name, pks in self.version_links.items():
            if name in self.fields:
                self.initial[name] = pks

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        title = self.data.get(self.add_prefix("title_en")) or self.data.get(
            self.add_prefix("title")
        )
        slug = make_slug(title or "")
        if not slug:
            raise forms.ValidationError(
                self.fields["slug"].error_messages["required"], code="required"
            )
        return slug


class VersionCheckedInline:
    """An inline whose rows are version-checked like the record: a row another editor changed
    on its own page since this page was opened is refused, not saved back as it was (saving a
    row does not change its record's version)."""

    form = VersionCheckedForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "loaded_version" in fields else [*fields, "loaded_version"]


def form_links(form):
    """The many-to-many links a valid form will save, by field name."""
    names = [field.name for field in form.instance._meta.many_to_many]
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def add_refusal(form, error):
    """Show a service's refusal on the field it names, or on a field's English column."""
    for name, texts in error.message_dict.items():
        english = f"{name}_en"
        field = name if name in form.fields else english if english in form.fields else None
        form.add_error(field, texts)


class PublishableForm(EditConflictForm):
    """The rules of the records service, shown on the form: a published record cites a source,
    a commitment's new status says why."""

    rules_in_inlines = ()  # judged by an inline with what it holds, not here
    publishing_user = None  # who saves, when their role may have to go through review

    def _post_clean(self):
        super()._post_clean()
        rules = [rule for rule in RULES if rule not in self.rules_in_inlines]
        try:
            publishing_check(instance=self.instance, user=self.publishing_user)
            record_check(instance=self.instance, links=form_links(self), rules=rules)
        except ValidationError as error:
            add_refusal(self, error)


class LeadImageField(forms.ImageField):
    """Checks size first, then that the file really is a JPEG, PNG or WebP picture."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return super().to_python(validate_and_scale_image(data))


class MissingTranslationFilter(admin.SimpleListFilter):
    """Records that show English to a Chinese or a Russian reader: some field has English text
    and nothing in that language."""

    title = _("translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [("zh_hans", _("missing Chinese")), ("ru", _("missing Russian"))]

    def queryset(self, request, queryset):
        if self.value() in ("zh_hans", "ru"):
            return queryset.filter(missing_translation(queryset.model, self.value()))
        return queryset


class TranslationCoverageMixin:
    """Every translated model's changelist can list the records a translator still owes."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]


class CheckedActionsMixin:
    """An action names its records by id (`_selected_action`); an id that is not one (`abc`, a
    NUL character) is a message on the list, not a 500 from deep inside the query."""

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                if "\x00" in value:
                    raise ValidationError("NUL")
                pk.run_validators(pk.to_python(value))
            except ValidationError:
                self.message_user(
                    request,
                    _("“%(value)s” is not the id of a record; nothing was done.")
                    % {"value": value.replace("\x00", "␀")[:50]},
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class GuardedDeleteMixin:
    """Deletes through the records service, one record at a time (a bulk delete too), and
    names on the confirmation page the public records that still link to a record, as
    records that protect it: the page then offers no delete (`public_referrers`)."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            for referrer in public_referrers(obj):
                opts = referrer._meta
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[referrer.pk]
                )
                protected.append(
                    format_html(
                        '{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, referrer
                    )
                )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        record_delete(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_delete(instance=obj, user=request.user)


class ContentAdmin(
    GuardedDeleteMixin,
    CheckedActionsMixin,
    TranslationCoverageMixin,
    CompareVersionsMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    """Every language of a field side by side, the History button with changed fields and
    revert, and edit-conflict refusal."""

    form = EditConflictForm
    save_on_top = True

    class Media:
        # Slugs filled from the title turn dashes and punctuation into hyphens.
        js = ["cooperation/admin/slugs.js", "cooperation/admin/unsaved.js"]
        css = {"all": ["cooperation/admin/forms.css"]}

    list_per_page = 100
    markdown_fields = ()
    formfield_overrides = URL_FIELD_OVERRIDES

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        base_name = getattr(db_field, "translated_field", db_field).name
        if base_name in self.markdown_fields:
            kwargs["widget"] = MarkdownWidget
        if isinstance(db_field, models.ImageField):
            kwargs["form_class"] = LeadImageField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def shows_facts_date(self):
        return any(field.name == "facts_updated_on" for field in self.model._meta.fields)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.shows_facts_date() and "facts_updated_on" not in readonly:
            readonly.append("facts_updated_on")  # the save dates it (record_save)
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.fieldsets:
            return fieldsets
        first_name, first_options = fieldsets[0]
        dated = ["facts_updated_on"] if self.shows_facts_date() else []
        first_options = {
            **first_options,
            "fields": [*first_options["fields"], *dated, "loaded_version"],
        }
        return [
            (first_name, first_options),
            *fieldsets[1:],
            (_("Why"), {"fields": ["change_reason"]}),
        ]

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def change_reason(self, request, form):
        """What the editor typed, after what a revert or a restore says of itself."""
        typed = form.cleaned_data.get("change_reason", "")
        version = getattr(request, "reverting_to", None)
        if version is not None:
            when = date_format(timezone.localtime(version.history_date), "DATETIME_FORMAT")
            template = (
                _("Restored from the version of %(when)s")
                if getattr(request, "restoring", False)
                else _("Reverted to the version of %(when)s")
            )
            typed = " ".join(filter(None, [template % {"when": when}, typed]))
        return reason(typed) if typed else None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        version = getattr(request, "reverting_to", None)
        if version is not None:
            # A revert loads an old version on purpose: it is not a conflicting edit, and its
            # many-to-many links come from that version too.
            form = type(
                form.__name__,
                (form,),
                {
                    "check_edit_conflicts": False,
                    "version_links": historical_links(version),
                    "rules_in_inlines": (),  # a revert shows no inlines
                },
            )
        return form

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        form = context["adminform"].form
        if request.method == "POST" and any(name.startswith("lead_image") for name in form.errors):
            # A refused upload is the client's error (too big, too many pixels, not a
            # picture), answered as such; the form comes back with the message.
            response.status_code = 400
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            record_parts_changed(instance=form.instance)

    def save_model(self, request, obj, form, change):
        # An inline that judges the milestones leaves them on the record (MilestoneFormSet).
        milestones = getattr(obj, "milestones_in_form", None)
        record_save(
            instance=obj,
            user=request.user,
            m2m=form_links(form),
            milestones=milestones,
            reason=self.change_reason(request, form),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = self.model.history.model
        request.reverting_to = history.objects.filter(
            history_id=version_id, **{self.model._meta.pk.attname: object_id}
        ).first()
        request.restoring = (
            request.reverting_to is not None
            and not self.model._default_manager.filter(pk=unquote(object_id)).exists()
        )
        extra_context = {**(extra_context or {}), "revert_changes": None}
        version = request.reverting_to
        if version is not None and not request.restoring:
            latest = self.model.history.filter(
                **{self.model._meta.pk.attname: version.instance.pk}
            ).first()
            if latest is not None:
                delta = version.diff_against(latest, foreign_keys_are_objs=True)
                helper = ReadableHistory(self.model, version)
                extra_context["revert_changes"] = helper.context_for_delta_changes(delta)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def response_change(self, request, obj):
        if not getattr(request, "restoring", False):
            return super().response_change(request, obj)
        done, problems = restore_dependents(record=obj, user=request.user)
        message = _("“%(record)s” was restored.") % {"record": obj}
        if done:
            message += " " + _("Also restored: %(list)s.") % {"list": "; ".join(done)}
        self.message_user(request, message, messages.SUCCESS)
        for problem in problems:
            self.message_user(request, problem, messages.WARNING)
        return HttpResponseRedirect(
            reverse(
                f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )


def refusal_text(error):
    return " ".join(message.rstrip(".") for message in error.messages)


@admin.action(description=_("Publish the selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    changed, refused, already = 0, [], 0
    with transaction.atomic():
        for obj in queryset.select_for_update():
            try:
                if record_publish(instance=obj, user=request.user):
                    changed += 1
                else:
                    already += 1
            except ValidationError as error:
                refused.append(f"“{obj}”: {refusal_text(error)}")
    _report(modeladmin, request, changed, already, refused, published=True)


@admin.action(
    description=_("Unpublish the selected records (back to draft)"), permissions=["change"]
)
def unpublish(modeladmin, request, queryset):
    changed, already = 0, 0
    with transaction.atomic():
        for obj in queryset.select_for_update():
            if record_unpublish(instance=obj, user=request.user):
                changed += 1
            else:
                already += 1
    _report(modeladmin, request, changed, already, [], published=False)


def _report(modeladmin, request, changed, already, refused, *, published):
    verbose = modeladmin.model._meta
    if published:
        message = ngettext(
            "%(count)d %(name)s published.", "%(count)d %(names)s published.", changed
        )
        already_message = ngettext(
            "%(count)d was already published.", "%(count)d were already published.", already
        )
    else:
        message = ngettext(
            "%(count)d %(name)s moved back to draft.",
            "%(count)d %(names)s moved back to draft.",
            changed,
        )
        already_message = ngettext(
            "%(count)d was already a draft.", "%(count)d were already drafts.", already
        )
    text = message % {
        "count": changed,
        "name": verbose.verbose_name,
        "names": verbose.verbose_name_plural,
    }
    if already:
        text += " " + already_message % {"count": already}
    modeladmin.message_user(request, text, messages.SUCCESS if changed else messages.INFO)
    if refused:
        modeladmin.message_user(
            request,
            _("Not published: %(list)s.") % {"list": "; ".join(refused)},
            messages.WARNING,
        )


class PublishableAdmin(ReviewMixin, PreviewMixin, ContentAdmin):
    """Content with a publication status: drafts first, publish actions, view on site, and
    submission for review."""

    form = PublishableForm
    actions = [publish, unpublish]

    def view_on_site(self, obj):
        if obj.is_published and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return None
