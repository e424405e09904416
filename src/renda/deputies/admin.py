"""Admin for the registry's reference data. Personal data (ID number, phone) is not shown or edited here:
it is kept through the deputies' pages by the deputies' working committee (rule DEP-PRIVATE).

Pages, choices and saves are limited to the administrator's congress and audited (renda.core.admin)."""

from django.contrib import admin

from renda.core.admin import CongressScopedAdmin
from renda.deputies.models import Delegation, Deputy, Partner, Station


@admin.register(Delegation)
class DelegationAdmin(CongressScopedAdmin):
    list_display = ["name", "term", "seats", "congress"]


@admin.register(Deputy)
class DeputyAdmin(CongressScopedAdmin):
    list_display = ["person", "delegation", "sector", "status", "congress"]
    list_filter = ["status", "congress"]
    search_fields = ["person__name"]
    # autocomplete, not a raw id: the chosen person's name is read through the congress-limited choices
    autocomplete_fields = ["person"]
    exclude = ["id_number", "phone", "id_digest"]  # the audit records only whether they are recorded


@admin.register(Station)
class StationAdmin(CongressScopedAdmin):
    list_display = ["name", "kind", "district", "active", "congress"]
    filter_horizontal = ["deputies"]


@admin.register(Partner)
class PartnerAdmin(CongressScopedAdmin):
    list_display = ["name", "country", "kind", "congress"]
