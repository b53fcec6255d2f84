"""The secretariat's writes that were pages only (issue J): registering a complaint
that came on paper or by email, ``POST /api/v1/complaints/register/``, through the same
service as the page (``case_register``). The secretary only (``complaint.register``).

Send an ``Idempotency-Key`` header so that a retried request registers one complaint
(the same key and body answer 200 with the same filing; another body 422). The answer
holds the reference and the receipt code, once: send the code to the complainant.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ethics_tracker.core import calendar, policy

from .. import services
from ..models import Channel
from .common import PARSERS
from .complaints import (
    IDEMPOTENCY_HEADER,
    ComplaintCreateSerializer,
    FilingSerializer,
    KeyReused,
)

RECEIVED_BY = [Channel.PAPER, Channel.EMAIL]


# A pattern, not an enum: a second enum named "channel" (the case's has every channel)
# would collide in the schema's enum components.
@extend_schema_field({"type": "string", "pattern": "^(" + "|".join(RECEIVED_BY) + ")$"})
class ReceivedByField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[(c.value, c.label) for c in RECEIVED_BY], **kwargs)


class PaperComplaintSerializer(ComplaintCreateSerializer):
    channel = ReceivedByField(help_text="How the complaint arrived: paper or email.")
    received_on = serializers.DateField(help_text="The day it was received (not in the future).")

    def validate_received_on(self, value):
        if value > calendar.today():
            raise serializers.ValidationError(_("The date of receipt cannot be in the future."))
        return value

    def received_at(self) -> datetime.datetime:
        """The moment of receipt: now when received today, else noon of that day (as the
        page's form)."""
        received_on = self.validated_data["received_on"]
        if received_on == calendar.today():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))


class PaperComplaintView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = PARSERS

    @extend_schema(
        tags=["complaints"],
        operation_id="complaints_register",
        parameters=[IDEMPOTENCY_HEADER],
        request={
            "multipart/form-data": PaperComplaintSerializer,
            "application/json": PaperComplaintSerializer,
        },
        responses={
            201: FilingSerializer,
            200: OpenApiResponse(
                FilingSerializer, description="Idempotency-Key seen before, with the same body"
            ),
            400: OpenApiResponse(description="Invalid fields: messages by field name"),
            403: OpenApiResponse(description="Not signed in, or not the secretary"),
            422: OpenApiResponse(
                description="Idempotency-Key already used with a different body: nothing registered"
            ),
        },
        summary="Register a complaint received on paper or by email (the secretary)",
    )
    def post(self, request):
        policy.require(request.user, "complaint.register")
        serializer = PaperComplaintSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            filing = services.case_register(
                actor=request.user,
                details=serializer.validated_data["details"],
                channel=serializer.validated_data["channel"],
                received_at=serializer.received_at(),
                files=serializer.validated_data.get("evidence", []),
                submission_token=request.headers.get("Idempotency-Key") or None,
            )
        except services.SubmissionReused as reused:
            raise KeyReused(reused.messages[0]) from None
        data = FilingSerializer(filing, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED if filing.created else 200)
