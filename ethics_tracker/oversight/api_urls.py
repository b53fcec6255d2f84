from django.urls import path  # noqa: F401

from . import api, api_reports

# Mounted under /api/v1/: statistics/ and reports/.
urlpatterns = [
    path("statistics/", api.StatisticsView.as_view(), name="api-statistics"),
    path("statistics/<str:key>/", api.StatisticsTableView.as_view(), name="api-statistics-table"),
    path("reports/", api_reports.ReportListView.as_view(), name="api-reports"),
    path("reports/<int:year>/", api_reports.ReportView.as_view(), name="api-report"),
    path(
        "reports/<int:year>/publish/",
        api_reports.ReportPublishView.as_view(),
        name="api-report-publish",
    ),
    path(
        "reports/<int:year>/unpublish/",
        api_reports.ReportUnpublishView.as_view(),
        name="api-report-unpublish",
    ),
]
