"""API tokens: issued for a password (and, for staff, a second factor), revoked by DELETE.

Each login makes a new token (one per client); only its digest is stored
(``accounts.ApiToken``), and it expires (staff 12 h, members 30 days by default).
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .lockout import lockout_response
from .policy import needs_second_factor
from .tokens import ApiTokenAuthentication


class TokenLoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Staff only: a code from the authenticator app, or a backup code.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown once.")
    expires_at = serializers.DateTimeField()


AuthError = inline_serializer(
    "AuthError", {"detail": serializers.CharField(), "code": serializers.CharField()}
)


def _refusal(http_status, detail, code):
    return Response({"detail": detail, "code": code}, status=http_status)


class AuthTokenView(APIView):
    authentication_classes = [ApiTokenAuthentication]

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
        second_factor = needs_second_factor(user)
        if second_factor:
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
        token, key = services.api_token_issue(user=user, with_second_factor=second_factor)
        return Response(TokenSerializer({"token": key, "expires_at": token.expiry}).data)

    @extend_schema(
        operation_id="auth_token_destroy",
        request=None,
        parameters=[
            OpenApiParameter(
                "all",
                bool,
                description="true: revoke every token of this account (every client).",
            )
        ],
        responses={
            204: OpenApiResponse(description="The token (or every token) no longer works."),
            401: OpenApiResponse(description="No valid token was sent."),
        },
    )
    def delete(self, request):
        """Revoke the token this request was made with (or, with ``all=true``, all)."""
        if request.query_params.get("all") in ("1", "true"):
            services.api_token_revoke(user=request.user)
        else:
            services.api_token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
