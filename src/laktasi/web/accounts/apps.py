from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "laktasi.web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from laktasi.web.accounts import checks  # noqa: F401  (registers the system check)
