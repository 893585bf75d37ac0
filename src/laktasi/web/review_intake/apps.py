from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewIntakeConfig(AppConfig):
    name = "laktasi.web.review_intake"
    label = "review_intake"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from laktasi.web.reviews.tabs import Tab, register

        register(Tab("upload", _("Upload records"), "review_upload", "upload", order=40))
        register(Tab("duplicates", _("Duplicates"), "review_duplicates", "upload", order=45))
        register(Tab("exports", _("Exports"), "review_exports", "screen", order=80))
