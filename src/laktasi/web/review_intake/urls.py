from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.review_intake import views

urlpatterns = [
    path("intake/job.js", views.job_script, name="review_intake_job_js"),
    path("<id:review_id>/upload/", views.upload, name="review_upload"),
    path("<id:review_id>/intake/<id:job_id>/", views.job, name="review_intake_job"),
    path("<id:review_id>/intake/<id:job_id>/status.json", views.job_json, name="review_intake_job_json"),
    path("<id:review_id>/pubmed/", views.pubmed, name="review_pubmed"),
    path("<id:review_id>/duplicates/", views.duplicates, name="review_duplicates"),
    path("<id:review_id>/duplicates/verdicts.csv", views.verdicts_csv, name="review_dedup_verdicts"),
    path("<id:review_id>/duplicates/import/", views.verdicts_import, name="review_dedup_verdicts_import"),
    path("<id:review_id>/exports/", views.exports_page, name="review_exports"),
    path("<id:review_id>/exports/<str:fmt>/", views.export, name="review_export"),
]
