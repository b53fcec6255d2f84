from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .accounts.views import StaffLoginView
from .core.theme import theme_css
from .oversight import urls as oversight_urls

api_v1 = [
    path("", include("code_of_conduct.api_urls")),
    path("", include("code_of_conduct.member_api_urls")),
    path("", include("cases.api_urls")),
    path("", include("ethics_tracker.audit.api_urls")),
    path("", include("ethics_tracker.oversight.api_urls")),
    path("auth/", include("ethics_tracker.accounts.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("theme.css", theme_css, name="theme-css"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/login/", StaffLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("ethics_tracker.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, not inline; its
    # stylesheet draws icons as data: images. The template leaves out the inline <style>.
    path(
        "api/docs/",
        csp_update({"img-src": ["'self'", "data:"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="ethics_tracker/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
    path("code/", include("code_of_conduct.urls")),
    path("members/", include("code_of_conduct.member_urls")),
    path("complaints/", include("cases.urls")),
    path("audit/", include("ethics_tracker.audit.urls")),
    path("decisions/", include("cases.register_urls")),
    path("oversight/", include("ethics_tracker.oversight.urls")),
    path("reports/", include((oversight_urls.report_urlpatterns, "reports"))),
]

handler403 = "ethics_tracker.views.error_403"
handler404 = "ethics_tracker.views.error_404"
handler500 = "ethics_tracker.views.error_500"
