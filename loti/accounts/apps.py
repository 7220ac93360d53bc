from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "loti.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        # Makes the project's Celery app the current one in every Django process, so
        # tasks sent from web requests use its broker. (It is not imported from
        # loti/__init__.py: that would run for `python -m loti.stack`, before Django.)
        import loti.celery  # noqa: F401

        # `in` on integer columns that leaves out values no such column can hold.
        from loti import lookups  # noqa: F401

        # Receivers that end sessions when an account is disabled, among others.
        from loti.accounts import signals  # noqa: F401
