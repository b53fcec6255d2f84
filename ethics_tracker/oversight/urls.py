from django.urls import path  # noqa: F401

from .views import downloads
from .views.dashboard import dashboard

app_name = "oversight"

# Mounted at /oversight/ (the dashboard and its downloads) and /reports/ (the annual
# ethics report) by ethics_tracker/urls.py.
urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("tables/<slug:key>.csv", downloads.table_download, name="table-csv"),
]
report_urlpatterns = []
