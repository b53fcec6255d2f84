"""Twenty months of past demo cases, so that every figure of the oversight dashboard
(issue K) and last year's annual report show something: called by ``seed_demo`` after
the members and before today's demo cases (their references then follow the dates).

Each past case is filed and moved on by the real services under the demo clock
(``ethics_tracker.core.demo.demo_clock``), step by step at the day the plan gives, so
the ledger, the history and the deadlines read as if it had happened then. The emails
those steps queued were due then: they are marked sent as of then (to nobody: the
dummy mail backend), so that ``send_outbox`` does not mail hundreds of stale notices
today. Idempotent
as ``cases.demo``: a case is found by its submission token and moved only when it was
just filed. The plan is in ``demo_plan``; a step that would fall in the future (never,
with the plan's dates) is not taken.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.test.utils import override_settings
from django.utils import timezone

from code_of_conduct.models import CodeVersion, Member, ProvisionKind, VersionState
from code_of_conduct.selectors.versions import version_in_force_on
from ethics_tracker.core.demo import demo_clock, demo_instant
from ethics_tracker.core.outbox import outbox_send_due

from . import services
from .demo import _filed_before, _seed_committee, demo_token
from .demo_plan import COMPLAINANTS, HISTORY, RESPONDENTS, SUMMARIES, PastCase
from .models import Case, CommitteeMembership, CommitteeRole
from .principals import ReceiptHolder

PANELS = [["committee1", "committee2", "lay"], ["deputy", "committee4", "lay2"]]
APPEAL_BODY = ["chair", "committee3", "lay2"]
VOTE = {"upheld": "uphold", "partly_upheld": "partly_uphold", "not_upheld": "not_uphold"}
APPEAL_VOTE = {"confirmed": "confirm", "changed": "change", "annulled": "annul"}


class _InTheFuture(Exception):
    """The plan's next step would be after now: the case stays where it is."""


def seed(stdout, users) -> None:
    version = CodeVersion.objects.filter(state=VersionState.PUBLISHED).order_by("id").first()
    people = _seed_committee(stdout, users) if version else None
    if people is None:
        stdout.write("Demo history: skipped (no code in force or no committee).")
        return
    start = timezone.localdate() - datetime.timedelta(days=max(c.days_ago for c in HISTORY))
    if not _committee_in_office_on(start):
        stdout.write(
            "Demo history: skipped (the demo committee took office after "
            f"{start:%d.%m.%Y}; start from a new database to see it)."
        )
        return
    members = {
        m.membership_number: m for m in Member.objects.filter(membership_number__in=RESPONDENTS)
    }
    made = 0
    for number, past in enumerate(HISTORY):
        name = f"history-{number + 1:02d}-{past.target}"
        if _filed_before(name) is not None:
            continue
        respondent = members.get(RESPONDENTS[number % len(RESPONDENTS)])
        _play(_file(name, number, past, version.code, respondent), past, people, number)
        made += 1
    stdout.write(f"Demo history: {made} new past cases over {len(HISTORY)} planned")


def _committee_in_office_on(day) -> bool:
    chair = CommitteeMembership.objects.filter(role=CommitteeRole.CHAIR, term_start__lte=day)
    return chair.exists()


def _file(name, number, past, code, respondent) -> Case:
    received = demo_instant(_day(past.days_ago), hour=9 + number % 8, minute=number % 60)
    conduct = received.date() - datetime.timedelta(days=5 + number % 30)
    version = version_in_force_on(code, conduct)
    articles = list(version.provisions.filter(kind=ProvisionKind.ARTICLE).order_by("position"))
    cited = [articles[(number * 3) % len(articles)]]
    if number % 4 == 1:
        cited.append(articles[(number * 3 + 5) % len(articles)])
    summary, description = SUMMARIES[number % len(SUMMARIES)]
    name_, email, phone = COMPLAINANTS[number % len(COMPLAINANTS)]
    details = services.ComplaintDetails(
        code=code,
        respondent=respondent,
        respondent_name="" if respondent else "Служител на пресцентъра",
        conduct_date=conduct,
        summary=summary,
        description=description,
        provisions=cited,
        is_anonymous=not name_,
        complainant_name=name_,
        complainant_email=email,
        complainant_phone=phone,
        complainant_organisation="",
        confidentiality_requested=bool(name_ and not email),
    )
    with demo_clock(received):
        filing = services.case_submit(
            actor=AnonymousUser(), details=details, submission_token=demo_token(name)
        )
    return filing.case


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


