"""Bulgarian all the way (issue I.3): every page every role can reach, read in
Bulgarian, shows none of the English source texts of the catalogue and none of the
keys the records store (states, outcomes, ledger kinds, actors, Python dicts).

One realistic data set: a case filed, acknowledged, assessed, investigated by a seated
panel with its rapporteur, replied to, voted, decided with a sanction, appealed by the
complainant, voted again by the appeal body and decided on appeal; a second case left
in deliberation under a legal hold; an anonymous complaint acknowledged; a member who
signed the code and one who has not yet.

What counts as "English left untranslated" (a principled rule, not a word list): every
catalogue entry whose Bulgarian differs from its English, cut at its placeholders
(``%(name)s``, ``%s``, ``{name}``); each literal piece of at least two words and eight
letters is looked for, as whole words, in the page's visible text. Shorter pieces
("Case", "CSV", "Email", "Vote") are also names, acronyms or parts of data, and the
raw keys are checked on their own below (as whole words, case-sensitive). Visible text:
the page's text without scripts, styles, templates and ``<pre>`` program listings, plus
the ``title``, ``aria-label``, ``placeholder``, ``alt`` and button ``value`` attributes
people see or hear.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases import labels, services, workflow
from cases.events import LedgerKind
from cases.models import (
    AppealOutcome,
    Body,
    Case,
    CaseOutcome,
    CaseState,
    PanelSeat,
    Party,
    VoteChoice,
)
from cases.principals import ReceiptHolder
from cases.workflow import Step
from code_of_conduct.models import ProvisionKind
from code_of_conduct.services.members import acceptance_sign
from code_of_conduct.services.versions import version_publish
from ethics_tracker.audit.verification_runs import (
    verification_run_execute,
    verification_run_request,
)
from ethics_tracker.core.history import tracked_models
from ethics_tracker.oversight.services import annual_report_publish, annual_report_save
from tests.factories import (
    PDF,
    CaseFactory,
    CodeVersionFactory,
    EthicsCodeFactory,
    MemberFactory,
    ProvisionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PO = Path(settings.BASE_DIR) / "locale" / "bg" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the catalogue ---------------------------------------------------------------------


def _unquote(line: str) -> str:
    quoted = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r'\\(["\\n])', lambda m: "\n" if m[1] == "n" else m[1], quoted)


def catalogue_entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every live entry of the Bulgarian catalogue (first plural form)."""
    entries, current, key = [], {}, None
    lines = PO.read_text(encoding="utf-8").splitlines() + [""]
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            if "msgid" in current:
                entries.append((current["msgid"], current.get("msgstr", "")))
            if not line:
                current, key = {}, None
            continue
        if line.startswith('"'):
            if key:
                current[key] = current.get(key, "") + _unquote(line)
            continue
        word = line.split(" ", 1)[0]
        key = {"msgstr[0]": "msgstr"}.get(word, word)
        if key in ("msgid", "msgstr", "msgctxt", "msgid_plural") and key not in current:
            current[key] = _unquote(line)
        else:
            key = None
    return [(msgid, msgstr) for msgid, msgstr in dict.fromkeys(entries) if msgid]


def english_phrases() -> set[str]:
    phrases = set()
    for msgid, msgstr in catalogue_entries():
        if not msgstr or msgstr == msgid:
            continue
        for piece in PLACEHOLDER.split(msgid):
            piece = " ".join(piece.split()).strip(" .,:;—-–()“”\"'")
            words = re.findall(r"[A-Za-z]+(?:'[a-z]+)?", piece)
            if len(words) >= 2 and sum(len(w) for w in words) >= 8:
                phrases.add(piece)
    return phrases


RAW_KEYS = {
    *CaseState.values,
    *CaseOutcome.values,
    *LedgerKind.values,
    *VoteChoice.values,
    *AppealOutcome.values,
    *Party.values,
    *Body.values,
    *Step.values,  # what a case waits for (Case.due_step)
    "warning",
    "reprimand",
    "suspension",
    "expulsion",
    "public",
    "complainant",
    "panel",
    "rapporteur",
    "appeal_decision",
    "decide_appeal",
    "None",  # Python's values, printed
    "True",
    "False",
}
RAW_MARKS = ("{'", "': ", "→ appeal")  # a dict printed, a diff of keys


