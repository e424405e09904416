from django.contrib import admin

from renda.core.admin import CongressScopedAdmin
from renda.workplan.models import PriorityTag


@admin.register(PriorityTag)
class PriorityTagAdmin(CongressScopedAdmin):
    list_display = ["name", "order", "congress"]
    list_filter = ["congress"]