class _Story:
    """One case's steps, each run at its day under the demo clock."""

    def __init__(self, case, people, received):
        self.case, self.people, self.received = case, people, received
        self.now = timezone.now()
        self.day = 0  # days since the case was received
        self.last = received  # the instant of the last step taken

    def at(self, days, act, *args, **kwargs):
        self.day = days
        instant = self.received + datetime.timedelta(days=days, minutes=7)
        if instant > self.now - datetime.timedelta(hours=1):
            raise _InTheFuture
        self.last = instant
        with demo_clock(instant):
            return act(*args, **kwargs)

    def day_after(self, due: datetime.date) -> int:
        """The first day (since receipt) after a deadline of the case."""
        return (due - timezone.localtime(self.received).date()).days + 1

    def step(self, days, name, who, note, **fields):
        def run():
            self.case = services.case_transition(
                actor=self._actor(who),
                case=Case.objects.get(pk=self.case.pk),
                name=name,
                note=note,
                **fields,
            )

        self.at(days, run)

    def _actor(self, who):
        return ReceiptHolder(case_id=self.case.pk) if who == "complainant" else self.people[who]

    def seat(self, days, usernames, *, rapporteur=True):
        def run():
            for n, username in enumerate(usernames):
                services.panel_seat_add(
                    actor=self.people["chair"],
                    case=self.case,
                    user=self.people[username],
                    rapporteur=rapporteur and n == 0,
                )

        self.at(days, run)

    def votes(self, days, usernames, choice, minority=None):
        def run():
            for n, username in enumerate(usernames):
                services.vote_cast(
                    actor=self.people[username],
                    case=self.case,
                    choice=minority if minority and n == len(usernames) - 1 else choice,
                    reasons="Мотивите са изложени в решението.",
                )

        self.at(days, run)


def _play(case, past: PastCase, people, number) -> None:
    story = _Story(case, people, case.received_at)
    try:
        _run(story, past, number)
    except _InTheFuture:
        pass
    _deliver_past(story.last)


def _deliver_past(instant) -> None:
    """Send, as of ``instant``, what the case's steps queued by then (see above)."""
    dummy = "django.core.mail.backends.dummy.EmailBackend"
    with demo_clock(instant), override_settings(EMAIL_BACKEND=dummy):
        while outbox_send_due(limit=500, now=instant).sent:
            pass


def _run(story: _Story, past: PastCase, number: int) -> None:
    target = past.target
    if target == "received":
        return
    story.step(past.ack, "acknowledge", "secretary", "Получена и потвърдена.")
    if target == "withdrawn":
        story.at(
            past.ack + 6,
            services.case_withdraw,
            actor=ReceiptHolder(case_id=story.case.pk),
            case=story.case,
            reason="Въпросът е решен с общината.",
        )
        return
    if target == "acknowledged":
        return
    story.step(past.ack + 2, "start_assessment", "chair", "Започва проверка на допустимостта.")
    if target == "assessment":
        return
    if target == "inadmissible":
        story.step(
            past.ack + 12,
            "declare_inadmissible",
            "chair",
            "Оплакването е извън обхвата на кодекса.",
        )
        return
    panel = PANELS[0] if target.startswith("appeal") else PANELS[number % 2]
    if past.via_mediation or target in ("mediation", "settled"):
        _mediate(story, past, panel)
        if target in ("mediation", "settled"):
            return
    else:
        story.seat(past.ack + 9, panel)
        story.step(past.ack + 10, "open_investigation", "chair", "Съставът е определен.")
    _investigate(story, past, panel)


def _mediate(story: _Story, past: PastCase, panel) -> None:
    for party in ("complainant", "respondent"):
        story.at(
            past.ack + 8,
            services.mediation_consent_record,
            actor=story.people["secretary"],
            case=story.case,
            party=party,
            note="Съгласие по телефона.",
        )
    story.step(past.ack + 10, "propose_mediation", "chair", "Страните приеха помирение.")
    if past.target == "mediation":
        return
    if past.target == "settled":
        story.step(
            past.ack + 35,
            "resolve",
            "chair",
            "Страните постигнаха съгласие: съобщението е поправено.",
        )
        return
    story.seat(past.ack + 39, panel)
    story.step(past.ack + 40, "mediation_failed", "chair", "Помирението не успя.")


def _investigate(story: _Story, past: PastCase, panel) -> None:
    start = story.day
    if past.target == "investigation":
        return
    story.step(start + 3, "request_response", "chair", "Изпратено искане за отговор.")
    if past.target == "awaiting_response":
        return
    replied = story.day_after(story.case.reply_due_on)
    story.step(replied, "begin_deliberation", "chair", "Срокът за отговор изтече.")
    if past.target == "deliberation":
        return
    decided = replied + past.think
    minority = "not_uphold" if past.outcome == "upheld" and past.think % 2 else None
    story.votes(decided, panel, VOTE[past.outcome], minority)
    story.step(
        decided,
        "decide",
        "chair",
        "Решение на заседание на състава.",
        outcome=past.outcome,
        sanction=past.sanction or "none",
        suspension_months=2 if past.sanction == "suspension" else None,
        reasons="Мотивите са изложени в решението.",
    )
    if past.target == "decided":
        return
    if not past.target.startswith("appeal"):
        closed = story.day_after(story.case.appeal_due_on)
        story.step(closed, "close", "chair", "Срокът за обжалване изтече.")
        return
    story.step(decided + 10, "appeal", "complainant", "Не съм съгласен с решението.")
    if past.target == "appeal":
        return
    _decide_appeal(story, past, decided + 40)


def _decide_appeal(story: _Story, past: PastCase, day) -> None:
    story.seat(day - 5, APPEAL_BODY, rapporteur=False)
    result = past.target.removeprefix("appeal-")
    story.votes(day, APPEAL_BODY, APPEAL_VOTE[result])
    changed = {}
    if result == "changed":
        changed = {"outcome": past.changed_to[0], "sanction": past.changed_to[1]}
    story.step(
        day,
        "decide_appeal",
        "chair",
        "Решение по жалбата.",
        reasons="Апелативният състав разгледа жалбата.",
        **changed,
    )
