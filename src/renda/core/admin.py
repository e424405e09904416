"""The Django admin of renda: every page limited to the administrator's congress, every change audited.

Every ModelAdmin registered by a renda app derives from `CongressScopedAdmin` (or mixes in `CongressScopedMixin`,
as the user admin does); an inline derives from `CongressScopedInline`. For a congress's own administrator (staff,
not the installation's superuser):

- lists, searches, filters, change, history and delete pages, actions and autocomplete reach only the rows of its
  congress (`congress_lookup`: the path from a row to its congress id — `congress_id`, `user__congress_id` for an
  API token, `chain` for an audit record, `pk` for the congress itself) and never a superuser's
  (`superuser_lookup`); another congress's row answers as a missing one;
- every choice (foreign key, many-to-many, autocomplete) offers only its congress's rows, never a superuser
  (`scope_q`, which follows the related model's own admin); a row posted from outside is a form error;
- `congress` is its own congress: shown, not editable, set on the instance before validation and again on save;
- global tables (`congress_lookup = None`, `superuser_only = True`; the other apps' admins such as groups and task
  results are wrapped that way at the end of this module) are for superusers only.

For everyone, superusers included: each add, change (fields and many-to-many, before/after), inline row and
delete — the delete action included — is an audit record (`audit.record`, note "管理后台") in the row's congress
chain, in the same transaction; passwords, token hashes and digests are left out, encrypted personal data appears
only as "已登记". Actions other than delete call services, which audit themselves.
Tests: tests/security/test_admin_isolation.py, tests/accounts/test_admin_scope.py, and the access probe's
congress administrator (tests/security/test_access_probe.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q

from renda.core import audit, rules
from renda.core.crypto import EncryptedTextField
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

NOTE = "管理后台"
NOTHING = Q(pk__in=[])
SECRET_FIELDS = frozenset({"password", "key_hash", "secret", "session_key"})  # never in the audit trail
UNFILTERED = frozenset({"congress", "chain"})  # list filters a congress administrator does not get


# ---- scope -----------------------------------------------------------------------------------------------------
def has_congress_column(model) -> bool:
    try:
        field = model._meta.get_field("congress")
    except FieldDoesNotExist:
        return False
    return getattr(field, "related_model", None) is Congress


def _follow(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _default_q(model, own: int) -> Q:
    if model is Congress:
        return Q(pk=own)
    if issubclass(model, User):
        return Q(congress_id=own, is_superuser=False)
    if has_congress_column(model):
        return Q(congress_id=own)
    return NOTHING  # a table with no congress: nothing for a congress's administrator


def scope_q(model, user, site=None) -> Q:
    """The rows of `model` that `user` may reach in the admin: all for a superuser, else its congress's own."""
    if user.is_superuser:
        return Q()
    own = user.congress_id
    if own is None:
        return NOTHING
    registered = (site or admin.site)._registry.get(model)
    if isinstance(registered, CongressScopedMixin):
        return registered.congress_q(own)
    return _default_q(model, own)


def congress_of(obj, site=None) -> int | None:
    """The congress whose audit chain records a change of `obj` (None: the platform chain)."""
    registered = (site or admin.site)._registry.get(type(obj))
    if isinstance(registered, CongressScopedMixin):
        return _follow(obj, registered.congress_lookup) if registered.congress_lookup else None
    if type(obj) is Congress:
        return obj.pk
    return getattr(obj, "congress_id", None) if has_congress_column(type(obj)) else None


