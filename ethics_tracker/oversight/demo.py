"""Last year's annual ethics report, written and published by the demo chair in
February (under the demo clock), so /reports/ has a public report at first run; called
by ``seed_demo`` after the past cases and the register. Idempotent: a report of that
year that exists already (draft or published) is left as it is.
"""

import datetime

from django.utils import timezone

from ethics_tracker.core.demo import demo_clock, demo_instant

from .models import AnnualReport
from .services import annual_report_publish, annual_report_save

CHAIR_TEXT = """През изминалата година комисията по етика разгледа всички постъпили \
сигнали в сроковете на правилника, с изключение на няколко случая на забавено \
потвърждаване, за които секретариатът вече работи по-бързо.

Най-често сигналите засягаха истинността на съобщенията на общините и отношението \
към гражданите в социалните мрежи. Част от тях бяха решени чрез медиация, а в \
случаите на доказано нарушение комисията наложи предупреждения, порицания и едно \
временно прекратяване на членството.

Благодарим на членовете, подписали действащия кодекс, и призоваваме останалите да \
го направят. Решенията, които комисията реши да публикува, са в публичния регистър."""
REASON = "Приет от комисията на годишното заседание."


def seed(stdout, users) -> None:
    chair = users.get("chair")
    year = timezone.localdate().year - 1
    if chair is None or AnnualReport.objects.filter(year=year).exists():
        stdout.write(f"Demo annual report {year}: nothing new")
        return
    published_on = min(datetime.date(year + 1, 2, 15), timezone.localdate())
    with demo_clock(min(demo_instant(published_on, hour=11), timezone.now())):
        report = annual_report_save(actor=chair, year=year, chair_text=CHAIR_TEXT)
        annual_report_publish(actor=chair, report=report, reason=REASON)
    stdout.write(f"Demo annual report {year}: published (/reports/{year}/)")
