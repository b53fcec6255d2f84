"""The code of conduct's stored history reasons, in the reader's language (issue I.3).

The services write their fixed reasons with ``gettext_noop`` (stored in English,
translated when shown); these are the ones with a value in them.
"""

from django.utils.translation import gettext_noop

from ethics_tracker.core.labels import Pattern, stored_text

REASON_PATTERNS = (
    Pattern(gettext_noop("Draft started from %(label)s")),
    Pattern(gettext_noop("Copied from %(label)s")),
    Pattern(gettext_noop("Superseded by %(label)s")),
)


def reason_label(reason: str | None) -> str:
    return stored_text(reason, REASON_PATTERNS)
