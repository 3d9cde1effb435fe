from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_superuser", "last_login"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "user_permissions", "groups"]
    # Who may do what is given by memberships in the app, where it is audited.
    readonly_fields = ["is_superuser", "is_staff", "last_login", "date_joined"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district", "archived_at"]
    list_filter = ["kind"]
    search_fields = ["name"]

    # Organisations are changed in the app, where each change is audited.
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at", "ended_at"]
    list_filter = ["role", "organisation"]

    def has_add_permission(self, request: object) -> bool:
        return False  # roles are given in the app, where the change is audited

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
