from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "loti.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app registers its events in its events.py. Importing them all at start-up
        # means an event is known in every process (web, worker, shell), not only in one
        # that happened to import the producer first.
        autodiscover_modules("events")
