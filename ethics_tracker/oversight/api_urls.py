from django.urls import path  # noqa: F401

from . import api

# Mounted under /api/v1/: statistics/ and reports/.
urlpatterns = [
    path("statistics/", api.StatisticsView.as_view(), name="api-statistics"),
    path("statistics/<str:key>/", api.StatisticsTableView.as_view(), name="api-statistics-table"),
]
