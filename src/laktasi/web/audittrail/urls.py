from django.urls import path

from laktasi.web.audittrail import views

urlpatterns = [
    path("s/<int:study_id>/audit/", views.audit, name="audit"),
    path("s/<int:study_id>/m/<int:pid>/history/", views.participant_history, name="participant_history"),
]
