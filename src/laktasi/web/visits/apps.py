from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "laktasi.web.visits"
    label = "visits"
    default_auto_field = "django.db.models.BigAutoField"