# ---- the audit trail -------------------------------------------------------------------------------------------
def admin_snapshot(obj, fields: list[str] | None = None) -> dict[str, Any]:
    """Field values for before/after: no secret, personal data only as whether it is recorded, m2m as ids."""
    names = [f.name for f in obj._meta.concrete_fields
             if (fields is None or f.name in fields) and f.name not in SECRET_FIELDS
             and not f.name.endswith("_digest") and not isinstance(f, EncryptedTextField)]
    snap = audit.snapshot(obj, names)
    for f in obj._meta.concrete_fields:
        if isinstance(f, EncryptedTextField) and (fields is None or f.name in fields):
            snap[f.name] = "已登记" if getattr(obj, f.attname) else ""
    if obj.pk is not None:
        for f in obj._meta.many_to_many:
            if fields is None or f.name in fields:
                snap[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return snap


def _stored(obj) -> models.Model | None:
    """The row as it is in the database (a form has already written the posted values onto `obj`)."""
    if obj.pk is None:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def _record(request, obj, action: str, *, before=None, after=None, site=None) -> None:
    audit.record(actor=request.user, action=action, obj=obj, congress_id=congress_of(obj, site), before=before,
                 after=after, note=NOTE)


# ---- choices ---------------------------------------------------------------------------------------------------
class _ScopedChoices:
    """Foreign-key and many-to-many choices limited to what the user may reach; `congress` fixed to its own."""

    def _scoped_queryset(self, db_field, request, queryset):
        related = db_field.remote_field.model
        if queryset is None:
            queryset = self.get_field_queryset(None, db_field, request)  # the related admin's ordering
        if queryset is None:
            queryset = related._default_manager.all()
        return queryset.filter(scope_q(related, request.user, self.admin_site))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if request.user.is_superuser:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = self._scoped_queryset(db_field, request, kwargs.get("queryset"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name == "congress" and db_field.remote_field.model is Congress:
            field.initial = request.user.congress_id
            field.disabled = True  # the posted value is ignored: always the administrator's congress
            field.required = True
            field.empty_label = None
            field.help_text = "本级人大，不能更改。"
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            kwargs["queryset"] = self._scoped_queryset(db_field, request, kwargs.get("queryset"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _in_congress(form_class, congress_id: int):
    """The form with the new row's congress set before validation (constraints and clean() see it)."""

    class InCongressForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.instance.congress_id = congress_id

    InCongressForm.__name__ = form_class.__name__
    return InCongressForm


# ---- the bases -------------------------------------------------------------------------------------------------
class CongressScopedMixin(_ScopedChoices):
    """Mix into a ModelAdmin (before it): pages, choices and saves limited to the congress; every change audited."""

    congress_lookup: str | None = "congress_id"  # None: a global table
    superuser_lookup: str | None = None  # rows hidden from a congress's administrator when this is true
    superuser_only = False
    superuser_only_fields: tuple[str, ...] = ()  # read-only for a congress's administrator
    audit_fields: list[str] | None = None  # None: every field (secrets and personal data never)

    def congress_q(self, own: int) -> Q:
        if self.superuser_only or self.congress_lookup is None:
            return NOTHING
        q = Q(**{self.congress_lookup: own})
        if self.superuser_lookup:
            q &= Q(**{self.superuser_lookup: False})
        return q

    def in_scope(self, request, obj) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        if self.superuser_only or self.congress_lookup is None or user.congress_id is None:
            return False
        if _follow(obj, self.congress_lookup) != user.congress_id:
            return False
        return not (self.superuser_lookup and _follow(obj, self.superuser_lookup))

    def _may(self, request, obj=None) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        if self.superuser_only or self.congress_lookup is None or user.congress_id is None:
            return False
        return obj is None or self.in_scope(request, obj)

    # -- permissions --
    def has_module_permission(self, request):
        return self._may(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._may(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj) and super().has_delete_permission(request, obj)

    # -- rows --
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(scope_q(self.model, request.user, self.admin_site))

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not request.user.is_superuser:  # autocomplete passes its own queryset: limited here as well
            queryset = queryset.filter(scope_q(self.model, request.user, self.admin_site))
        return queryset, may_have_duplicates

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser:
            return filters
        out = []
        for f in filters:
            if isinstance(f, str):
                if f in UNFILTERED:
                    continue
                if get_fields_from_path(self.model, f)[-1].is_relation:  # choices from the visible rows only
                    f = (f, admin.RelatedOnlyFieldListFilter)
            out.append(f)
        return out

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in self.superuser_only_fields if f not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser or not has_congress_column(self.model):
            return form
        return _in_congress(form, request.user.congress_id)

    # -- saves, all audited --
    def audit_snapshot(self, obj) -> dict[str, Any]:
        return admin_snapshot(obj, self.audit_fields)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and has_congress_column(type(obj)):
            obj.congress_id = request.user.congress_id
        stored = _stored(obj) if change else None
        obj._admin_audit_before = self.audit_snapshot(stored) if stored is not None else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # ModelAdmin.save_related, with the row's record written once its many-to-many values are saved and
        # before the records of its inline rows
        form.save_m2m()
        obj = form.instance
        _record(request, obj, "update" if change else "create", before=getattr(obj, "_admin_audit_before", None),
                after=self.audit_snapshot(obj), site=self.admin_site)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        _save_inline_rows(request, form.instance, formset, self.admin_site)

    def delete_model(self, request, obj):
        with transaction.atomic():
            _record(request, obj, "delete", before=self.audit_snapshot(obj), site=self.admin_site)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


def _save_inline_rows(request, parent, formset, site) -> None:
    """Save an inline formset with one audit record per created, changed or deleted row."""
    model = formset.model
    before = {}
    for f in formset.initial_forms:
        if f.instance.pk is not None and (f in formset.deleted_forms or f.has_changed()):
            stored = _stored(f.instance)
            if stored is not None:
                before[f.instance.pk] = admin_snapshot(stored)
    rows = formset.save(commit=False)
    for obj in formset.deleted_objects:
        _record(request, obj, "delete", before=before.get(obj.pk), site=site)
        obj.delete()
    for obj in rows:
        if has_congress_column(model) and has_congress_column(type(parent)):
            obj.congress_id = parent.congress_id  # an inline row belongs to its parent's congress
        obj.save()
    formset.save_m2m()
    for obj in formset.new_objects:
        _record(request, obj, "create", after=admin_snapshot(obj), site=site)
    for obj, _fields in formset.changed_objects:
        _record(request, obj, "update", before=before.get(obj.pk), after=admin_snapshot(obj), site=site)


class CongressScopedAdmin(CongressScopedMixin, admin.ModelAdmin):
    """The ModelAdmin of every congress-scoped model of renda (see the module's docstring)."""


AuditedAdmin = CongressScopedAdmin  # the former name


class CongressScopedInline(_ScopedChoices, admin.TabularInline):
    """An inline of a congress-scoped admin: its rows, choices and permissions limited like its parent's."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(scope_q(self.model, request.user, self.admin_site))

    def _may(self, request) -> bool:
        return request.user.is_superuser or request.user.congress_id is not None

    def has_view_permission(self, request, obj=None):
        return self._may(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj):
        return self._may(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request) and super().has_delete_permission(request, obj)


# ---- the admins of renda.core ----------------------------------------------------------------------------------
@admin.register(Congress)
class CongressAdmin(CongressScopedAdmin):
    list_display = ["short_name", "level", "parent", "code"]
    search_fields = ["name", "short_name", "code"]
    congress_lookup = "pk"
    # the congress's place among the others and its public address are the installation's
    superuser_only_fields = ("code", "level", "parent")

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Term)
class TermAdmin(CongressScopedAdmin):
    list_display = ["__str__", "congress", "start_date", "end_date"]
    list_filter = ["congress"]


@admin.register(CongressSession)
class CongressSessionAdmin(CongressScopedAdmin):
    list_display = ["__str__", "congress", "start_date"]


class PositionInline(CongressScopedInline):
    """The body's composition over time."""

    model = Position
    fk_name = "organization"
    fields = ["person", "role", "term", "start_date", "end_date", "order"]
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(CongressScopedAdmin):
    list_display = ["name", "kind", "parent", "is_handling_unit", "congress"]
    list_filter = ["kind", "is_handling_unit", "congress"]
    search_fields = ["name", "short_name"]
    inlines = [PositionInline]


@admin.register(Person)
class PersonAdmin(CongressScopedAdmin):
    list_display = ["name", "gender", "title", "congress"]
    search_fields = ["name", "title"]
    list_filter = ["congress"]


@admin.register(Position)
class PositionAdmin(CongressScopedAdmin):
    list_display = ["person", "organization", "role", "start_date", "end_date"]
    list_filter = ["role", "organization__kind"]
    autocomplete_fields = ["person", "organization"]


@admin.register(HolidayDate)
class HolidayDateAdmin(CongressScopedAdmin):
    """A congress's administrator keeps its own days; the national calendar (no congress) is the superuser's."""

    list_display = ["date", "kind", "name", "congress"]
    list_filter = ["kind", "congress"]
    date_hierarchy = "date"


class RuleParameterForm(forms.ModelForm):
    class Meta:
        model = RuleParameter
        fields = ["congress", "rule_id", "name", "value", "basis"]

    def clean_rule_id(self):
        rule_id = self.cleaned_data["rule_id"]
        try:
            rules.get(rule_id)
        except LookupError:
            raise forms.ValidationError(f"没有编号为 {rule_id} 的规则。") from None
        return rule_id

    def _post_clean(self):
        # RuleParameter.clean() looks the rule up: an unknown one (already an error on the field) is not a 500
        if "rule_id" in self.errors:
            return
        super()._post_clean()


@admin.register(RuleParameter)
class RuleParameterAdmin(CongressScopedAdmin):
    form = RuleParameterForm
    list_display = ["rule_id", "name", "value", "basis", "congress"]
    list_filter = ["congress", "rule_id"]


@admin.register(User)
class UserAdmin(CongressScopedMixin, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organization", "congress", "is_active"]
    list_filter = ["role", "congress", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("平台角色", {"fields": ["congress", "role", "organization", "person", "display_name"]}),
    ]
    superuser_lookup = "is_superuser"  # a congress's administrator never sees or picks a superuser
    # What only the installation's superuser may change: a congress's own administrator manages its users, never
    # grants itself (or anyone) more than that, and never moves a user to another congress.
    superuser_only_fields = SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions", "congress")
    audit_fields = ["username", "display_name", "role", "congress", "organization", "person", "is_active",
                    "is_staff", "is_superuser", "email", "groups", "user_permissions"]


@admin.register(ApiToken)
class ApiTokenAdmin(CongressScopedAdmin):
    """Tokens are made by `renda.core.tokens.token_create` (the secret shown once); here they are renamed or
    revoked. A congress's administrator never moves one to another user: whoever knows the secret would act as
    that user."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
    congress_lookup = "user__congress_id"
    superuser_lookup = "user__is_superuser"
    superuser_only_fields = ("user",)

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)


class ReadOnlyAdmin(CongressScopedAdmin):
    """A record nobody adds, changes or deletes in the admin (it is written by the platform): view only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["chain", "seq", "created_at", "actor_name", "action", "object_repr", "rule_id"]
    list_filter = ["action", "chain"]
    search_fields = ["object_repr", "actor_name", "note"]
    congress_lookup = "chain"  # one chain per congress; the platform's chain (0) is the superuser's


# ---- the other apps' admins (auth's groups, task results): global tables, for superusers only -----------------
RENDA_PREFIX = "renda."


def _superuser_only(admin_class):
    return type(admin_class.__name__, (CongressScopedMixin, admin_class),
                {"superuser_only": True, "congress_lookup": None, "__module__": __name__})


for _model, _model_admin in list(admin.site._registry.items()):
    if not type(_model_admin).__module__.startswith(RENDA_PREFIX):
        admin.site.unregister(_model)
        admin.site.register(_model, _superuser_only(type(_model_admin)))
