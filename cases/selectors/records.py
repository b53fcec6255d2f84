"""Records of a case: how a row of any model leads to its case (retention and the
audit trail), and an evidence file by its public id (the file downloads)."""

from ..models import Case, EvidenceFile


def case_path(model) -> str | None:
    """The lookup from a row of ``model`` to its case id (one or two hops), or None."""
    if model is Case:
        return "id"
    foreign_keys = _foreign_keys(model)
    for fk in foreign_keys:
        if fk.related_model is Case:
            return fk.attname
    for fk in foreign_keys:
        for inner in _foreign_keys(fk.related_model):
            if inner.related_model is Case:
                return f"{fk.name}__{inner.attname}"
    return None


def _foreign_keys(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


def evidence_get(public_id) -> EvidenceFile | None:
    return (
        EvidenceFile.objects.select_related("case", "message").filter(public_id=public_id).first()
    )
