from django.apps import AppConfig


class ReviewExtractionConfig(AppConfig):
    name = "laktasi.web.review_extraction"
    label = "review_extraction"
    default_auto_field = "django.db.models.BigAutoField"
