"""Read-only pages answer GET and HEAD only: POST, PUT, PATCH and DELETE get 405 Method
Not Allowed with an ``Allow`` header, not the page again (found by tools/security_report.py,
routes × roles × methods)."""

import datetime
from functools import cached_property

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Case
from tests.factories import PDF, AcceptanceFactory, EthicsCodeFactory

pytestmark = pytest.mark.django_db

WRITES = ["post", "put", "patch", "delete"]
REDIRECTS = {"cases:staff_detail"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class World:
    """What the pages show, made on first use: a code in force (and a second one, so the
    coverage index lists them), a committee, and a complaint with a file, moved through
    the services until the member complained about is asked to reply."""

    def __init__(self, make_committee, make_version, case_with_respondent_account, upload):
        self._make_committee = make_committee
        self._make_version = make_version
        self._case_with_respondent = case_with_respondent_account
        self._upload = upload

    def _in_force(self, slug):
        code = EthicsCodeFactory(slug=slug, title=f"Code {slug}")
        return self._make_version(code, "2020", datetime.date(2020, 1, 1), [("1", "Truth")])

    @cached_property
    def version(self):
        return self._in_force("asko")

    @cached_property
    def other_version(self):
        return self._in_force("other")

    @cached_property
    def committee(self):
        return self._make_committee()

    @cached_property
    def case(self):
        case = self._case_with_respondent(
            code=self.version.code, files=[self._upload("proof.pdf", PDF, "application/pdf")]
        )
        self.respondent = case.respondent_user
        chair = self.committee.chair

        def step(name, actor):
            fresh = Case.objects.get(pk=case.pk)
            return services.case_transition(actor=actor, case=fresh, name=name, note="Done.")

        step("acknowledge", self.committee.secretary)
        step("start_assessment", chair)
        for index, member in enumerate(self.committee.panel):
            services.panel_seat_add(
                actor=chair, case=Case.objects.get(pk=case.pk), user=member, rapporteur=not index
            )
        step("open_investigation", chair)
        return step("request_response", chair)

    @cached_property
    def acceptance(self):
        member = self.case.respondent  # the respondent is a member with an account
        return AcceptanceFactory(member=member, version=self.version)

    def made(self, *names) -> list:
        """Make ``names`` (so that a list page lists something); no URL arguments."""
        for name in names:
            getattr(self, name)
        return []

    def user(self, who):
        if who == "respondent":
            self.made("case")
            return self.respondent
        return {"chair": self.committee.chair, "secretary": self.committee.secretary}[who]


# URL name → (who signs in, or None for a visitor; the URL's arguments)
PAGES = {
    "home": (None, lambda w: []),
    "code_of_conduct:code_list": (None, lambda w: []),
    "code_of_conduct:code_detail": (None, lambda w: [w.version.code.slug]),
    "code_of_conduct:version_compare": (None, lambda w: [w.version.code.slug]),
    "code_of_conduct:version_list": (None, lambda w: [w.version.code.slug]),
    "code_of_conduct:version_detail": (None, lambda w: [w.version.code.slug, w.version.label]),
    "code_of_conduct:version_canonical": (
        None,
        lambda w: [w.version.code.slug, w.version.label],
    ),
    "cases:respondent_list": ("respondent", lambda w: w.made("case")),
    "cases:respondent_case": ("respondent", lambda w: [w.case.reference]),
    "cases:committee_list": ("chair", lambda w: w.made("case")),
    "cases:committee_case": ("chair", lambda w: [w.case.reference]),
    "cases:evidence_download": ("secretary", lambda w: [w.case.files.get().public_id]),
    "cases:how": (None, lambda w: []),
    "cases:staff_list": ("secretary", lambda w: w.made("case")),
    "cases:staff_detail": ("secretary", lambda w: [w.case.reference]),
    "members:coverage_index": ("secretary", lambda w: w.made("version", "other_version")),
    "members:coverage": ("secretary", lambda w: [w.version.pk]),
    "members:coverage_csv": ("secretary", lambda w: [w.version.pk]),
    "members:me": ("respondent", lambda w: w.made("acceptance")),
    "members:receipt": ("respondent", lambda w: [w.acceptance.receipt_id]),
    "members:receipt_download": ("respondent", lambda w: [w.acceptance.receipt_id]),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_read_only_page_answers_get_and_head_and_refuses_writes(
    name, make_committee, make_version, case_with_respondent_account, upload
):
    world = World(make_committee, make_version, case_with_respondent_account, upload)
    who, args = PAGES[name]
    url = reverse(name, args=args(world))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who is not None:
        client.force_login(world.user(who))

    # The incoming complaint's address leads to the one case page, the committee's (I.6).
    expected = 302 if name in REDIRECTS else 200
    assert client.get(url).status_code == expected
    assert client.head(url).status_code == expected
    for method in WRITES:
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, response.status_code)
        assert response["Allow"] == "GET, HEAD", method
