from django.urls import URLPattern, path  # noqa: F401

import laktasi.web.studies.converters  # noqa: F401  (registers the "id" path converter)

urlpatterns: list[URLPattern] = []
