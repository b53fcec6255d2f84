"""The API's token authentication: django-rest-knox's, which stores only a digest of each
token and refuses it once expired, plus one rule of ours: a person who needs a second
factor (staff) is refused with a token that was issued without one."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .policy import needs_second_factor


class ApiTokenAuthentication(TokenAuthentication):
    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if needs_second_factor(user) and not token.with_second_factor:
            raise AuthenticationFailed(
                _("This token was issued without a second factor: ask for a new one.")
            )
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names it: the same ``tokenAuth`` scheme DRF's tokens had."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106 (a word)
        )
