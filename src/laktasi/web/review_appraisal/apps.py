from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewAppraisalConfig(AppConfig):
    name = "laktasi.web.review_appraisal"
    label = "review_appraisal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from laktasi.web.reviews.tabs import Tab, register

        register(Tab("rob", _("Risk of bias"), "review_rob", "view", order=60))
