from django.urls import path  # noqa: F401

app_name = "oversight"

# Mounted at /oversight/ (the dashboard and its downloads) and /reports/ (the annual
# ethics report) by ethics_tracker/urls.py.
urlpatterns = []
report_urlpatterns = []
