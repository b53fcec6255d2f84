"""Compare two versions provision by provision (by stable key), with word diffs.

Provisions with the same ``key`` are "the same provision" in both versions:
each pair is *unchanged* or *changed* (number, heading or text differ); a key
only in the newer version is *added*, one only in the older is *removed*. The
result follows the newer version's reading order, with each removed provision
placed after the provision that preceded it in the older one.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]+")


class ChangeStatus(models.TextChoices):
    ADDED = "added", _("Added")
    REMOVED = "removed", _("Removed")
    CHANGED = "changed", _("Changed")
    UNCHANGED = "unchanged", _("Unchanged")


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both (``equal``), only old or only new."""

    op: str  # "equal" | "delete" | "insert"
    text: str


@dataclass
class ProvisionChange:
    key: str
    status: str
    old: object = None  # Provision or None
    new: object = None
    number: list[Segment] = field(default_factory=list)
    heading: list[Segment] = field(default_factory=list)
    body: list[Segment] = field(default_factory=list)

    @property
    def provision(self):
        return self.new or self.old


@dataclass
class Comparison:
    old: object
    new: object
    changes: list[ProvisionChange]
    title: list[Segment] = field(default_factory=list)
    preamble: list[Segment] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in ChangeStatus}
        for change in self.changes:
            counts[change.status] += 1
        return counts

    @property
    def preamble_changed(self) -> bool:
        return any(segment.op != "equal" for segment in self.preamble)

    @property
    def title_changed(self) -> bool:
        return any(segment.op != "equal" for segment in self.title)

    @property
    def has_differences(self) -> bool:
        return (
            self.title_changed
            or self.preamble_changed
            or any(c.status != ChangeStatus.UNCHANGED for c in self.changes)
        )


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level diff: words, punctuation and whitespace are tokens.

    A change spanning several words reads as one removal and one addition
    ("Text of" → "Completely rewritten"), not as alternating fragments.
    """
    old_tokens, new_tokens = TOKEN_RE.findall(old or ""), TOKEN_RE.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    runs = [
        (tag == "equal", "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    segments: list[Segment] = []
    pending_old = pending_new = ""
    for index, (equal, old_text, new_text) in enumerate(runs):
        between_changes = 0 < index < len(runs) - 1 and old_text.isspace()
        if equal and not between_changes:
            _append(segments, "delete", pending_old)
            _append(segments, "insert", pending_new)
            pending_old = pending_new = ""
            _append(segments, "equal", old_text)
        else:
            pending_old, pending_new = pending_old + old_text, pending_new + new_text
    _append(segments, "delete", pending_old)
    _append(segments, "insert", pending_new)
    return segments


def _append(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def _pair(key: str, old, new) -> ProvisionChange:
    same = (old.kind, old.number, old.heading, old.body) == (
        new.kind,
        new.number,
        new.heading,
        new.body,
    )
    return ProvisionChange(
        key=key,
        status=ChangeStatus.UNCHANGED if same else ChangeStatus.CHANGED,
        old=old,
        new=new,
        number=word_diff(old.number, new.number),
        heading=word_diff(old.heading, new.heading),
        body=word_diff(old.body, new.body),
    )


def _only(key: str, provision, status: str) -> ProvisionChange:
    op = "insert" if status == ChangeStatus.ADDED else "delete"
    segments = {
        name: [Segment(op, getattr(provision, name))] if getattr(provision, name) else []
        for name in ("number", "heading", "body")
    }
    added = status == ChangeStatus.ADDED
    return ProvisionChange(
        key=key,
        status=status,
        old=None if added else provision,
        new=provision if added else None,
        **segments,
    )


def compare_provisions(old_version, old_provisions, new_version, new_provisions) -> Comparison:
    """Compare two lists of provisions (each in reading order) of two versions."""
    new_by_key = {p.key: p for p in new_provisions}
    old_by_key = {p.key: p for p in old_provisions}
    removed_after: dict[str | None, list] = {}
    anchor = None
    for provision in old_provisions:
        if provision.key in new_by_key:
            anchor = provision.key
        else:
            removed_after.setdefault(anchor, []).append(provision)
    changes = [_only(p.key, p, ChangeStatus.REMOVED) for p in removed_after.get(None, [])]
    for provision in new_provisions:
        if provision.key in old_by_key:
            changes.append(_pair(provision.key, old_by_key[provision.key], provision))
        else:
            changes.append(_only(provision.key, provision, ChangeStatus.ADDED))
        changes.extend(
            _only(p.key, p, ChangeStatus.REMOVED) for p in removed_after.get(provision.key, [])
        )
    return Comparison(
        old=old_version,
        new=new_version,
        changes=changes,
        title=word_diff(old_version.title, new_version.title),
        preamble=word_diff(old_version.preamble, new_version.preamble),
    )
