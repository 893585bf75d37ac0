from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.audittrail import views

urlpatterns = [
    path("s/<id:study_id>/audit/", views.audit, name="audit"),
    path("s/<id:study_id>/audit/audit.csv", views.audit_csv, name="audit_csv"),
    path("s/<id:study_id>/m/<id:pid>/history/", views.participant_history, name="participant_history"),
]
