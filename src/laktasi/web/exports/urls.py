from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.exports import views

urlpatterns = [
    path("s/<id:study_id>/analyse/", views.analyse, name="analyse"),
    path("s/<id:study_id>/analyse/report.<str:fmt>", views.report, name="report"),
    path("s/<id:study_id>/export/", views.exports, name="exports"),
    path("s/<id:study_id>/export/data.<str:fmt>", views.export, name="export"),
]
