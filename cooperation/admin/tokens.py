"""API tokens in the admin. Editors make, rename, extend and revoke their own; a key is shown
once, on the page that made it, and never again (only its digest is stored). Managers also see
and revoke the tokens of editors, never their keys, and never the tokens of other managers or
of superusers; superusers see and revoke anyone's. Staff without a role have no tokens."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from ..models import ApiToken
from ..services.accounts import token_create, token_expiry_error
from .base import CheckedActionsMixin


def is_manager(user):
    return user.is_superuser or user.has_perm("auth.change_user")


def has_role(user):
    """Editors and managers: anyone who may change some record."""
    return (
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_module_perms("cooperation"))
    )


def managed_users(user):
    """Whose tokens the user may see and revoke: their own; a manager's, also every editor's
    (never another manager's or a superuser's); a superuser's, everyone's."""
    users = get_user_model().objects.all()
    if user.is_superuser:
        return users
    if not is_manager(user):
        return users.filter(pk=user.pk)
    manager_power = Permission.objects.filter(
        content_type__app_label="auth", codename="change_user"
    )
    editors = (
        users.filter(is_superuser=False, groups__name="Editors")
        .exclude(groups__permissions__in=manager_power)
        .exclude(user_permissions__in=manager_power)
    )
    return users.filter(Q(pk=user.pk) | Q(pk__in=editors.values("pk")))


def default_expiry():
    return timezone.localdate() + datetime.timedelta(days=settings.API_TOKEN_DAYS)


class TokenForm(forms.ModelForm):
    expires_on = forms.DateField(
        label=_("Expires on"),
        help_text=_("At the start of that day (UTC). At most a year ahead."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.expiry:
            self.fields["expires_on"].initial = self.instance.expiry.date()
        else:
            self.fields["expires_on"].initial = default_expiry()

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        expiry = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
        error = token_expiry_error(expiry)
        if error:
            raise forms.ValidationError(error)
        return expiry


@admin.register(ApiToken)
class ApiTokenAdmin(CheckedActionsMixin, admin.ModelAdmin):
    form = TokenForm
    list_display = ["__str__", "user", "created", "expiry", "last_used_at", "state"]
    list_select_related = ["user"]
    list_filter = ["expiry"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["created", "last_used_at"]

    @admin.display(description=_("state"))
    def state(self, obj):
        return _("expired") if obj.is_expired else _("valid")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__in=managed_users(request.user))

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_on"]
        if obj.user_id == request.user.pk:
            return ["user", "name", "expires_on", "created", "last_used_at"]
        return ["user", "name", "expiry", "created", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.user_id == request.user.pk:
            return ["user", "created", "last_used_at"]
        return ["user", "name", "expiry", "created", "last_used_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = managed_users(request.user).filter(is_active=True)
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return has_role(request.user)

    def has_view_permission(self, request, obj=None):
        if not has_role(request.user):
            return False
        return obj is None or managed_users(request.user).filter(pk=obj.user_id).exists()

    def has_add_permission(self, request):
        return has_role(request.user)

    def has_change_permission(self, request, obj=None):
        # Owners rename their tokens and move their expiry; nobody edits another's.
        if not has_role(request.user):
            return False
        return obj is None or obj.user_id == request.user.pk

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def save_model(self, request, obj, form, change):
        expiry = form.cleaned_data["expires_on"]
        if change:
            obj.expiry = expiry
            obj.save()
            return
        obj, key = token_create(user=obj.user, name=obj.name, expiry=expiry)
        request.new_token = (obj, key)

    def response_add(self, request, obj, post_url_continue=None):
        token, key = request.new_token
        self.log_addition(request, token, [{"added": {}}])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": token,
            "key": key,
            "title": _("Your new API token"),
        }
        response = TemplateResponse(request, "admin/cooperation/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def log_addition(self, request, obj, message):
        # The real token is logged in response_add; knox's manager made it, not this form.
        if getattr(obj, "pk", None):
            return super().log_addition(request, obj, message)
        return None


# DRF's own token admin showed every key in the clear; its table is no longer used.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
