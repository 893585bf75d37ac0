from django.urls import URLPattern, path

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)
from laktasi.web.review_extraction import views, views_meta

urlpatterns: list[URLPattern] = [
    path("<id:review_id>/extraction/", views.studies, name="review_extraction"),
    path("<id:review_id>/extraction/template/", views.template, name="review_extraction_template"),
    path("<id:review_id>/extraction/own-study/", views_meta.own, name="review_extraction_own"),
    path("<id:review_id>/extraction/export/<str:export_fmt>/", views_meta.export, name="review_extraction_export"),
    path("<id:review_id>/extraction/<id:record_pk>/", views.extract, name="review_extraction_form"),
    path("<id:review_id>/extraction/<id:record_pk>/compare/", views.compare, name="review_extraction_compare"),
    path("<id:review_id>/extraction/<id:record_pk>/data/", views.data, name="review_extraction_data"),
    path("<id:review_id>/meta/", views_meta.meta, name="review_meta"),
    path("<id:review_id>/meta/plot.png", views_meta.meta_plot, name="review_meta_plot"),
]
