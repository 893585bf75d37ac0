from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.review_intake import views

urlpatterns = [
    path("<id:review_id>/upload/", views.upload, name="review_upload"),
]
