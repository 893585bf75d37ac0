from django.urls import path

from laktasi.web.visits import views

urlpatterns = [
    path("s/<int:study_id>/", views.dashboard, name="dashboard"),
    path("s/<int:study_id>/plot.png", views.prepost_plot, name="prepost_plot"),
    path("s/<int:study_id>/today/", views.today, name="today"),
    path("s/<int:study_id>/mothers/", views.participants, name="participants"),
    path("s/<int:study_id>/enrol/", views.enrol, name="enrol"),
    path("s/<int:study_id>/m/<int:pid>/", views.participant, name="participant"),
    path("s/<int:study_id>/m/<int:pid>/edit/", views.participant_edit, name="participant_edit"),
    path("s/<int:study_id>/m/<int:pid>/identity/", views.identity_edit, name="identity_edit"),
    path("s/<int:study_id>/m/<int:pid>/withdraw/", views.withdraw, name="withdraw"),
    path("s/<int:study_id>/m/<int:pid>/day/<int:day>/", views.visit_new, name="visit_new"),
    path("s/<int:study_id>/m/<int:pid>/check/", views.measure_check, name="measure_check"),
    path("s/<int:study_id>/visit/<int:vid>/", views.visit_edit, name="visit_edit"),
]
