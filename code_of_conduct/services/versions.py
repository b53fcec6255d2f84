"""Every write to codes, versions and provisions (issue B).

Pages, the API, the admin, ``import_code`` and the demo data all come through
here. ``actor`` is the user acting; ``None`` means the system itself (a
management command run by an operator), which skips the policy check.

A version is edited only while it is a draft: each write locks the version row
and re-reads its state, and raises ``VersionLocked`` (HTTP 409) otherwise. The
model refuses such a save too, as a last line of defence.
"""

import datetime
import re
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from ethics_tracker.core import calendar, policy
from ethics_tracker.core.history import account, delete_tracked, save_tracked, track

from ..canonical import content_hash
from ..importer import ParsedCode, parse_code
from ..models import (
    CodeVersion,
    EthicsCode,
    Provision,
    ProvisionKind,
    VersionLocked,
    VersionState,
)

__all__ = [
    "code_create",
    "code_update",
    "provision_create",
    "provision_delete",
    "provision_move",
    "provision_update",
    "version_create_draft",
    "version_delete_draft",
    "version_import",
    "version_publish",
    "version_update_draft",
]

RESERVED_CODE_SLUGS = {"new"}
LABEL_RE = re.compile(r"^[\w.-]+$")
DRAFT_FIELDS = ("label", "title", "preamble", "is_sample")
PROVISION_TEXT_FIELDS = ("key", "number", "heading", "body")
ALLOWED_PARENT_KIND = {
    ProvisionKind.CHAPTER: {None},
    ProvisionKind.ARTICLE: {None, ProvisionKind.CHAPTER},
    ProvisionKind.PARAGRAPH: {ProvisionKind.ARTICLE},
}


def _require(actor, action: str, obj=None) -> None:
    if actor is not None:  # None: the system (a management command)
        policy.require(actor, action, obj)


# --- codes -----------------------------------------------------------------------


@transaction.atomic
def code_create(*, actor, slug: str, title: str, description: str = "") -> EthicsCode:
    """Create a code the association keeps (its own, a joint code, a charter…)."""
    _require(actor, "code.create")
    if slug in RESERVED_CODE_SLUGS:
        raise ValidationError({"slug": _("This short name is reserved; choose another.")})
    code = EthicsCode(slug=slug, title=title, description=description)
    save_tracked(code, actor=actor, reason=gettext_noop("Code created"))
    return code


@transaction.atomic
def code_update(*, actor, code: EthicsCode, title: str, description: str = "") -> EthicsCode:
    """Change a code's title and description (its short name stays: links use it)."""
    _require(actor, "code.edit", code)
    code.title, code.description = title, description
    save_tracked(code, actor=actor, reason=gettext_noop("Code details changed"))
    return code


# --- versions --------------------------------------------------------------------


def _lock_draft(version: CodeVersion) -> CodeVersion:
    """The version's row, locked, re-read; refused unless it is still a draft."""
    locked = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if locked.state != VersionState.DRAFT:
        raise VersionLocked()
    return locked


def _check_label(label: str) -> None:
    if not LABEL_RE.match(label or ""):
        raise ValidationError(
            {"label": _("Use letters, digits, dots and hyphens only, e.g. 2003 or 2019-rev.")}
        )


@transaction.atomic
def version_create_draft(
    *,
    actor,
    code: EthicsCode,
    label: str,
    title: str | None = None,
    preamble: str | None = None,
    is_sample: bool = False,
    copy_current: bool = False,
) -> CodeVersion:
    """Start a draft: blank, or (``copy_current``) a copy of the version in force.

    A copy takes the title, preamble and every provision with its key, so the
    comparison with the version in force shows only what the draft changes.
    """
    _require(actor, "version.create", code)
    _check_label(label)
    source = None
    if copy_current:
        source = CodeVersion.objects.filter(code=code, state=VersionState.PUBLISHED).first()
        if source is None:
            raise ValidationError(_("This code has no version in force to copy."))
    version = CodeVersion(
        code=code,
        label=label,
        title=title or (source.title if source else code.title),
        preamble=preamble if preamble is not None else (source.preamble if source else ""),
        is_sample=is_sample or bool(source and source.is_sample),
        based_on=source,
        created_by=account(actor),
    )
    save_tracked(
        version,
        actor=actor,
        reason=f"Draft started from {source.label}" if source else gettext_noop("Draft started"),
    )
    if source is not None:
        originals = list(source.provisions.order_by("position"))
        _create_provisions(
            version,
            [
                (p.pk, p.parent_id, {f: getattr(p, f) for f in ("kind", *PROVISION_TEXT_FIELDS)})
                for p in originals
            ],
            actor,
            f"Copied from {source.label}",
        )
    return version


