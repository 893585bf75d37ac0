from django.urls import path

from laktasi.web.studies import sample_size, views

urlpatterns = [
    path("", views.home, name="home"),
    path("studies/new/", views.study_new, name="study_new"),
    path("studies/new/from-design-file/", views.study_upload, name="study_upload"),
    path("studies/new/sample-size/", sample_size.sample_size, name="sample_size"),
    path("s/<int:study_id>/design/sample-size/", sample_size.study_sample_size, name="study_sample_size"),
    path("s/<int:study_id>/design/", views.study_settings, name="study_settings"),
    path("s/<int:study_id>/checklist/", views.checklist, name="checklist"),
    path("s/<int:study_id>/members/", views.members, name="members"),
    path("s/<int:study_id>/members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("s/<int:study_id>/members/<int:member_id>/unlock/", views.member_unlock, name="member_unlock"),
    path("s/<int:study_id>/design.yaml", views.design_file, name="design_file"),
]
