"""API tokens: issued for a password (and, for staff, a second factor), revoked by DELETE."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .lockout import lockout_response
from .policy import needs_second_factor


class TokenLoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Staff only: a code from the authenticator app, or a backup code.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


AuthError = inline_serializer(
    "AuthError", {"detail": serializers.CharField(), "code": serializers.CharField()}
)


def _refusal(http_status, detail, code):
    return Response({"detail": detail, "code": code}, status=http_status)


class AuthTokenView(APIView):
    authentication_classes = [TokenAuthentication]

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenLoginSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="A field is missing or malformed."),
            401: OpenApiResponse(AuthError, description="Wrong username or password."),
            403: OpenApiResponse(
                AuthError, description="Staff: the second factor is missing or not valid."
            ),
            429: OpenApiResponse(AuthError, description="Locked out after failed logins."),
        },
        auth=[],
    )
    def post(self, request):
        """Exchange username, password and (for staff) a second-factor code for a token."""
        data = TokenLoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            django_request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request)
        if user is None:
            return _refusal(
                status.HTTP_401_UNAUTHORIZED,
                _("Wrong username or password."),
                "invalid_credentials",
            )
        if needs_second_factor(user):
            code = data.validated_data.get("otp_token", "")
            if not code:
                return _refusal(
                    status.HTTP_403_FORBIDDEN,
                    _("Staff need a code from the authenticator app (otp_token)."),
                    "otp_required",
                )
            if services.second_factor_verify(user=user, code=code) is None:
                return _refusal(
                    status.HTTP_403_FORBIDDEN,
                    _("That code is not valid or was already used."),
                    "otp_invalid",
                )
        token = services.api_token_issue(user=user)
        return Response({"token": token.key})

    @extend_schema(
        operation_id="auth_token_destroy",
        request=None,
        responses={
            204: OpenApiResponse(description="The token no longer works."),
            401: OpenApiResponse(description="No valid token was sent."),
        },
    )
    def delete(self, request):
        """Revoke the token this request was made with."""
        services.api_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
