from django.apps import AppConfig


class AudittrailConfig(AppConfig):
    name = "laktasi.web.audittrail"
    label = "audittrail"
    default_auto_field = "django.db.models.BigAutoField"
