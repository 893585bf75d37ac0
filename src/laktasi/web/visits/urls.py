from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.visits import views

urlpatterns = [
    path("s/<id:study_id>/", views.dashboard, name="dashboard"),
    path("s/<id:study_id>/plot.png", views.prepost_plot, name="prepost_plot"),
    path("s/<id:study_id>/today/", views.today, name="today"),
    path("s/<id:study_id>/mothers/", views.participants, name="participants"),
    path("s/<id:study_id>/enrol/", views.enrol, name="enrol"),
    path("s/<id:study_id>/m/<id:pid>/", views.participant, name="participant"),
    path("s/<id:study_id>/m/<id:pid>/edit/", views.participant_edit, name="participant_edit"),
    path("s/<id:study_id>/m/<id:pid>/identity/", views.identity_edit, name="identity_edit"),
    path("s/<id:study_id>/m/<id:pid>/withdraw/", views.withdraw, name="withdraw"),
    path("s/<id:study_id>/m/<id:pid>/day/<id:day>/", views.visit_new, name="visit_new"),
    path("s/<id:study_id>/m/<id:pid>/check/", views.measure_check, name="measure_check"),
    path("s/<id:study_id>/visit/<id:vid>/", views.visit_edit, name="visit_edit"),
]