@transaction.atomic
def version_update_draft(*, actor, version: CodeVersion, **changes) -> CodeVersion:
    """Change a draft's label, title, preamble or sample flag."""
    _require(actor, "version.edit", version)
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(unknown))
    version = _lock_draft(version)
    if "label" in changes:
        _check_label(changes["label"])
    for name, value in changes.items():
        setattr(version, name, value)
    save_tracked(version, actor=actor, reason=gettext_noop("Draft details changed"))
    return version


@transaction.atomic
def version_delete_draft(*, actor, version: CodeVersion) -> None:
    """Throw a draft away with its provisions. Published versions stay forever."""
    _require(actor, "version.delete", version)
    version = _lock_draft(version)
    delete_tracked(version, actor=actor, reason=gettext_noop("Draft deleted"))


@transaction.atomic
def version_publish(
    *, actor, version: CodeVersion, adopted_on=None, effective_from=None
) -> CodeVersion:
    """Publish a draft, in one transaction; it takes effect on ``effective_from``.

    Stamps the general assembly's adoption date (default: today), the date it
    takes effect (default: the adoption date), who published it and when, and
    the SHA-256 of its canonical text (``code_of_conduct.canonical``). The
    version published before it is marked superseded at once but stays in
    force until that date (``selectors.versions``): its ``superseded_at`` is the
    start of the new version's first day, its end.
    """
    _require(actor, "version.publish", version)
    # Publications of one code queue on the code's row: the second one waits,
    # then sees the first one's version in force and supersedes it. The partial
    # unique constraint (one published version per code) backs this up.
    EthicsCode.objects.select_for_update().get(pk=version.code_id)
    version = CodeVersion.objects.select_for_update().get(pk=version.pk)
    version.publish()  # TransitionNotAllowed (409) unless it is still a draft
    current = (
        CodeVersion.objects.select_for_update()
        .filter(code_id=version.code_id, state=VersionState.PUBLISHED)
        .first()
    )
    adopted_on = adopted_on or calendar.today()
    effective_from = effective_from or adopted_on
    _check_publication_dates(adopted_on, effective_from, current)
    now = timezone.now()
    if current is not None:
        current.supersede()
        current.superseded_at = _start_of(effective_from)
        track(current, actor=actor, reason=f"Superseded by {version.label}")
        current.save()
    version.adopted_on, version.effective_from = adopted_on, effective_from
    version.published_at, version.published_by = now, account(actor)
    version.content_hash = content_hash(version, version.provisions.all())
    save_tracked(version, actor=actor, reason=gettext_noop("Published"))
    return version


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _check_publication_dates(adopted_on, effective_from, current) -> None:
    if adopted_on > calendar.today():
        raise ValidationError(
            {"adopted_on": _("The general assembly's adoption date cannot be in the future.")}
        )
    if effective_from < adopted_on:
        raise ValidationError(
            {"effective_from": _("A version cannot take effect before it was adopted.")}
        )
    if current is not None and current.effective_from and effective_from < current.effective_from:
        raise ValidationError(
            {
                "effective_from": _(
                    "It cannot take effect before the version in force (from %(date)s)."
                )
                % {"date": current.effective_from.isoformat()}
            }
        )


