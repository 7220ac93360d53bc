from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "loti.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"
