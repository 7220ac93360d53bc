from django.contrib import admin

from procurement.models import CpvCode, Tender


@admin.register(CpvCode)
class CpvCodeAdmin(admin.ModelAdmin[CpvCode]):
    list_display = ["code", "description", "division"]
    search_fields = ["code", "description"]


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin[Tender]):
    # Read-only: tenders and bids change only through the services, which audit them.
    list_display = ["title", "buyer", "status", "closes_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["buyer"]
    exclude = ["search_vector"]

    def has_change_permission(self, request: object, obj: Tender | None = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: Tender | None = None) -> bool:
        return False
