"""What the Nu HTML Checker refused on our pages (issue I.10), read from a response:
the ids used twice, ``datetime`` attributes that are not valid HTML dates or times
(more than three digits of a second), and forms whose ``action`` is empty."""

import re
from collections import Counter
from html.parser import HTMLParser

# A valid global date and time (or a date): seconds with at most three decimals.
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = Counter()
        self.datetimes = []
        self.actions = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id") is not None:
            self.ids[attributes["id"]] += 1
        if "datetime" in attributes:
            self.datetimes.append(attributes["datetime"] or "")
        if tag == "form" and "action" in attributes:
            self.actions.append(attributes["action"] or "")


def collect(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def html_defects(html: str) -> list[str]:
    found = collect(html)
    defects = [f"duplicate id {name!r} ({n}×)" for name, n in found.ids.items() if n > 1]
    defects += [f"bad datetime {v!r}" for v in found.datetimes if not VALID_DATETIME.match(v)]
    defects += ["empty form action" for action in found.actions if not action.strip()]
    return defects
