from django.urls import path

from laktasi.web.exports import views

urlpatterns = [
    path("s/<int:study_id>/analyse/", views.analyse, name="analyse"),
    path("s/<int:study_id>/analyse/report.<str:fmt>", views.report, name="report"),
    path("s/<int:study_id>/export/", views.exports, name="exports"),
    path("s/<int:study_id>/export/data.<str:fmt>", views.export, name="export"),
]
