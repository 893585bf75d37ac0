from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.review_appraisal import views

urlpatterns = [
    path("<id:review_id>/rob/", views.overview, name="review_rob"),
    path("<id:review_id>/rob/settings/", views.settings, name="review_rob_settings"),
    path("<id:review_id>/rob/<str:tool>.csv", views.robvis_csv, name="review_rob_csv"),
    path("<id:review_id>/rob/<str:tool>/<str:kind>.png", views.plot, name="review_rob_png"),
    path("<id:review_id>/rob/study/<id:record_pk>/", views.appraise, name="review_rob_appraise"),
    path("<id:review_id>/rob/study/<id:record_pk>/propose/", views.propose, name="review_rob_propose"),
    path("<id:review_id>/rob/study/<id:record_pk>/compare/", views.compare, name="review_rob_compare"),
]
