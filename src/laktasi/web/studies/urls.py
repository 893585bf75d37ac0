from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.studies import sample_size, views

urlpatterns = [
    path("", views.home, name="home"),
    path("studies/new/", views.study_new, name="study_new"),
    path("studies/new/from-design-file/", views.study_upload, name="study_upload"),
    path("studies/new/sample-size/", sample_size.sample_size, name="sample_size"),
    path("s/<id:study_id>/design/sample-size/", sample_size.study_sample_size, name="study_sample_size"),
    path("s/<id:study_id>/design/", views.study_settings, name="study_settings"),
    path("s/<id:study_id>/checklist/", views.checklist, name="checklist"),
    path("s/<id:study_id>/members/", views.members, name="members"),
    path("s/<id:study_id>/members/<id:member_id>/remove/", views.member_remove, name="member_remove"),
    path("s/<id:study_id>/members/<id:member_id>/unlock/", views.member_unlock, name="member_unlock"),
    path("s/<id:study_id>/design.yaml", views.design_file, name="design_file"),
]
