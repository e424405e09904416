"""Django admin for reference data. Every save and delete goes to the audit trail."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from renda.core import audit
from renda.core.models import (
    ApiToken,
    AuditEvent,
    Congress,
    CongressSession,
    HolidayDate,
    Organization,
    Person,
    Position,
    RuleParameter,
    Term,
    User,
)

admin.site.site_header = "人大履职平台 · 基础数据管理"
admin.site.site_title = "人大履职平台"
admin.site.index_title = "基础数据"


class AuditedAdmin(admin.ModelAdmin):
    """Records every change made in the admin; a congress's staff see only their congress."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        congress_field = next((f for f in qs.model._meta.fields if f.name == "congress"), None)
        if congress_field is not None and not request.user.is_superuser:
            qs = qs.filter(congress_id=request.user.congress_id)
        return qs

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit.record(actor=request.user, action="update" if change else "create", obj=obj, before=before,
                     after=audit.snapshot(obj), note="管理后台")

    @transaction.atomic
    def delete_model(self, request, obj):
        audit.record(actor=request.user, action="delete", obj=obj, before=audit.snapshot(obj), note="管理后台")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Congress)
class CongressAdmin(AuditedAdmin):
    list_display = ["short_name", "level", "parent", "code"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ["__str__", "congress", "start_date", "end_date"]
    list_filter = ["congress"]


@admin.register(CongressSession)
class CongressSessionAdmin(AuditedAdmin):
    list_display = ["__str__", "congress", "start_date"]


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "is_handling_unit", "congress"]
    list_filter = ["kind", "is_handling_unit", "congress"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "gender", "title", "congress"]
    search_fields = ["name", "title"]
    list_filter = ["congress"]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["person", "organization", "role", "start_date", "end_date"]
    list_filter = ["role", "organization__kind"]
    autocomplete_fields = ["person", "organization"]


@admin.register(HolidayDate)
class HolidayDateAdmin(AuditedAdmin):
    list_display = ["date", "kind", "name", "congress"]
    list_filter = ["kind", "congress"]
    date_hierarchy = "date"


@admin.register(RuleParameter)
class RuleParameterAdmin(AuditedAdmin):
    list_display = ["rule_id", "name", "value", "basis", "congress"]
    list_filter = ["congress", "rule_id"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organization", "congress", "is_active"]
    list_filter = ["role", "congress", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("平台角色", {"fields": ["congress", "role", "organization", "person", "display_name"]}),
    ]
    # What only the installation's superuser may change: a congress's own administrator manages its users, never
    # grants itself (or anyone) more than that, and never moves a user to another congress.
    SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions", "congress")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(congress_id=request.user.congress_id, is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in self.SUPERUSER_ONLY if f not in fields]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.name in ("organization", "person"):
            kwargs["queryset"] = db_field.related_model.objects.filter(congress_id=request.user.congress_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not change:
            obj.congress_id = request.user.congress_id  # a new user belongs to the administrator's congress
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, ["username", "role", "congress", "organization", "is_active", "is_staff"])
        audit.record(actor=request.user, action="update" if change else "create", obj=obj,
                     congress_id=obj.congress_id, after=after, note="管理后台")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["chain", "seq", "created_at", "actor_name", "action", "object_repr", "rule_id"]
    list_filter = ["action", "chain"]
    search_fields = ["object_repr", "actor_name", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
