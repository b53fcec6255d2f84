"""Stored English, read in the reader's language.

Records keep what they stored: history reasons in English, keys of choices
("decided", "upheld"), ledger kinds. Pages translate them when they show them:

- ``stored_text(text, patterns)``: a stored English sentence in the active language.
  The sentence is a catalogue entry (the writer marked it with ``gettext_noop``), or
  it matches one of ``patterns`` (``"Superseded by %(label)s"``: the pattern is
  translated and the values put back, each through its own label function), or it
  is ``"<label>: <free text>"`` whose label is a catalogue entry (a workflow step and
  its note). Anything else is shown as stored.
- ``value_label(field, value)``: a model field's stored value as a reader reads it:
  the display label of its choices, yes/no, a local date and time, "—" for nothing.

This module knows no app: the apps give their patterns and label functions.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

EMPTY = "—"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Pattern:
    """A stored sentence with ``%(name)s`` slots; ``labels`` maps a slot to the
    function that shows its stored value (a key) in the active language."""

    msgid: str
    labels: dict[str, Callable[[str], str]] = field(default_factory=dict)

    def match(self, text: str) -> dict | None:
        pieces = _PLACEHOLDER.split(self.msgid)
        last = len(pieces) - 2 if pieces[-1] == "" else None  # a slot that ends the sentence
        # A slot that ends the sentence stops at ": ", so that "Added as lay: <note>" reads
        # as the sentence and its note (see stored_text), not as a role "lay: <note>".
        regex = "".join(
            re.escape(piece)
            if index % 2 == 0
            else (f"(?P<{piece}>(?:(?!: ).)+?)" if index == last else f"(?P<{piece}>.+?)")
            for index, piece in enumerate(pieces)
        )
        found = re.fullmatch(regex, text, flags=re.DOTALL)
        return found.groupdict() if found else None

    def render(self, values: dict) -> str:
        shown = {
            name: str(self.labels[name](value)) if name in self.labels else value
            for name, value in values.items()
        }
        return gettext(self.msgid) % shown


def translated(msgid: str) -> str | None:
    """The catalogue's translation of ``msgid`` in the active language, or None."""
    if not msgid:
        return None  # gettext("") is the catalogue's header
    text = gettext(msgid)
    return text if text != msgid else None


def stored_text(text: str | None, patterns=()) -> str:
    """A stored English sentence (a history reason, a ledger note) for the reader."""
    if not text:
        return ""
    whole = translated(text)
    if whole is not None:
        return whole
    for pattern in patterns:
        values = pattern.match(text)
        if values is not None:
            return pattern.render(values)
    head, separator, tail = text.partition(": ")
    if separator and head:
        label = translated(head) or next(
            (p.render(v) for p in patterns if (v := p.match(head)) is not None), None
        )
        if label is not None:
            return f"{label}: {stored_text(tail, patterns)}"
    return text


YES_NO = {True: _("Yes"), False: _("No")}


def value_label(model_field, value, *, labels: Callable[[str], str] | None = None) -> str:
    """``value`` of ``model_field`` as the reader reads it (``get_FOO_display`` and more).

    ``labels`` shows the keys of a field without choices (e.g. a stored step name).
    """
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(YES_NO[value])
    choices = getattr(model_field, "flatchoices", None) if model_field is not None else None
    if choices:
        shown = dict(choices).get(value)
        if shown is not None:
            return str(shown)
    if labels is not None:
        shown = labels(value)
        if shown:
            return str(shown)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dict | list):
        # Structured data (an annual report's frozen figures) is not read as a Python
        # literal: the page says how much there is; the API gives it as stored.
        count = len(value)
        return ngettext(
            "Structured data: %(count)d entry (in full in the API)",
            "Structured data: %(count)d entries (in full in the API)",
            count,
        ) % {"count": count}
    return str(value)
