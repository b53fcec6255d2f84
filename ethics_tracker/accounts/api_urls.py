from django.urls import path

from .api import AuthTokenView

urlpatterns = [path("token/", AuthTokenView.as_view(), name="api-auth-token")]
