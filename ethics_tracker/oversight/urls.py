from django.urls import path  # noqa: F401

from .views import downloads, reports
from .views.dashboard import dashboard

app_name = "oversight"

# Mounted at /oversight/ (the dashboard and its downloads) and /reports/ (the annual
# ethics report) by ethics_tracker/urls.py.
urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("tables/<slug:key>.csv", downloads.table_download, name="table-csv"),
]
report_urlpatterns = [
    path("", reports.report_list, name="list"),
    path("<int:year>/", reports.report_page, name="report"),
    path("<int:year>/ethics-report-<int:same_year>.pdf", reports.report_pdf, name="pdf"),
    path("<int:year>/edit/", reports.report_edit, name="edit"),
    path("<int:year>/publish/", reports.report_publish, name="publish"),
    path("<int:year>/unpublish/", reports.report_unpublish, name="unpublish"),
]
