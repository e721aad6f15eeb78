"""People: managers manage editors; nobody but a superuser can grant superuser powers."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from .base import CheckedActionsMixin

MANAGED_GROUPS = ["Editors", "Managers"]


class TeamUserAdmin(CheckedActionsMixin, UserAdmin):
    """Managers (staff with user permissions) add and edit editors and managers, but cannot
    see or change superusers, grant superuser status, or hand out individual permissions."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions", "last_login", "date_joined"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=MANAGED_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TeamGroupAdmin(CheckedActionsMixin, GroupAdmin):
    """Managers may see the groups; only superusers change what a group may do."""

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, TeamUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, TeamGroupAdmin)
