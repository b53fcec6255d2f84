"""factory_boy factories shared by every test package (one per domain model)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

TEST_PASSWORD = "test-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[str(r) for r in extracted]))


# --- code_of_conduct -------------------------------------------------------
import datetime  # noqa: E402

from code_of_conduct.models import (  # noqa: E402
    Acceptance,
    AcceptanceMethod,
    CodeVersion,
    EthicsCode,
    Member,
    Provision,
    ProvisionKind,
)

# The adoption dates the code_of_conduct fixtures publish with unless told otherwise.
VERSIONS_ADOPTED = datetime.date(2020, 3, 1)  # ``publish`` / ``published`` (code versions)
MEMBERS_ADOPTED = datetime.date(2024, 1, 15)  # ``publish_version`` / ``published_version``


class EthicsCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EthicsCode
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"code-{n}")
    title = factory.Sequence(lambda n: f"Ethics Code {n}")


class CodeVersionFactory(factory.django.DjangoModelFactory):
    """A draft version. For a published one, publish it through the service."""

    class Meta:
        model = CodeVersion

    code = factory.SubFactory(EthicsCodeFactory)
    label = factory.Sequence(lambda n: str(2003 + n))
    title = factory.LazyAttribute(lambda v: f"{v.code.title} ({v.label})")
    is_sample = True


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provision

    version = factory.SubFactory(CodeVersionFactory)
    kind = ProvisionKind.ARTICLE
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda p: str(p.position))
    key = factory.LazyAttribute(lambda p: f"art-{p.number}")
    heading = factory.LazyAttribute(lambda p: f"Article {p.number}")
    body = factory.LazyAttribute(lambda p: f"Sample text of article {p.number}.")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Member Number{n}")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    municipality = "Sofia"
    position = "PR expert"
    membership_number = factory.Sequence(lambda n: f"M-{n:04d}")
    joined_on = datetime.date(2010, 1, 1)


class AcceptanceFactory(factory.django.DjangoModelFactory):
    """Raw row for crafted populations; real signing goes through the service."""

    class Meta:
        model = Acceptance

    member = factory.SubFactory(MemberFactory)
    version = factory.SubFactory(CodeVersionFactory)
    content_hash = factory.LazyAttribute(lambda a: a.version.content_hash or "0" * 64)
    accepted_at = factory.LazyFunction(
        lambda: datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)
    )
    method = AcceptanceMethod.PAPER


# --- cases (issue D: complaints) ---------------------------------------------------
import io  # noqa: E402
import zipfile  # noqa: E402

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.models import Case  # noqa: E402

# Evidence file contents: the magic bytes the upload check recognises (module constants,
# not fixtures, because the evidence tests parametrize over them).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def office_zip(kind: str) -> bytes:
    """A minimal odt / docx / xlsx file; any other ``kind`` is a zip holding a program."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        elif kind == "docx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        elif kind == "xlsx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
        else:
            archive.writestr("payload.exe", ELF)
    return buffer.getvalue()


class CaseFactory(factory.django.DjangoModelFactory):
    """A complaint filed through ``case_submit`` (state ``received``).

    The receipt code, shown once in real life, is left on the instance as
    ``case.receipt_code`` for tests. Pass ``anonymous=True`` for an anonymous one,
    ``provisions=[...]`` with ``code=`` to cite provisions.
    """

    class Meta:
        model = Case

    respondent = factory.SubFactory(MemberFactory)
    summary = factory.Sequence(lambda n: f"Complaint number {n}")
    description = "The member misled the press about the works on the square."
    conduct_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from cases.services import ComplaintDetails, case_submit

        anonymous = kwargs.pop("anonymous", False)
        files = kwargs.pop("files", [])
        token = kwargs.pop("submission_token", None)
        kwargs.setdefault("is_anonymous", anonymous)
        if not anonymous:
            kwargs.setdefault("complainant_name", "Elena Citizen")
            kwargs.setdefault("complainant_email", "elena@example.org")
        filing = case_submit(
            actor=AnonymousUser(),
            details=ComplaintDetails(**kwargs),
            files=files,
            submission_token=token,
        )
        filing.case.receipt_code = filing.receipt_code
        return filing.case


# --- cases (issue E: the committee and the workflow) ----------------------------------
from cases.models import CommitteeMembership, CommitteeRole  # noqa: E402

# The panel's decision the ``drive`` fixture records on the way to ``decided``.
DECISION = {"outcome": "upheld", "sanction": "warning", "reasons": "The statement was false."}


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    """Raw membership row (a seat on the committee for a term that includes today)."""

    class Meta:
        model = CommitteeMembership

    user = factory.SubFactory(UserFactory)
    role = CommitteeRole.MEMBER
    term_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    term_end = None


def complaint_json(**overrides):
    """The body of an anonymous complaint filed through the API, changed by ``overrides``."""
    return {
        "respondent_name": "Ivan Pressov",
        "conduct_date": "2024-03-01",
        "summary": "False statement to the press",
        "description": "The press office said the works were finished. They were not.",
        "anonymous": True,
        **overrides,
    }


def english_api_client(**headers):
    """An API client that asks for English answers (messages are compared as text)."""
    from rest_framework.test import APIClient

    return APIClient(HTTP_ACCEPT_LANGUAGE="en", **headers)


# --- cases (evidence: hostile uploads) ------------------------------------------------
def zip_archive(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding ``members`` (name → content), compressed with ``compression``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_with(members: dict[str, bytes]) -> bytes:
    """A docx (its content types and ``word/document.xml``) plus or replaced by ``members``."""
    return zip_archive(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", **members}
    )


def pdf_with(catalog: bytes) -> bytes:
    """A one-object PDF whose catalog dictionary holds ``catalog`` (raw PDF syntax)."""
    return b"%PDF-1.4\n1 0 obj\n<</Type/Catalog" + catalog + b">>\nendobj\ntrailer\n<<>>\n%%EOF\n"
