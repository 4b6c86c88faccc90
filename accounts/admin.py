from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Organization, User


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "short_name", "code", "kind", "is_national", "is_active"]
    list_filter = ["kind", "is_national", "is_active"]
    search_fields = ["name", "short_name", "code", "search_text"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "title", "organization", "is_active"]
    list_filter = ["is_active", "is_staff", "groups"]
    list_select_related = ["organization"]
    search_fields = ["username", "full_name", "email", "organization__name"]
    autocomplete_fields = ["organization"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal details"),
            {"fields": ("full_name", "title", "email", "phone", "organization")},
        ),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "organization", "password1", "password2"),
            },
        ),
    )
