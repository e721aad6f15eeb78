"""API tokens: every editor may create and revoke their own; managers see and revoke anyone's.
Nobody else sees another person's token."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy


def is_manager(user):
    return user.is_superuser or user.has_perm("auth.change_user")


class OwnTokenAdmin(TokenAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if is_manager(request.user) else queryset.filter(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not is_manager(request.user):
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or obj.user == request.user or is_manager(request.user)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return False  # a token is created or revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not is_manager(request.user):
            obj.user = request.user
        super().save_model(request, obj, form, change)


admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, OwnTokenAdmin)
