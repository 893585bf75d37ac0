"""Extraction forms, effect-size data and the review's meta-analysis page."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewExtractionConfig(AppConfig):
    name = "laktasi.web.review_extraction"
    label = "review_extraction"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from laktasi.web.reviews.tabs import Tab, register

        register(Tab("extraction", _("Extraction"), "review_extraction", "view", order=60))
        register(Tab("meta", _("Meta-analysis"), "review_meta", "view", order=70))
