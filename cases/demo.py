"""Demo complaints and the committee's work on them, called by ``seed_demo`` after
the code and the members exist.

Idempotent by construction: each demo complaint is filed with a submission token
derived from its name and the secret key, so running again finds the same case
(and re-derives the same receipt code, printed so the demo can be followed), while
no one who reads this source can replay a token; committee memberships are added only
when missing, and a demo case is moved along only when it was just filed. Every
write goes through the services, and every state is reached by running the real
transitions. Without a published code version (issue B not loaded) nothing is made.
"""

import datetime
import hashlib
import hmac
import struct
import zlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from code_of_conduct.models import CodeVersion, Member, ProvisionKind, VersionState
from ethics_tracker.core.demo import DEMO_PASSWORD

from . import receipts, services
from .models import Case, CaseState, Channel, CommitteeMembership, CommitteeRole
from .principals import ReceiptHolder

# (name, anonymous, complainant, summary, description, days ago, cited articles, files)
DEMO_COMPLAINTS = [
    (
        "complaint-0001-web-named",
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
        "complaint-0002-web-anonymous",
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
        "complaint-0003-web-confidential",
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
        "complaint-0004-web-anonymous",
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
    seed_workflow(stdout, users, version)


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


def demo_token(name: str) -> str:
    """A demo case's submission token: the same on every run of this installation, but
    unknown without SECRET_KEY (a token written in the source would open the case)."""
    message = f"cases.demo-token:{name}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"demo-{digest[:40]}"


def _filed_before(name) -> services.Filing | None:
    """The demo case filed as ``name`` on an earlier run. Its dates moved on since, so
    filing it again would be another body, which its token refuses. Data seeded before
    tokens were keyed carries ``demo-<name>``: found too, so it is not filed twice (its
    token opens nothing through the API any more: such cases keep no body digest)."""
    for token in (demo_token(name), f"demo-{name}"):
        case = Case.objects.filter(submission_token_hash=receipts.token_hash(token)).first()
        if case is not None:
            code = receipts.receipt_code_for(token)
            return services.Filing(case=case, receipt_code=code, created=False)
    return None


def _file(row, version, respondent):
    name, _anonymous, complainant, summary, description, days_ago, cite, files = row
    details = _details(
        version,
        summary=summary,
        description=description,
        days_ago=days_ago,
        cite=cite,
        respondent=respondent,
        complainant=complainant,
    )
    return _filed_before(name) or services.case_submit(
        actor=AnonymousUser(),
        details=details,
        files=[_demo_file(kind, n) for n, kind in enumerate(files)],
        submission_token=demo_token(name),
    )


def _register_paper(secretary, version, respondents):
    if secretary is None:
        return None
    name = "complaint-0005-paper-named"
    if filed := _filed_before(name):
        return filed
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
        submission_token=demo_token(name),
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


# --- the committee and cases in every state (issue E) -------------------------------------

COMMITTEE = [
    ("chair", CommitteeRole.CHAIR),
    ("deputy", CommitteeRole.DEPUTY_CHAIR),
    ("committee1", CommitteeRole.MEMBER),
    ("committee2", CommitteeRole.MEMBER),
    ("committee3", CommitteeRole.MEMBER),
    ("lay", CommitteeRole.LAY),
    ("committee4", CommitteeRole.MEMBER),
    ("lay2", CommitteeRole.LAY),
    ("secretary", CommitteeRole.SECRETARY),
]
# An appeal needs a body without the first panel and without anyone recused: eight
# members with a vote (two of them lay), so that after one recusal and a panel of three
# there are four left, a lay member among them. The demo users have six; these three
# logins are added (committee3 sits on the demo's appeal body).
EXTRA_MEMBERS = [
    ("committee3", "Васил", "Апелативен"),
    ("committee4", "Гергана", "Резервна"),
    ("lay2", "Станимир", "Гражданинов"),
]
COMMITTEE_TERM_DAYS = 800
PANEL = ["committee1", "committee2", "lay"]
APPEAL_BODY = ["chair", "committee3", "lay2"]  # a lay member too (CASES_QUORUM_REQUIRES_LAY)

# (name, target state, summary) — filed about the demo member "member", then moved on.
WORKFLOW_CASES = [
    (
        "workflow-01-acknowledged",
        CaseState.ACKNOWLEDGED,
        "Неотговорени запитвания от граждани",
    ),
    ("workflow-02-assessment", CaseState.ASSESSMENT, "Реклама, представена като новина"),
    ("workflow-03-mediation", CaseState.MEDIATION, "Спор за авторство на снимки"),
    ("workflow-04-investigation", CaseState.INVESTIGATION, "Подвеждащи данни за бюджета"),
    ("workflow-05-awaiting", CaseState.AWAITING_RESPONSE, "Изтрити коментари на граждани"),
    ("workflow-06-deliberation", CaseState.DELIBERATION, "Непълна информация за ремонт"),
    ("workflow-07-decided", CaseState.DECIDED, "Пристрастно отразяване на събитие"),
    ("workflow-08-appeal", CaseState.APPEAL, "Използване на служебен профил за кампания"),
    ("workflow-09-inadmissible", CaseState.CLOSED, "Оплакване срещу частна фирма"),
    ("workflow-10-closed", CaseState.CLOSED, "Отказ на акредитация на медия"),
    ("workflow-11-withdrawn", CaseState.WITHDRAWN, "Грешна дата в съобщение"),
]


def seed_workflow(stdout, users, version) -> None:
    people = _seed_committee(stdout, users)
    if people is None:
        return
    respondent = (
        Member.objects.filter(user=users.get("member")).first()
        or Member.objects.filter(status="active").order_by("id").first()
    )
    if respondent is None:
        stdout.write("Demo cases through the workflow: skipped (no member to complain about).")
        return
    made = 0
    for name, target, summary in WORKFLOW_CASES:
        filing = _file_for_workflow(version, name, summary, respondent)
        if filing.created:
            made += 1
            _move(filing.case, target, people, inadmissible="inadmissible" in name)
        case = Case.objects.get(pk=filing.case.pk)
        stdout.write(f"  case {case.reference} ({case.state}): receipt code {filing.receipt_code}")
    stdout.write(f"Demo cases through the workflow: {made} new (committee: /complaints/committee/)")


def _seed_committee(stdout, users):
    admin = users.get("admin") or users.get("secretary")
    if admin is None or any(username not in users for username, _r in COMMITTEE[:2]):
        stdout.write("Demo committee: skipped (demo users missing).")
        return None
    people = dict(users)
    for extra in EXTRA_MEMBERS:
        people[extra[0]] = _extra_member(extra)
    added = 0
    for username, role in COMMITTEE:
        user = people[username]
        if not CommitteeMembership.objects.filter(user=user, role=role).exists():
            services.membership_add(
                actor=admin,
                user=user,
                role=role,
                # in office before the demo's oldest past case (cases.demo_history)
                term_start=timezone.localdate() - datetime.timedelta(days=COMMITTEE_TERM_DAYS),
                reason="Избрани от общото събрание (демонстрация)",
            )
            added += 1
    logins = ", ".join(username for username, _first, _last in EXTRA_MEMBERS)
    stdout.write(f"Demo committee: {added} new memberships (added logins: {logins})")
    return people


def _extra_member(extra):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    username, first, last = extra
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(*Group.objects.filter(name="committee_member"))
    return user


def _file_for_workflow(version, name, summary, respondent):
    details = _details(
        version,
        summary=summary,
        description="Примерна жалба за демонстрация на работата на комисията (не е истинска).",
        days_ago=12,
        cite=1,
        respondent=respondent,
        complainant=("Гражданин Демонстрационен", "demo.citizen@example.org", "", ""),
    )
    return _filed_before(name) or services.case_submit(
        actor=AnonymousUser(), details=details, submission_token=demo_token(name)
    )


def _share_demo_letter(case, secretary) -> None:
    """The member sees one document of the complaint (issue J): the complainant's letter,
    received on paper, registered and shared with them (as "Документ 1.txt")."""
    [letter] = services.evidence_register(
        actor=secretary, case=case, party="complainant", files=[_demo_file("text", 0)]
    )
    services.evidence_share(
        actor=secretary,
        case=case,
        item=letter,
        shared=True,
        reason="Членът трябва да може да отговори на писмото.",
    )


def _demo_thread(case, secretary) -> None:
    """The member's thread (issue J): a question of the member, the secretary's answer."""
    member_user = case.respondent.user if case.respondent_id else None
    if member_user is None:
        return
    services.respondent_message_post(
        actor=member_user, case=case, body="Мога ли да изпратя и протокола от заседанието?"
    )
    services.respondent_message_post(
        actor=secretary, case=case, body="Да, изпратете го заедно с отговора си."
    )


def _demo_hearing(case, chair) -> None:
    """A hearing of both parties a week ahead (issue J), on the case in deliberation."""
    start = timezone.localtime() + datetime.timedelta(days=7)
    services.hearing_schedule(
        actor=chair,
        case=case,
        starts_at=start.replace(hour=10, minute=0, second=0, microsecond=0),
        duration_minutes=90,
        place="Заседателна зала, ет. 2",
        video_link="https://video.example.org/asko-etika",
    )


def _step(case, name, actor, note, **fields):
    return services.case_transition(
        actor=actor, case=Case.objects.get(pk=case.pk), name=name, note=note, **fields
    )


def _move(case, target, people, *, inadmissible=False) -> None:
    """Run the real transitions from ``received`` to ``target``."""
    chair, secretary = people["chair"], people["secretary"]
    case = _step(case, "acknowledge", secretary, "Получена и потвърдена.")
    if target == CaseState.WITHDRAWN:
        services.case_withdraw(
            actor=ReceiptHolder(case_id=case.pk), case=case, reason="Недоразумението е изяснено."
        )
        return
    if target == CaseState.ACKNOWLEDGED:
        return
    case = _step(case, "start_assessment", chair, "Започва проверка.")
    if target == CaseState.ASSESSMENT:
        return
    if inadmissible:
        _step(case, "declare_inadmissible", chair, "Лицето не е член на асоциацията.")
        return
    if target == CaseState.MEDIATION:
        for party in ("complainant", "respondent"):
            services.mediation_consent_record(
                actor=secretary, case=case, party=party, note="Съгласие по телефона."
            )
        _step(case, "propose_mediation", chair, "Страните приеха помирение.")
        return
    for number, username in enumerate(PANEL):
        services.panel_seat_add(
            actor=chair, case=case, user=people[username], rapporteur=number == 0
        )
    case = _step(case, "open_investigation", chair, "Съставът е определен.")
    if target == CaseState.INVESTIGATION:
        services.conflict_declare(  # shows a recusal: the deputy no longer sees this case
            actor=people["deputy"], case=case, reason="Работили сме заедно в същата община."
        )
        return
    case = _step(case, "request_response", chair, "Изпратено искане за отговор.")
    if target == CaseState.AWAITING_RESPONSE:
        _share_demo_letter(case, secretary)
        _demo_thread(case, secretary)
        return
    member_user = case.respondent.user if case.respondent_id else None
    if member_user is not None:
        services.respondent_reply_submit(
            actor=member_user, case=case, body="Считам, че съм действал добросъвестно."
        )
    case = _step(case, "begin_deliberation", chair, "Отговорът е получен.")
    if target == CaseState.DELIBERATION:
        _demo_hearing(case, chair)
        return
    for username in PANEL:
        services.vote_cast(actor=people[username], case=case, choice="uphold", reasons="Доказано.")
    case = _step(
        case,
        "decide",
        chair,
        "Решение на заседание на състава.",
        outcome="upheld",
        sanction="warning",
        reasons="Публикуваната информация е подвеждаща.",
    )
    if target == CaseState.DECIDED:
        return
    case = _step(case, "appeal", ReceiptHolder(case_id=case.pk), "Санкцията е твърде лека.")
    if target == CaseState.APPEAL:
        return
    for username in APPEAL_BODY:
        services.panel_seat_add(actor=chair, case=case, user=people[username])
        services.vote_cast(actor=people[username], case=case, choice="confirm", reasons="Да.")
    _step(case, "decide_appeal", chair, "Решение по жалбата.", reasons="Решението се потвърждава.")
