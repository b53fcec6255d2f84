"""Reads over django-simple-history: the global trail and one record's history.

The trail is the union of the history tables of every tracked model of the project
apps, reduced to the columns they share (who, what, when, why) and filtered by
person, record type, case and period. A record's history pairs each version with
the one before it and lists the fields that changed (``diff_against``).
"""

import datetime
import functools
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import CharField, F, IntegerField, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.selectors import case_path
from ethics_tracker.core.history import history_of, tracked_models

from . import display

TRAIL_COLUMNS = (
    "at",
    "record_type",
    "object_id",
    "change",
    "user_id",
    "username",
    "reason",
    "case_id",
    "history_id",
)
_ANNOTATIONS = tuple(f"trail_{name}" for name in TRAIL_COLUMNS)
CHANGE_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@functools.cache
def _tracked_by_label() -> dict:
    return {model._meta.label_lower: model for model in tracked_models()}


def tracked_model(label: str):
    """The tracked model called ``label`` ("cases.case"), or None."""
    return _tracked_by_label().get(label)


def record_type_choices() -> list[tuple[str, str]]:
    return [
        (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
        for model in tracked_models()
    ]


def case_id_of(model, object_id):
    """The id of the case a record belongs to (from its newest version), or None."""
    path = case_path(model)
    if path is None:
        return None
    return (
        history_of(model)
        .filter(**{model._meta.pk.attname: object_id})
        .order_by("-history_date", "-history_id")
        .values_list(path, flat=True)
        .first()
    )


@dataclass
class TrailFilters:
    user_id: int | None = None
    record_types: list[str] = field(default_factory=list)
    case_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _trail_part(model, filters: TrailFilters):
    path = case_path(model)
    rows = history_of(model).all()
    if filters.case_id is not None:
        if path is None:
            return None
        rows = rows.filter(**{path: filters.case_id})
    if filters.user_id is not None:
        rows = rows.filter(history_user_id=filters.user_id)
    if filters.date_from:
        rows = rows.filter(history_date__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(
            history_date__lt=_day_start(filters.date_to + datetime.timedelta(days=1))
        )
    # Same annotations in the same order in every part: the union lines them up.
    # (Prefixed: ``case_id`` or ``history_id`` are fields of some history tables.)
    return (
        rows.order_by()
        .annotate(
            trail_at=F("history_date"),
            trail_record_type=Value(model._meta.label_lower, output_field=CharField()),
            trail_object_id=Cast(model._meta.pk.attname, output_field=CharField()),
            trail_change=F("history_type"),
            trail_user_id=F("history_user_id"),
            trail_username=F("history_user__username"),
            trail_reason=F("history_change_reason"),
            trail_case_id=F(path) if path else Value(None, output_field=IntegerField()),
            trail_history_id=F("history_id"),
        )
        .values_list(*_ANNOTATIONS)
    )


def trail(filters: TrailFilters | None = None):
    """Rows (tuples in ``TRAIL_COLUMNS`` order) of every history table, newest first.

    One SQL query (a UNION ALL); page it, or ``.iterator(chunk_size=…)`` over it.
    """
    filters = filters or TrailFilters()
    models = tracked_models()
    if filters.record_types:
        models = [m for m in models if m._meta.label_lower in filters.record_types]
    parts = [part for part in (_trail_part(m, filters) for m in models) if part is not None]
    if not parts:
        return _trail_part(tracked_models()[0], TrailFilters()).none()
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-trail_at", "trail_record_type", "-trail_history_id")


@dataclass
class TrailRow:
    """One trail row, for templates and serializers."""

    at: datetime.datetime
    record_type: str
    object_id: str
    change: str
    user_id: int | None
    username: str | None
    reason: str | None
    case_id: int | None
    history_id: int
    case_reference: str = ""

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS.get(self.change, self.change))

    @property
    def reason_label(self) -> str:
        """The reason as stored (English), read in the active language."""
        return display.reason_label(self.reason)

    @property
    def record_type_label(self) -> str:
        model = tracked_model(self.record_type)
        return str(model._meta.verbose_name).capitalize() if model else self.record_type


def trail_rows(rows) -> list[TrailRow]:
    return [TrailRow(*row) for row in rows]


# --- one record's history ----------------------------------------------------------


@dataclass
class FieldChange:
    """One field of one version: its label and its values as the reader reads them
    (``old_value``/``new_value``: as stored, for the API and the page's data attributes)."""

    field: str
    label: str
    old: str
    new: str
    old_value: str = ""
    new_value: str = ""


@dataclass
class HistoryEntry:
    """One version of a record and what changed from the version before it."""

    version: object  # the historical row
    changes: list[FieldChange]
    is_first: bool

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS.get(self.version.history_type, self.version.history_type))

    @property
    def reason_label(self) -> str:
        return display.reason_label(self.version.history_change_reason)


def _change(model_field, label: str, old, new) -> FieldChange:
    return FieldChange(
        field=model_field.name,
        label=label,
        old=display.value_label(model_field, old) if old is not _NONE else "",
        new=display.value_label(model_field, new),
        old_value="" if old is _NONE else _shown(old),
        new_value=_shown(new),
    )


def _shown(value) -> str:
    """A value as stored (the API and the page's data attributes)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


_NONE = object()  # no version before


def record_history(model, object_id) -> list[HistoryEntry]:
    """Every version of one record, newest first, each with its field-by-field diff.

    Every tracked field is compared (not only the editable ones: a reference or a
    hash matters to an auditor); the first version lists its initial values.
    """
    versions = list(
        history_of(model)
        .filter(**{model._meta.pk.attname: object_id})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not versions:
        return []
    tracked = [f for f in versions[0].tracked_fields]
    labels = {f.name: str(f.verbose_name) for f in tracked}
    entries = []
    previous = None
    for version in versions:
        if previous is None:
            changes = [
                _change(f, labels[f.name], _NONE, getattr(version, _attname(f))) for f in tracked
            ]
        else:
            changes = _changes(version, previous, tracked, labels)
        entries.append(HistoryEntry(version=version, changes=changes, is_first=previous is None))
        previous = version
    entries.reverse()
    return entries


def _changes(version, previous, tracked, labels) -> list[FieldChange]:
    """``diff_against`` for the editable fields (it skips the others), then the rest."""
    editable = [f.name for f in tracked if f.editable]
    delta = version.diff_against(previous, included_fields=editable)
    found = {c.field: (c.old, c.new) for c in delta.changes}
    for model_field in tracked:
        if model_field.editable:
            continue
        old, new = getattr(previous, _attname(model_field)), getattr(version, _attname(model_field))
        if old != new:
            found[model_field.name] = (old, new)
    by_name = {f.name: f for f in tracked}
    return [
        _change(by_name[name], labels.get(name, name), old, new)
        for name, (old, new) in sorted(found.items())
    ]


def _attname(model_field) -> str:
    return model_field.attname if model_field.is_relation else model_field.name


@dataclass
class RecordHistory:
    model: type
    object_id: object
    entries: list
    case: object  # the Case the record belongs to, or None


def record_history_for(label: str, raw_object_id: str) -> RecordHistory:
    """A record's history for the page and the API alike; Http404 when there is none."""
    model = tracked_model(label)
    if model is None:
        raise Http404
    try:
        object_id = model._meta.pk.to_python(raw_object_id)
    except ValidationError:
        raise Http404 from None
    entries = record_history(model, object_id)
    if not entries:
        raise Http404
    case_id = case_id_of(model, object_id)
    case = Case.objects.filter(pk=case_id).first() if case_id else None
    return RecordHistory(model=model, object_id=object_id, entries=entries, case=case)
