from django.contrib import admin

from renda.core.admin import AuditedAdmin
from renda.deputies.models import Delegation, Deputy


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    list_display = ["name", "term", "congress"]


@admin.register(Deputy)
class DeputyAdmin(AuditedAdmin):
    list_display = ["person", "delegation", "status", "congress"]
    list_filter = ["status", "congress"]
    raw_id_fields = ["person"]
