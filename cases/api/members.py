"""The public member lookup of the complaint form: ``GET /api/v1/members/lookup/``.

Anyone may ask, without an account, which members a complaint can name (the same
members the form's list and the API's ``respondent`` field accept), searched by name or
municipality. Each answer holds a member's id, name and municipality and nothing else:
no email, no account, no membership number or status. Every search counts against the
per-client limit ``member_lookup`` (429 with Retry-After beyond it).
"""

from django.db import connection
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, pagination, serializers
from rest_framework.permissions import AllowAny

from code_of_conduct.models import Member

from .. import selectors, throttling
from .common import refuse_if_over


class MemberLookupFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Part of the member's name or municipality (any case); all when left out.",
    )
    municipality = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text="Only members of this municipality (the whole name, any case).",
    )


class MemberLookupSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Send it as ``respondent`` when filing.")
    name = serializers.CharField(source="full_name")

    class Meta:
        model = Member
        fields = ["id", "name", "municipality"]


def _matches(member: Member, words: list[str], municipality: str) -> bool:
    place = member.municipality.casefold()
    if municipality and place.strip() != municipality:
        return False
    text = f"{member.full_name.casefold()} {place}"
    return all(word in text for word in words)


class MemberLookupPagination(pagination.PageNumberPagination):
    page_size = 20


@extend_schema(tags=["complaints"])
class MemberLookupView(generics.ListAPIView):
    """Members a complaint can name: id, name and municipality only."""

    permission_classes = [AllowAny]
    authentication_classes = []  # public: the same answer for everyone
    serializer_class = MemberLookupSerializer
    pagination_class = MemberLookupPagination
    queryset = Member.objects.none()

    def get_queryset(self):
        filters = MemberLookupFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        words = (filters.validated_data.get("q") or "").casefold().split()
        municipality = (filters.validated_data.get("municipality") or "").strip().casefold()
        members = selectors.respondent_choices().only("id", "full_name", "municipality")
        members = members.order_by("full_name", "municipality", "id")
        if connection.vendor == "postgresql":
            # PostgreSQL folds the case of every alphabet: the database filters and the
            # paginator counts, whatever the number of members.
            for word in words:
                members = members.filter(
                    Q(full_name__icontains=word) | Q(municipality__icontains=word)
                )
            if municipality:
                members = members.filter(municipality__iexact=municipality)
            return members
        # SQLite folds the case of ASCII letters only, and names here are mostly
        # Cyrillic: match in Python, three columns a row (the development database).
        return [member for member in members if _matches(member, words, municipality)]

    @extend_schema(
        parameters=[MemberLookupFilterSerializer],
        responses={
            200: MemberLookupSerializer(many=True),
            400: OpenApiResponse(description="A parameter is too long or not text."),
            429: OpenApiResponse(description="Too many searches from this client."),
        },
        summary="Find the member a complaint is about (no account needed; throttled)",
        auth=[],
    )
    def get(self, request, *args, **kwargs):
        attempt = throttling.member_lookup_attempt(request)
        refuse_if_over(attempt, throttling.MEMBER_LOOKUP_REFUSED)
        return super().get(request, *args, **kwargs)
