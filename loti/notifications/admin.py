"""Delivery state for network administrators: every outbox e-mail, pending, sent or
failed, and the error that stopped it. Read-only apart from "send again"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from loti.notifications.models import DigestRun, Notification, OutboundEmail
from loti.notifications.outbox import emails_requeue
from loti.permissions import is_network_admin


class NetworkAdminReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(is_network_admin(request.user) and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(NetworkAdminReadOnly):
    list_display = [
        "created_at",
        "to_address",
        "subject",
        "kind",
        "category",
        "state",
        "attempts",
        "sent_at",
    ]
    list_filter = ["state", "kind", "category"]
    search_fields = ["to_address", "subject", "event"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["send_again"]

    @admin.action(description="Send the selected failed e-mails again")
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queued = emails_requeue(acting_user=request.user, email_ids=ids)  # type: ignore[arg-type]
        self.message_user(
            request,
            f"{queued} e-mail(s) queued again. Summaries and e-mails that did not fail are "
            "left as they are.",
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(NetworkAdminReadOnly):
    list_display = ["created_at", "recipient", "event", "category", "title", "read_at"]
    list_filter = ["category", "event"]
    search_fields = ["recipient__email", "title"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(DigestRun)
class DigestRunAdmin(NetworkAdminReadOnly):
    list_display = ["period", "frequency", "user", "created_at", "email_state"]
    list_filter = ["frequency", "email__state"]
    search_fields = ["user__email"]
    list_select_related = ["user", "email"]
    readonly_fields = [f.name for f in DigestRun._meta.fields]

    @admin.display(description="E-mail")
    def email_state(self, run: DigestRun) -> str:
        email = getattr(run, "email", None)
        return email.get_state_display() if email is not None else "-"