# --- the page's visible text ------------------------------------------------------------


class _Text(HTMLParser):
    SKIP = {"script", "style", "template", "pre"}  # <pre>: program listings
    SEEN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        attrs = dict(attrs)
        for name in self.SEEN_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def finder(words) -> re.Pattern:
    """One regular expression for all ``words``, each as a whole word (longest first)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # A key as a word of its own ("message.bin", a file name, or "evidence/2026/…", a
    # storage path, is not the key "message" or "evidence").
    return re.compile(rf"(?<![\w./-])(?:{alternatives})(?![\w/-]|\.\w)")


RAW_KEY_FINDER = finder(RAW_KEYS)


def untranslated(text: str, phrases: re.Pattern) -> list[str]:
    found = set(phrases.findall(text)) | set(RAW_KEY_FINDER.findall(text))
    found |= {mark for mark in RAW_MARKS if mark in text}
    return sorted(found)


# --- the data set ----------------------------------------------------------------------
# Written in Bulgarian, as the association's own texts are: English here would be data,
# not an untranslated page.


@pytest.fixture
def published_version(db):
    """The code in force since 2020: a chapter with three articles, in Bulgarian."""
    code = EthicsCodeFactory(slug="asko", title="Етичен кодекс на сдружението")
    version = CodeVersionFactory(code=code, label="2020", title="Етичен кодекс (2020)")
    chapter = ProvisionFactory(
        version=version,
        kind=ProvisionKind.CHAPTER,
        position=1,
        number="I",
        key="ch-1",
        heading="Общи принципи",
        body="",
    )
    for position, heading in enumerate(("Истинност", "Уважение", "Конфликт"), start=2):
        ProvisionFactory(
            version=version,
            parent=chapter,
            position=position,
            number=str(position - 1),
            key=f"art-{position - 1}",
            heading=heading,
            body=f"Членът спазва принципа „{heading.lower()}“.",
        )
    day = datetime.date(2020, 1, 1)
    return version_publish(actor=None, version=version, adopted_on=day, effective_from=day)


def complaint(make, version, **fields):
    return make(
        code=version.code,
        summary="Невярно изявление пред медиите",
        description="Членът е заявил пред медиите, че ремонтът е завършен, а не е.",
        **fields,
    )


def act(case, name, actor, note="Записано.", **fields):
    fresh = Case.objects.get(pk=case.pk)
    return services.case_transition(actor=actor, case=fresh, name=name, note=note, **fields)


def to_deliberation(case, committee):
    """Filed → acknowledged → assessed → investigated by a panel → replied → deliberating."""
    chair = committee.chair
    case = act(case, "acknowledge", committee.secretary)
    case = act(case, "start_assessment", chair)
    for index, member in enumerate(committee.panel):
        services.panel_seat_add(actor=chair, case=case, user=member, rapporteur=index == 0)
    case = act(case, "open_investigation", chair)
    case = act(case, "request_response", chair)
    services.respondent_reply_submit(actor=case.respondent.user, case=case, body="Отговорът ми.")
    return act(case, "begin_deliberation", chair)


def decided_and_appealed(case, committee):
    """… → decided with a warning → appealed by the complainant → confirmed on appeal."""
    chair = committee.chair
    for member in committee.panel:
        services.vote_cast(actor=member, case=case, choice=VoteChoice.UPHOLD, reasons="Да.")
    case = act(
        case,
        "decide",
        chair,
        outcome=CaseOutcome.UPHELD,
        sanction="warning",
        reasons="Изявлението е невярно.",
    )
    case = act(case, "appeal", ReceiptHolder(case_id=case.pk), note="Несправедливо.")
    for member in committee.appeal_body:
        services.panel_seat_add(actor=chair, case=case, user=member)
        services.vote_cast(actor=member, case=case, choice=VoteChoice.CONFIRM, reasons="Съгласен.")
    return act(case, "decide_appeal", chair, reasons="Потвърдено при обжалването.")


def hearing_and_threads(case, committee):
    """Issue J on the case in deliberation: both threads, a message passed on, a file
    shared with the member, a hearing the member asked to move."""
    services.respondent_message_post(actor=case.respondent_user, case=case, body="Въпрос.")
    services.respondent_message_post(actor=committee.secretary, case=case, body="Отговор.")
    letter = services.case_message_post(
        actor=ReceiptHolder(case_id=case.pk),
        case=case,
        body="Още едно писмо.",
        files=[SimpleUploadedFile("писмо.pdf", PDF, "application/pdf")],
    )
    services.message_forward(
        actor=committee.secretary, case=case, message=letter, reason="За сведение.", body="Писмо."
    )
    services.evidence_share(
        actor=committee.secretary, case=case, item=letter.files.get(), shared=True, reason="Да."
    )
    hearing = services.hearing_schedule(
        actor=committee.chair,
        case=case,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Зала 1, общината",
    )
    services.hearing_reschedule_ask(
        actor=case.respondent_user, case=case, hearing=hearing, reason="В болница съм."
    )


@pytest.fixture
def world(make_committee, published_version, case_with_respondent_account):
    committee = make_committee()
    case = complaint(case_with_respondent_account, published_version, complainant_name="Елена")
    receipt_code, respondent_user = case.receipt_code, case.respondent_user
    case = decided_and_appealed(to_deliberation(case, committee), committee)
    case.receipt_code, case.respondent_user = receipt_code, respondent_user
    services.internal_note_add(actor=committee.chair, case=case, body="Бележка на състава.")
    pending = complaint(case_with_respondent_account, published_version)
    pending_code, pending_respondent = pending.receipt_code, pending.respondent_user
    pending = to_deliberation(pending, committee)
    pending.receipt_code, pending.respondent_user = pending_code, pending_respondent
    services.vote_cast(
        actor=committee.panel[0], case=pending, choice=VoteChoice.NOT_UPHOLD, reasons="Не."
    )
    services.case_legal_hold_set(
        actor=committee.chair, case=pending, on=True, reason="Искане на съда."
    )
    hearing_and_threads(pending, committee)
    paper = complaint(CaseFactory, published_version, anonymous=True)
    act(paper, "acknowledge", committee.secretary, note="Потвърдено.")
    member_user = UserFactory(username="reader", roles=["member"])
    MemberFactory(user=member_user, full_name="Мария Членова")
    signer = UserFactory(username="signer", roles=["member"])
    acceptance = acceptance_sign(
        actor=signer,
        member=MemberFactory(user=signer, full_name="Петър Подписал"),
        version=published_version,
        confirmed=True,
    )
    publication, report = register_and_report(case, committee.chair)
    auditor = UserFactory(username="auditor", roles=["auditor"])
    queued = verification_run_request(actor=auditor)
    done = verification_run_execute(verification_run_request(actor=auditor).pk)
    return {
        "runs": [queued, done],
        "committee": committee,
        "case": case,
        "pending": pending,
        "paper": paper,
        "version": published_version,
        "member": member_user,
        "signer": signer,
        "acceptance": acceptance,
        "auditor": auditor,
        "publication": publication,
        "report": report,
    }


def register_and_report(case, chair):
    """Issue K: the appealed case's decision in the public register, and this year's
    annual report published by the chair."""
    publication = services.decision_publish(
        actor=chair,
        case=case,
        summary="Изявлението пред медиите е невярно; решението е потвърдено при обжалване.",
        provisions=list(case.cited_provisions.all()),
        respondent_named=False,
        reason="Окончателно решение.",
    )
    report = annual_report_save(
        actor=chair, year=timezone.localdate().year, chair_text="Годината на комисията."
    )
    return publication, annual_report_publish(actor=chair, report=report, reason="Приет.")


def bulgarian(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="bg")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"
    if user is not None:
        client.force_login(user)
    return client


def pages_of(world) -> dict[str, tuple[Client, list[str]]]:
    committee, case, pending, version = (
        world["committee"],
        world["case"],
        world["pending"],
        world["version"],
    )
    slug, label = version.code.slug, version.label
    code_pages = [
        reverse("code_of_conduct:code_list"),
        reverse("code_of_conduct:code_detail", args=[slug]),
        reverse("code_of_conduct:version_list", args=[slug]),
        reverse("code_of_conduct:version_detail", args=[slug, label]),
        reverse("code_of_conduct:version_compare", args=[slug]),
    ]
    public = [
        reverse("home"),
        reverse("cases:file"),
        reverse("cases:how"),
        reverse("cases:follow"),
        reverse("audit:transparency"),
        reverse("login"),
        *code_pages,
        *public_oversight_pages(world),
    ]
    dashboard = reverse("oversight:dashboard")
    complainant, waiting = bulgarian(), bulgarian()
    complainant.post(
        reverse("cases:follow"), {"reference": case.reference, "receipt_code": case.receipt_code}
    )
    waiting.post(
        reverse("cases:follow"),
        {"reference": pending.reference, "receipt_code": pending.receipt_code},
    )
    committee_pages = [
        reverse("cases:committee_list"),
        reverse("cases:committee_case", args=[case.reference]),
        reverse("cases:committee_case", args=[pending.reference]),
    ]
    auditor_pages = [
        reverse("audit:index"),
        reverse("audit:trail"),
        reverse("audit:trail") + "?page=2",
        reverse("audit:ledger"),
        reverse("audit:ledger_verify"),
        reverse("audit:ledger_case", args=[case.reference]),
        reverse("audit:ledger_case", args=[pending.reference]),
        reverse("audit:checkpoints"),
        reverse("audit:access"),
        reverse("audit:verifications"),
        *(reverse("audit:verification", args=[run.pk]) for run in world["runs"]),
        *record_pages(),
        dashboard,
    ]
    return {
        "public": (bulgarian(), public),
        "complainant": (complainant, [reverse("cases:follow_case", args=[case.reference])]),
        "complainant waiting": (
            waiting,
            [
                reverse("cases:follow_case", args=[pending.reference]),
                reverse("cases:follow_withdraw", args=[pending.reference]),
            ],
        ),
        "respondent waiting": (
            bulgarian(pending.respondent_user),
            [reverse("cases:respondent_case", args=[pending.reference])],
        ),
        "member": (
            bulgarian(world["member"]),
            [
                reverse("members:me"),
                reverse("members:sign_version", args=[version.pk]),
                *code_pages,
            ],
        ),
        "member who signed": (
            bulgarian(world["signer"]),
            [
                reverse("members:me"),
                reverse("members:receipt", args=[world["acceptance"].receipt_id]),
            ],
        ),
        "respondent": (
            bulgarian(case.respondent_user),
            [
                reverse("cases:respondent_list"),
                reverse("cases:respondent_case", args=[case.reference]),
            ],
        ),
        "secretary": (
            bulgarian(committee.secretary),
            [
                reverse("cases:staff_list"),
                reverse("cases:staff_register"),
                reverse("cases:committee_case", args=[world["paper"].reference]),
                reverse("members:coverage", args=[version.pk]),
                reverse("members:paper"),
                reverse("cases:committee_members"),
                reverse("members:import"),
                reverse("code_of_conduct:code_create"),
                reverse("code_of_conduct:draft_create", args=[slug]),
                reverse("code_of_conduct:draft_import", args=[slug]),
                *committee_pages,
                dashboard,
            ],
        ),
        "chair": (
            bulgarian(committee.chair),
            [
                *committee_pages,
                reverse("cases:committee_members"),
                *code_pages,
                dashboard,
                *public_oversight_pages(world),
                reverse("reports:edit", args=[world["report"].year]),
            ],
        ),
        "committee member": (bulgarian(committee.panel[1]), committee_pages),
        "appeal body": (
            bulgarian(committee.appeal_body[1]),
            [reverse("cases:committee_case", args=[case.reference])],
        ),
        "auditor": (bulgarian(world["auditor"]), auditor_pages),
    }


def public_oversight_pages(world) -> list[str]:
    """Issue K's public pages: the register, one decision, the annual reports."""
    publication, year = world["publication"], world["report"].year
    return [
        reverse("register:list"),
        reverse("register:decision", args=[publication.year, publication.number]),
        reverse("reports:list"),
        reverse("reports:report", args=[year]),
    ]


