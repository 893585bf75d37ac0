from django.urls import path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.reviews import views, views_records

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_new, name="review_new"),
    path("<id:review_id>/", views.review, name="review"),
    path("<id:review_id>/prisma.png", views_records.prisma_png, name="review_prisma_png"),
    path("<id:review_id>/members/", views.members, name="review_members"),
    path("<id:review_id>/terms/", views.terms, name="review_terms"),
    path("<id:review_id>/audit/", views.audit, name="review_audit"),
    path("<id:review_id>/screen/<str:stage>/", views.screen, name="review_screen"),
    path("<id:review_id>/screen/<str:stage>/next.json", views.screen_json, name="review_screen_json"),
    path("<id:review_id>/conflicts/<str:stage>/", views.conflicts, name="review_conflicts"),
    path("<id:review_id>/conflicts/<str:stage>/<id:record_pk>/", views.resolve, name="review_resolve"),
    path("<id:review_id>/prisma/<str:diagram>/", views_records.prisma_file, name="review_prisma_file"),
    path("<id:review_id>/settings/", views_records.settings_page, name="review_settings"),
    path("<id:review_id>/my-terms/", views_records.my_terms, name="review_my_terms"),
    path("<id:review_id>/records/<id:record_pk>/fulltext/", views_records.fulltext, name="review_fulltext"),
    path("<id:review_id>/records/<id:record_pk>/fulltext/upload/", views_records.fulltext_upload,
         name="review_fulltext_upload"),
    path("<id:review_id>/records/<id:record_pk>/retrieval/", views_records.retrieval, name="review_retrieval"),
    path("<id:review_id>/records/<id:record_pk>/notes/", views_records.notes, name="review_record_notes"),
]
