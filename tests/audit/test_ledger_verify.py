"""verify_ledger: sound chains pass; each kind of tampering is caught and named."""

import json

import pytest
from django.core.management import CommandError, call_command

from cases.chain import event_hash, ledger_append
from cases.models import LedgerEvent
from ethics_tracker.audit.models import LedgerCheckpoint
from ethics_tracker.audit.verification import Problem, ledger_verify_all, ledger_verify_case

pytestmark = pytest.mark.django_db


def verify(*args):
    """Run the command; (ok, stdout)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_ledger", *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_sound_chains_pass_and_the_command_says_so(case_with_events):
    case_with_events(3)
    case_with_events(2)
    ok, out = verify()
    assert ok
    assert "chains sound" in out
    assert ledger_verify_all().ok


def test_a_note_changed_in_the_database_is_caught_at_its_event(case_with_events, tampering):
    # Given a chain of events
    case, events = case_with_events(4)
    target = events[2]
    # When somebody edits one event's note directly in the content table
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgercontent SET note = %s WHERE event_id = %s",
            ["Nothing happened", target.pk],
        )
    # Then verification names that event and says its content changed
    result = ledger_verify_case(case)
    assert result.first_break.problem == Problem.CONTENT_CHANGED
    assert result.first_break.sequence == target.sequence
    ok, out = verify("--case", case.reference)
    assert not ok
    assert f"BROKEN {case.reference} #{target.sequence}:" in out
    assert "broken" in out


def test_a_deleted_event_is_caught_where_the_gap_is(case_with_events, tampering):
    case, events = case_with_events(4)
    target = events[1]
    with tampering() as cursor:
        cursor.execute("DELETE FROM cases_ledgercontent WHERE event_id = %s", [target.pk])
        cursor.execute("DELETE FROM cases_ledgerevent WHERE id = %s", [target.pk])
    result = ledger_verify_case(case)
    assert result.first_break.problem == Problem.MISSING_EVENT
    assert result.first_break.sequence == target.sequence
    assert result.first_break.found == str(target.sequence + 1)
    ok, out = verify()
    assert not ok
    assert f"{case.reference} #{target.sequence}:" in out


def test_two_swapped_events_are_caught_at_the_first_of_them(case_with_events, tampering):
    case, events = case_with_events(4)
    first, second = events[1], events[2]
    with tampering() as cursor:
        statement = "UPDATE cases_ledgerevent SET sequence = %s WHERE id = %s"
        cursor.execute(statement, [9999, first.pk])
        cursor.execute(statement, [first.sequence, second.pk])
        cursor.execute(statement, [second.sequence, first.pk])
    result = ledger_verify_case(case)
    assert result.first_break.sequence == first.sequence
    assert result.first_break.problem == Problem.BROKEN_LINK
    assert result.first_break.expected == events[0].hash


def test_an_event_rehashed_without_the_key_is_caught_at_its_event(case_with_events, tampering):
    # Given a chain, and somebody who rewrites event k and recomputes its own hash
    case, events = case_with_events(4)
    target = events[1]
    target.to_state = "closed"
    forged_hash = event_hash(target, case_reference=case.reference)
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgerevent SET to_state = %s, hash = %s WHERE id = %s",
            ["closed", forged_hash, target.pk],
        )
    # Then event k hashes right, but carries no signature of the application's key
    result = ledger_verify_case(case)
    assert result.first_break.problem == Problem.UNSIGNED_EVENT
    assert result.first_break.sequence == target.sequence


def test_a_header_changed_without_rehashing_is_caught_at_its_event(case_with_events, tampering):
    case, events = case_with_events(3)
    target = events[-1]
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgerevent SET actor_label = %s WHERE id = %s", ["chair", target.pk]
        )
    result = ledger_verify_case(case)
    assert result.first_break.problem == Problem.HASH_MISMATCH
    assert result.first_break.sequence == target.sequence


def test_content_removed_without_an_anonymisation_is_caught(case_with_events, tampering):
    case, events = case_with_events(2)
    target = events[-1]
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgercontent SET note = %s, payload = %s, redacted_at = %s "
            "WHERE event_id = %s",
            ["[redacted]", json.dumps({"redacted": True}), target.created_at, target.pk],
        )
    result = ledger_verify_case(case)
    assert result.first_break.problem == Problem.REDACTION_UNRECORDED
    assert result.first_break.sequence == target.sequence


def test_content_deleted_is_caught(case_with_events, tampering):
    case, events = case_with_events(2)
    with tampering() as cursor:
        cursor.execute("DELETE FROM cases_ledgercontent WHERE event_id = %s", [events[0].pk])
    result = ledger_verify_case(case)
    assert result.first_break.problem == Problem.CONTENT_MISSING
    assert result.first_break.sequence == events[0].sequence


def test_only_broken_chains_are_reported_and_each_by_its_first_break(case_with_events, tampering):
    sound, _events = case_with_events(2)
    broken, events = case_with_events(4)
    with tampering() as cursor:
        for event in events[1:3]:
            cursor.execute(
                "UPDATE cases_ledgercontent SET note = 'x' WHERE event_id = %s", [event.pk]
            )
    summary = ledger_verify_all()
    assert [r.reference for r in summary.broken] == [broken.reference]
    assert summary.broken[0].first_break.sequence == events[1].sequence
    ok, out = verify()
    assert sound.reference not in out
    assert out.count("BROKEN") == 1


def test_deleting_the_newest_events_is_caught_by_a_checkpoint(
    tmp_path, case_with_events, tampering
):
    # Given a checkpoint made and kept outside the system
    case, events = case_with_events(4)
    other, _other_events = case_with_events(1)
    path = tmp_path / "checkpoint.json"
    call_command("ledger_checkpoint", "--output", str(path), stdout=_null(), stderr=_null())
    assert LedgerCheckpoint.objects.count() == 1
    # and later events appended legitimately still pass
    ledger_append(case=other, kind="note", note="later")
    assert verify("--checkpoint", str(path))[0]
    # When the newest two events of a chain are deleted
    with tampering() as cursor:
        for event in events[-2:]:
            cursor.execute("DELETE FROM cases_ledgercontent WHERE event_id = %s", [event.pk])
            cursor.execute("DELETE FROM cases_ledgerevent WHERE id = %s", [event.pk])
    # Then the chain alone looks sound, but not against the checkpoint
    assert ledger_verify_case(case).ok
    ok, out = verify("--checkpoint", str(path))
    assert not ok
    assert f"BROKEN {case.reference} #{events[-2].sequence}:" in out
    result = ledger_verify_case(
        case, checkpoint_heads={case.reference: [(events[-1].sequence, events[-1].hash)]}
    )
    assert result.first_break.problem == Problem.CHECKPOINT_MISSING
    # and the stored copy of the checkpoint catches it too
    assert not verify("--stored-checkpoint")[0]


def test_a_rewritten_newest_event_is_caught_by_a_checkpoint(tmp_path, case_with_events, tampering):
    case, events = case_with_events(2)
    path = tmp_path / "checkpoint.json"
    call_command("ledger_checkpoint", "--output", str(path), stdout=_null(), stderr=_null())
    head = events[-1]
    head.kind = "decided"
    forged = event_hash(head, case_reference=case.reference)
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgerevent SET kind = 'decided', hash = %s WHERE id = %s",
            [forged, head.pk],
        )
    assert ledger_verify_case(case).first_break.problem == Problem.UNSIGNED_EVENT
    ok, out = verify("--checkpoint", str(path))
    assert not ok
    assert f"{case.reference} #{head.sequence}:" in out
    heads = {case.reference: [(head.sequence, head.hash)]}
    assert ledger_verify_case(case, checkpoint_heads=heads).first_break.sequence == head.sequence


def test_a_checkpoint_of_a_case_whose_events_are_all_gone_is_caught(
    tmp_path, case_with_events, tampering
):
    case, events = case_with_events(1)
    path = tmp_path / "checkpoint.json"
    call_command("ledger_checkpoint", "--output", str(path), stdout=_null(), stderr=_null())
    with tampering() as cursor:
        for event in events:
            cursor.execute("DELETE FROM cases_ledgercontent WHERE event_id = %s", [event.pk])
            cursor.execute("DELETE FROM cases_ledgerevent WHERE id = %s", [event.pk])
    ok, out = verify("--checkpoint", str(path))
    assert not ok
    assert f"BROKEN {case.reference}: the case has no ledger events" in out


def test_a_checkpoint_file_that_was_edited_is_refused(tmp_path, case_with_events):
    case_with_events(1)
    path = tmp_path / "checkpoint.json"
    call_command("ledger_checkpoint", "--output", str(path), stdout=_null(), stderr=_null())
    document = json.loads(path.read_text())
    reference = next(iter(document["heads"]))
    document["heads"][reference]["sequence"] = 1
    document["heads"][reference]["hash"] = "f" * 64
    path.write_text(json.dumps(document))
    ok, out = verify("--checkpoint", str(path))
    assert not ok
    assert "digest" in out


def test_no_checkpoint_is_made_of_a_broken_ledger(tmp_path, case_with_events, tampering):
    case, events = case_with_events(2)
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgercontent SET note = 'x' WHERE event_id = %s", [events[0].pk]
        )
    with pytest.raises(CommandError, match=f"{case.reference} #{events[0].sequence}"):
        call_command("ledger_checkpoint", stdout=_null(), stderr=_null())
    assert not LedgerCheckpoint.objects.exists()


def test_the_checkpoint_document_names_every_chain_head(case_with_events):
    case, events = case_with_events(3)
    from io import StringIO

    out = StringIO()
    call_command("ledger_checkpoint", stdout=out, stderr=_null())
    document = json.loads(out.getvalue())
    assert document["heads"][case.reference] == {
        "sequence": events[-1].sequence,
        "hash": events[-1].hash,
    }
    assert document["chains"] == LedgerEvent.objects.values("case").distinct().count()


def test_an_unknown_case_is_an_error_not_a_pass():
    ok, out = verify("--case", "NOPE-2000-0001")
    assert not ok
    assert "no such case" in out


def test_a_case_with_only_its_filing_event_is_sound(case_with_events, events_of):
    case, events = case_with_events(0)
    result = ledger_verify_case(case)
    assert result.ok
    assert result.events == len(events_of(case)) == 1


def _null():
    from io import StringIO

    return StringIO()
