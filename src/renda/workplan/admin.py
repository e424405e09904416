from django.contrib import admin

from renda.core.admin import AuditedAdmin
from renda.workplan.models import PriorityTag


@admin.register(PriorityTag)
class PriorityTagAdmin(AuditedAdmin):
    list_display = ["name", "order", "congress"]
    list_filter = ["congress"]
