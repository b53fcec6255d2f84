"""Demo complaints, called by ``seed_demo`` after the code and the members exist.

Idempotent by construction: each demo complaint is filed with a fixed submission
token, so running again finds the same case (and re-derives the same receipt
code, printed so the demo can be followed). Every write goes through the
services. Without a published code version (issue B not loaded) nothing is made.
"""

import datetime
import struct
import zlib

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from code_of_conduct.models import CodeVersion, Member, ProvisionKind, VersionState

from . import services
from .models import Channel

# (token, anonymous, complainant, summary, description, days ago, cited articles, files)
DEMO_COMPLAINTS = [
    (
        "demo-complaint-0001-web-named",
        False,
        ("Елена Гражданова", "elena.grazhdanova@example.org", "", ""),
        "Невярна информация в прессъобщение на общината",
        "Прессъобщението от посочената дата твърди, че ремонтът е завършен, "
        "а строителите все още работят. Прилагам снимка и копие на съобщението.",
        40,
        1,
        ["photo", "text"],
    ),
    (
        "demo-complaint-0002-web-anonymous",
        True,
        None,
        "Отказ на информация на журналист по политически причини",
        "Служител в пресцентъра е отказал отговор на въпроси на местна медия и е казал, "
        "че „на тази медия не се отговаря“. Подавам сигнала анонимно.",
        20,
        2,
        ["text"],
    ),
    (
        "demo-complaint-0003-web-confidential",
        False,
        ("Петко Свидетелев", "", "+359 88 000 0000", "Сдружение „Граждански контрол“"),
        "Скрит конфликт на интереси при рекламна кампания",
        "Кампанията на общината е възложена на фирма, свързана с роднина на служителя, "
        "без това да бъде обявено.",
        10,
        1,
        [],
    ),
    (
        "demo-complaint-0004-web-anonymous",
        True,
        None,
        "Обидни коментари към граждани в социалните мрежи",
        "От официалния профил на общината са публикувани подигравателни отговори на граждани.",
        3,
        0,
        ["photo"],
    ),
]


def seed(stdout, users) -> None:
    version = CodeVersion.objects.filter(state=VersionState.PUBLISHED).order_by("id").first()
    if version is None:
        stdout.write("Demo complaints: skipped (no published code version yet).")
        return
    members = list(Member.objects.order_by("id")[: len(DEMO_COMPLAINTS)])
    made = 0
    for index, row in enumerate(DEMO_COMPLAINTS):
        filing = _file(row, version, members[index] if index < len(members) else None)
        made += filing.created
        stdout.write(f"  complaint {filing.case.reference}: receipt code {filing.receipt_code}")
    filing = _register_paper(users.get("secretary"), version, members[:1])
    if filing is not None:
        made += filing.created
        stdout.write(f"  complaint {filing.case.reference}: receipt code {filing.receipt_code}")
    stdout.write(f"Demo complaints: {made} new (follow them at /complaints/follow/)")


def _details(version, *, summary, description, days_ago, cite, respondent, complainant):
    today = timezone.localdate()
    conduct = today - datetime.timedelta(days=days_ago)
    if version.effective_from and conduct < version.effective_from:
        conduct = version.effective_from
    articles = list(version.provisions.filter(kind=ProvisionKind.ARTICLE).order_by("position"))
    name, email, phone, organisation = complainant or ("", "", "", "")
    return services.ComplaintDetails(
        code=version.code,
        respondent=respondent,
        respondent_name="" if respondent else "Служител на пресцентъра",
        conduct_date=conduct,
        summary=summary,
        description=description,
        provisions=articles[:cite],
        is_anonymous=complainant is None,
        complainant_name=name,
        complainant_email=email,
        complainant_phone=phone,
        complainant_organisation=organisation,
        confidentiality_requested=bool(complainant and not email),
    )


def _file(row, version, respondent):
    token, _anonymous, complainant, summary, description, days_ago, cite, files = row
    details = _details(
        version,
        summary=summary,
        description=description,
        days_ago=days_ago,
        cite=cite,
        respondent=respondent,
        complainant=complainant,
    )
    return services.case_submit(
        actor=AnonymousUser(),
        details=details,
        files=[_demo_file(kind, n) for n, kind in enumerate(files)],
        submission_token=token,
    )


def _register_paper(secretary, version, respondents):
    if secretary is None:
        return None
    details = _details(
        version,
        summary="Писмо: неравно третиране на медиите при акредитация",
        description="Писмо, получено по пощата. Авторът твърди, че две медии не са "
        "допуснати до пресконференция без обяснение.",
        days_ago=25,
        cite=1,
        respondent=respondents[0] if respondents else None,
        complainant=("Иван Писмов", "", "", ""),
    )
    return services.case_register(
        actor=secretary,
        details=details,
        channel=Channel.PAPER,
        received_at=timezone.now() - datetime.timedelta(days=2),
        submission_token="demo-complaint-0005-paper-named",
    )


def _demo_file(kind, number):
    if kind == "photo":
        return SimpleUploadedFile(f"snimka-{number + 1}.png", _tiny_png(), "image/png")
    text = "Примерно доказателство за демонстрацията (не е истински документ).\n"
    return SimpleUploadedFile(f"belezhka-{number + 1}.txt", text.encode(), "text/plain")


def _tiny_png() -> bytes:
    """A valid 2×2 grey PNG, written out so the demo needs no image files."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
