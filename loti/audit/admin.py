from django.contrib import admin
from django.http import HttpRequest

from loti.audit.models import AuditEvent
from loti.permissions import is_network_admin


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["created_at", "verb", "actor", "organisation", "target_repr"]
    list_filter = ["verb"]
    search_fields = ["verb", "target_repr", "actor__email"]
    list_select_related = ["actor", "organisation"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return bool(is_network_admin(request.user) and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)