def record_pages() -> list[str]:
    """The history page of the record with the longest history, of every tracked model
    the data set wrote (the decided and appealed case among them)."""
    urls = []
    for model in tracked_models():
        pk_name = model._meta.pk.attname
        longest = (
            model.history.values(pk_name)
            .annotate(versions=Count("history_id"))
            .order_by("-versions", pk_name)
            .first()
        )
        if longest is not None:
            urls.append(reverse("audit:record", args=[model._meta.label_lower, longest[pk_name]]))
    return urls


def in_context(text: str, words: str) -> str:
    at = text.find(words)
    return f"{words!r} in …{text[max(0, at - 50) : at + len(words) + 50]}…"


def test_every_page_of_every_role_reads_in_bulgarian(world):
    english = english_phrases()
    assert len(english) > 300  # the catalogue was read
    phrases = finder(english)
    problems = {}
    for role, (client, urls) in pages_of(world).items():
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                problems[f"{role} {url}"] = response.status_code
                continue
            text = visible_text(response.content.decode())
            found = untranslated(text, phrases)
            if found:
                problems[f"{role} {url}"] = [in_context(text, words) for words in found]
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


def test_the_records_keep_their_english_and_keys_and_the_pages_translate_them(world):
    """What is stored stays stable whatever language the writer read: the reasons in
    English, the ledger's kinds and payloads as keys."""
    case = world["case"]
    reasons = set(case.history.values_list("history_change_reason", flat=True))
    assert "Complaint filed by the complainant" in reasons
    assert {"Record the decision: Записано.", "Appeal the decision: Несправедливо."} <= reasons
    seats = PanelSeat.history.filter(case_id=case.pk)
    assert {"Seated on the panel", "Seated on the appeal", "Named rapporteur"} <= set(
        seats.values_list("history_change_reason", flat=True)
    )
    assert world["acceptance"].history.get().history_change_reason == "Signed online"
    decided = case.ledger_events.get(kind="transition", to_state=CaseState.DECIDED)
    assert decided.content.payload["outcome"] == "upheld"

    # … and are shown translated: the ledger's details as labelled fields, the
    # committee's timeline in words
    committee = world["committee"]
    ledger = bulgarian(world["auditor"]).get(reverse("audit:ledger_case", args=[case.reference]))
    page = ledger.content.decode()
    with translation.override("bg"):
        upheld, warning = str(CaseOutcome.UPHELD.label), workflow.sanction_label("warning")
        seated = str(labels.SEAT_ACTIONS[("seat", Body.PANEL)])
        filed = labels.reason_label("Complaint filed by the complainant")
        rapporteur = committee.panel[0].get_full_name()
    assert f'<dd data-detail="outcome">{upheld}</dd>' in page
    assert f'<dd data-detail="sanction">{warning}</dd>' in page
    assert f'<dd data-detail="user">{rapporteur}</dd>' in page
    assert 'data-from="deliberation" data-to="decided"' in page  # the keys, for machines
    committee_page = bulgarian(committee.chair).get(
        reverse("cases:committee_case", args=[case.reference])
    )
    text = visible_text(committee_page.content.decode())
    assert filed != "Complaint filed by the complainant" and filed in text
    assert f"{rapporteur} · {seated}" in text


def test_the_data_set_reaches_the_pages_of_issue_j(world):
    """The hearing, the threads, the message passed on and the shared file are on the
    pages the test above reads (so it reads them in Bulgarian)."""
    pending, committee = world["pending"], world["committee"]
    pages = pages_of(world)
    client, _urls = pages["respondent waiting"]
    member_page = client.get(reverse("cases:respondent_case", args=[pending.reference]))
    text = visible_text(member_page.content.decode())
    assert "Зала 1, общината" in text and "Писмо." in text and "Документ" in text
    chair_page = bulgarian(committee.chair).get(
        reverse("cases:committee_case", args=[pending.reference])
    )
    text = visible_text(chair_page.content.decode())
    assert "В болница съм." in text and "Въпрос." in text
