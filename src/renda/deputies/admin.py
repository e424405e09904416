"""Admin for the registry's reference data. Personal data (ID number, phone) is not shown or edited here:
it is kept through the deputies' pages by the deputies' working committee (rule DEP-PRIVATE)."""

from django.contrib import admin
from django.db import transaction

from renda.core import audit
from renda.core.admin import AuditedAdmin
from renda.deputies.models import Delegation, Deputy, Partner, Station
from renda.deputies.services import safe_snapshot


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    list_display = ["name", "term", "seats", "congress"]


@admin.register(Deputy)
class DeputyAdmin(AuditedAdmin):
    list_display = ["person", "delegation", "sector", "status", "congress"]
    list_filter = ["status", "congress"]
    raw_id_fields = ["person"]
    exclude = ["id_number", "phone", "id_digest"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = safe_snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        obj.save()
        audit.record(actor=request.user, action="update" if change else "create", obj=obj, before=before,
                     after=safe_snapshot(obj), note="管理后台")

    @transaction.atomic
    def delete_model(self, request, obj):
        audit.record(actor=request.user, action="delete", obj=obj, before=safe_snapshot(obj), note="管理后台")
        obj.delete()


@admin.register(Station)
class StationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "district", "active", "congress"]
    filter_horizontal = ["deputies"]


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin):
    list_display = ["name", "country", "kind", "congress"]