@transaction.atomic
def version_import(
    *,
    actor,
    code: EthicsCode,
    label: str,
    text: str,
    title: str | None = None,
    is_sample: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> CodeVersion:
    """Read a code's text (format: ``code_of_conduct.importer``) into a new draft.

    Either the whole file is imported or nothing is: a broken file raises
    ``CodeImportError`` naming the line, and the transaction saves nothing.
    """
    _require(actor, "version.create", code)
    _check_label(label)
    parsed: ParsedCode = parse_code(text, progress=progress)
    version = version_create_draft(
        actor=actor,
        code=code,
        label=label,
        title=title or parsed.title or code.title,
        preamble=parsed.preamble,
        is_sample=is_sample,
    )
    rows = [
        (index, item.parent, {"kind": item.kind, "key": item.key, "number": item.number,
                              "heading": item.heading, "body": item.body})
        for index, item in enumerate(parsed.provisions)
    ]  # fmt: skip
    _create_provisions(version, rows, actor, gettext_noop("Imported from a file"))
    return version


def _create_provisions(version: CodeVersion, rows: Iterable, actor, reason: str) -> None:
    """Insert ``(ref, parent_ref, fields)`` rows in reading order, level by level.

    Parents must exist before their children point at them, so chapters and
    top-level articles go first, then what they contain (a few bulk inserts,
    each with its history rows, whatever the number of provisions).
    """
    rows = list(rows)
    parent_of = {ref: parent for ref, parent, _fields in rows}
    depth: dict = {}

    def depth_of(ref) -> int:
        if ref not in depth:
            parent = parent_of[ref]
            depth[ref] = 0 if parent is None else depth_of(parent) + 1
        return depth[ref]

    for ref in parent_of:
        depth_of(ref)
    created: dict = {}
    for level in sorted(set(depth.values())):
        batch = []
        for position, (ref, _parent, fields) in enumerate(rows, start=1):
            if depth[ref] == level:
                parent = created.get(parent_of[ref])
                provision = Provision(version=version, parent=parent, position=position, **fields)
                provision.full_clean(
                    exclude=["version", "parent"], validate_unique=False, validate_constraints=False
                )
                batch.append((ref, provision))
        saved = bulk_create_with_history(
            [p for _ref, p in batch],
            Provision,
            default_user=account(actor),
            default_change_reason=reason,
        )
        created.update(zip([ref for ref, _p in batch], saved, strict=True))


# --- provisions ------------------------------------------------------------------


def _block(provisions: list[Provision], top: Provision) -> list[Provision]:
    """``top`` and everything nested in it, in reading order (they are contiguous)."""
    inside = {top.pk}
    block = []
    for provision in provisions:
        if provision.pk in inside or provision.parent_id in inside:
            inside.add(provision.pk)
            block.append(provision)
    return block


def _check_parent(version: CodeVersion, kind: str, parent: Provision | None) -> None:
    if parent is not None and parent.version_id != version.pk:
        raise ValidationError({"parent": _("The parent belongs to another version.")})
    if (parent.kind if parent else None) not in ALLOWED_PARENT_KIND.get(kind, set()):
        raise ValidationError(
            {
                "parent": _(
                    "A chapter stands on its own, an article sits in a chapter or on its own, "
                    "and a paragraph sits in an article."
                )
            }
        )


@transaction.atomic
def provision_create(
    *,
    actor,
    version: CodeVersion,
    kind: str,
    key: str,
    number: str = "",
    heading: str = "",
    body: str = "",
    parent: Provision | None = None,
) -> Provision:
    """Add a provision to a draft: at the end of its parent, or at the end of the text."""
    _require(actor, "version.edit", version)
    version = _lock_draft(version)
    _check_parent(version, kind, parent)
    provisions = list(version.provisions.order_by("position"))
    if parent is not None:
        position = _block(provisions, parent)[-1].position + 1
    else:
        position = (provisions[-1].position + 1) if provisions else 1
    for later in reversed([p for p in provisions if p.position >= position]):
        later.position += 1  # descending, so no two rows ever share a position
        save_tracked(
            later,
            actor=actor,
            reason=gettext_noop("Moved down to make room"),
            validate_constraints=False,
        )
    provision = Provision(
        version=version,
        parent=parent,
        kind=kind,
        key=key,
        number=number,
        heading=heading,
        body=body,
        position=position,
    )
    save_tracked(provision, actor=actor, reason=gettext_noop("Provision added"))
    return provision


@transaction.atomic
def provision_update(*, actor, provision: Provision, **changes) -> Provision:
    """Change a draft provision's key, number, heading or text (not where it sits)."""
    _require(actor, "version.edit", provision.version)
    unknown = set(changes) - set(PROVISION_TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(unknown))
    _lock_draft(provision.version)
    provision = Provision.objects.get(pk=provision.pk)
    for name, value in changes.items():
        setattr(provision, name, value)
    save_tracked(provision, actor=actor, reason=gettext_noop("Provision changed"))
    return provision


@transaction.atomic
def provision_delete(*, actor, provision: Provision) -> None:
    """Remove a draft provision and everything nested in it."""
    _require(actor, "version.edit", provision.version)
    _lock_draft(provision.version)
    delete_tracked(provision, actor=actor, reason=gettext_noop("Provision removed"))


@transaction.atomic
def provision_move(*, actor, provision: Provision, direction: str) -> None:
    """Swap a provision (with what it contains) with its previous or next sibling."""
    _require(actor, "version.edit", provision.version)
    version = _lock_draft(provision.version)
    provisions = list(version.provisions.order_by("position"))
    siblings = [p for p in provisions if p.parent_id == provision.parent_id]
    index = next(i for i, p in enumerate(siblings) if p.pk == provision.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        raise ValidationError(_("This provision cannot move further that way."))
    first, second = sorted((siblings[index], siblings[other]), key=lambda p: p.position)
    first_block, second_block = _block(provisions, first), _block(provisions, second)
    start, parking = first_block[0].position, provisions[-1].position + 1
    reordered = second_block + first_block
    # Two passes: park the rows beyond the end, then settle them, so the
    # (version, position) constraint never sees two rows on one position.
    for offset, moved in enumerate(reordered):
        moved.position = parking + offset
        track(moved, actor=actor, reason=gettext_noop("Provision moved"))
        moved.save(update_fields=["position"])
    for offset, moved in enumerate(reordered):
        moved.position = start + offset
        track(moved, actor=actor, reason=gettext_noop("Provision moved"))
        moved.save(update_fields=["position"])
