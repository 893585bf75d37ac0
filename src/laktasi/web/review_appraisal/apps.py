from django.apps import AppConfig


class ReviewAppraisalConfig(AppConfig):
    name = "laktasi.web.review_appraisal"
    label = "review_appraisal"
    default_auto_field = "django.db.models.BigAutoField"
