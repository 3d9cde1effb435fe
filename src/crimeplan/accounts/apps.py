from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crimeplan.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
