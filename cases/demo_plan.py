"""The plan of the demo's past cases (``cases.demo_history``): when each was received,
how far it went and how it ended. Dates are days before today, so the last twelve
months and last calendar year both have cases in every figure: received and closed
each month, acknowledged in time or late (the deadline is 7 days), decided in time or
late (3 months), each outcome, each sanction, mediations settled, failed and ongoing,
appeals confirmed, changed, annulled and pending, and cases open in every state.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PastCase:
    days_ago: int  # received this many days before today
    target: str  # the state (or ending) it reaches: see cases.demo_history._run
    outcome: str = ""  # the panel's decision
    sanction: str = ""
    ack: int = 3  # days to acknowledge
    think: int = 20  # days of deliberation before the decision
    via_mediation: bool = False  # a mediation that failed came first
    changed_to: tuple[str, str] = ("", "")  # the appeal body's outcome and sanction


P = PastCase
HISTORY = [
    # last calendar year and before (about 20 to 11 months ago)
    P(600, "closed", "upheld", "warning", ack=2, think=14),
    P(590, "closed", "not_upheld", ack=5, think=30),
    P(580, "inadmissible", ack=1),
    P(572, "appeal-confirmed", "upheld", "reprimand", ack=4, think=25),
    P(565, "settled", ack=6),
    P(555, "closed", "partly_upheld", "recommendation", ack=9, think=70),
    P(548, "withdrawn", ack=3),
    P(540, "closed", "upheld", "suspension", ack=2, think=40),
    P(530, "closed", "upheld", "warning", ack=4, think=20, via_mediation=True),
    P(
        520,
        "appeal-changed",
        "upheld",
        "reprimand",
        ack=5,
        think=35,
        changed_to=("partly_upheld", "recommendation"),
    ),
    P(510, "closed", "not_upheld", ack=12, think=60),
    P(500, "inadmissible", ack=2),
    P(490, "closed", "upheld", "reprimand", ack=3, think=18),
    P(480, "settled", ack=4),
    P(470, "appeal-annulled", "upheld", "warning", ack=1, think=45),
    P(460, "closed", "partly_upheld", "warning", ack=6, think=80),
    P(450, "withdrawn", ack=8),
    P(440, "closed", "upheld", "warning", ack=2, think=12),
    P(430, "closed", "not_upheld", ack=5, think=25, via_mediation=True),
    P(420, "closed", "partly_upheld", "recommendation", ack=3, think=50),
    P(410, "inadmissible", ack=15),
    P(400, "closed", "upheld", "reprimand", ack=4, think=65),
    P(390, "settled", ack=2),
    P(380, "appeal-confirmed", "partly_upheld", "recommendation", ack=6, think=22),
    P(370, "closed", "not_upheld", ack=3, think=16),
    P(355, "withdrawn", ack=7),
    P(345, "closed", "upheld", "warning", ack=2, think=28),
    # the last twelve months
    P(330, "closed", "upheld", "reprimand", ack=3, think=35),
    P(320, "settled", ack=5),
    P(310, "inadmissible", ack=10),
    P(300, "appeal-confirmed", "upheld", "warning", ack=2, think=20),
    P(290, "closed", "not_upheld", ack=4, think=75),
    P(280, "closed", "partly_upheld", "recommendation", ack=6, think=15, via_mediation=True),
    P(270, "closed", "upheld", "suspension", ack=1, think=30),
    P(260, "withdrawn", ack=3),
    P(
        250,
        "appeal-changed",
        "upheld",
        "reprimand",
        ack=5,
        think=40,
        changed_to=("partly_upheld", "warning"),
    ),
    P(240, "closed", "partly_upheld", "warning", ack=9, think=55),
    P(230, "inadmissible", ack=2),
    P(220, "closed", "upheld", "reprimand", ack=4, think=18),
    P(210, "appeal-annulled", "partly_upheld", "recommendation", ack=3, think=25),
    P(200, "settled", ack=6),
    P(190, "closed", "not_upheld", ack=2, think=85),
    P(175, "appeal", "upheld", "warning", ack=4, think=30),
    P(160, "closed", "upheld", "warning", ack=11, think=20),
    P(140, "deliberation", ack=3, via_mediation=True),
    P(120, "decided", "partly_upheld", "warning", ack=3, think=70),
    P(110, "deliberation", ack=5),
    P(95, "awaiting_response", ack=2),
    P(80, "investigation", ack=6),
    P(60, "mediation", ack=4),
    P(45, "assessment", ack=9),
    P(30, "acknowledged", ack=3),
    P(20, "inadmissible", ack=1),
    P(15, "withdrawn", ack=2),
    P(12, "received"),
]

# Respondents (membership numbers): all seven municipalities of the demo members
# (municipality = number mod 7), none of the inactive ones; M-012 and M-024 are
# suspended by their cases (the 8th and the 34th).
RESPONDENTS = [
    "M-001",
    "M-002",
    "M-003",
    "M-004",
    "M-005",
    "M-006",
    "M-007",
    "M-012",
    "M-008",
    "M-009",
    "M-010",
    "M-013",
    "M-014",
    "M-015",
    "M-016",
    "M-017",
    "M-018",
    "M-019",
    "M-020",
    "M-021",
    "M-022",
    "M-023",
    "M-025",
    "M-026",
    "M-002",
    "M-003",
    "M-004",
    "M-005",
    "M-006",
    "M-008",
    "M-009",
    "M-010",
    "M-013",
    "M-024",
    "M-001",
    "M-014",
    "M-015",
    "M-016",
    "M-017",
    "M-018",
    "M-019",
    "M-020",
    "M-021",
    "M-022",
    "M-023",
    "M-025",
    "M-026",
    "M-001",
    "M-002",
    "M-003",
    "M-004",
    "M-005",
    "M-006",
    "M-007",
    "M-008",
]

SUMMARIES = [
    ("Подвеждащо съобщение за срока на ремонт", "Съобщението обявява ремонта за завършен."),
    ("Отказ на отговор на въпроси на местна медия", "Пресцентърът не отговаря на медията."),
    ("Неоповестен конфликт на интереси", "Кампания, възложена на свързана фирма."),
    ("Обидни отговори на граждани в социалните мрежи", "Подигравателни коментари."),
    ("Платена публикация, представена като новина", "Липсва обозначение за реклама."),
    ("Предизборна агитация със служебен профил", "Профилът на общината хвали кандидат."),
    ("Изтрити критични коментари на граждани", "Коментари без обиди са изтрити."),
    ("Неравно третиране на медии при акредитация", "Две медии не са допуснати."),
    ("Непълна информация за разходване на средства", "Липсват сумите по договора."),
    ("Използване на снимки без съгласие на автора", "Снимки без посочен автор."),
    ("Подарък от доставчик на общината", "Приет е скъп подарък от фирма."),
    ("Невярна статистика в годишния отчет", "Числата не отговарят на бюджета."),
]

# (name, email, phone): "" name is an anonymous complaint; few emails, so the outbox
# of past events stays small.
COMPLAINANTS = [
    ("", "", ""),
    ("Радослав Гражданов", "", "+359 88 100 0001"),
    ("", "", ""),
    ("Надежда Читателева", "", "+359 88 100 0002"),
    ("Сдружение „Прозрачна община“", "", "+359 2 100 0003"),
    ("Тодор Медиев", "todor.mediev@example.org", ""),
]
