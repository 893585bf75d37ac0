from django.urls import path

from laktasi.web.sync import views

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("s/<int:study_id>/offline/visit/", views.offline_visit, name="offline_visit"),
]
