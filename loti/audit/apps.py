from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "loti.audit"
    label = "audit"
    verbose_name = "Audit log"
