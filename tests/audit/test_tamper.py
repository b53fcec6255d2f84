"""Each way of tampering in ``tests/audit/tampering.py`` is caught and named.

Also: the signing key's refusal in production, the checkpoints' triggers, the
maintenance switch that only the tables' owner may use, and the proof an outsider's
kept copy of the transparency log gives.
"""

import json
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction

from cases.chain import ledger_append
from ethics_tracker.audit.breaks import Problem
from ethics_tracker.audit.models import LedgerCheckpoint
from ethics_tracker.audit.services import ledger_checkpoint_create
from ethics_tracker.audit.verification import ledger_verify_all
from ethics_tracker.settings import check_ledger_signing_key, ledger_key_bytes
from tests.audit.tampering import POSTGRES_ONLY, TAMPERING_CASES, SoundLedger
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def verify_ledger(*args) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("verify_ledger", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


@pytest.mark.parametrize(("name", "tamper", "expected"), TAMPERING_CASES, ids=lambda v: v)
def test_each_tampering_is_detected_and_named(tmp_path, name, tamper, expected):
    if name in POSTGRES_ONLY and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    # Given a sound ledger, with copies kept outside
    ledger = SoundLedger.build(tmp_path)
    assert ledger.breaks() == set()
    kept = ("--checkpoint-file", str(ledger.log_file), "--checkpoint", str(ledger.checkpoint_file))
    assert verify_ledger(*kept)[0]
    # When somebody with database access tampers with it
    tamper(ledger)
    # Then verification names the break, and the command fails
    assert expected in ledger.breaks()
    ok, out = verify_ledger(*kept)
    assert not ok
    assert "BROKEN" in out


def test_an_added_anonymisation_does_not_cover_blanked_content(tmp_path):
    # The attack that worked before: the chain looked sound after it
    ledger = SoundLedger.build(tmp_path)
    tamper = dict((name, function) for name, function, _ in TAMPERING_CASES)
    tamper["anonymisation added, content blanked"](ledger)
    summary = ledger_verify_all()
    (broken,) = summary.broken
    assert broken.first_break.problem == Problem.REDACTION_UNRECORDED
    assert broken.first_break.sequence == 2


def test_an_emptied_ledger_is_named_as_such_not_zero_events_checked(tmp_path):
    ledger = SoundLedger.build(tmp_path)
    dict((name, f) for name, f, _ in TAMPERING_CASES)["ledger emptied (DELETE)"](ledger)
    ok, out = verify_ledger()
    assert not ok
    assert "the ledger was emptied: checkpoint 2 recorded 2 chains" in out
    assert out.count("the case has no ledger events") == 2


def test_a_kept_transparency_log_proves_history_was_rewritten(tmp_path):
    # Given an outsider who downloaded the public log
    ledger = SoundLedger.build(tmp_path)
    kept = tmp_path / "kept.json"
    kept.write_text(ledger.log_file.read_text())
    # When an insider holding the key shortens a chain and re-makes the checkpoints
    dict((name, f) for name, f, _ in TAMPERING_CASES)["history rewritten with the key"](ledger)
    # Then the database alone verifies, but not against the outsider's copy
    assert verify_ledger()[0]
    ok, out = verify_ledger("--checkpoint-file", str(kept))
    assert not ok
    assert "checkpoint 2 differs from the copy kept outside the system" in out


def test_the_transparency_log_is_public_and_names_no_case(client, tmp_path):
    ledger = SoundLedger.build(tmp_path)
    page = client.get("/audit/transparency/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ed25519" in text and "openssl pkeyutl -verify" in text
    download = client.get("/audit/transparency.json")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    body = download.content.decode()
    log = json.loads(body)
    assert [entry["sequence"] for entry in log["checkpoints"]] == [1, 2]
    assert all("heads" not in entry for entry in log["checkpoints"])
    for case in ledger.cases:
        assert case.reference not in body and case.reference not in text
    assert "Elena" not in body


def test_an_outsider_verifies_the_log_with_the_public_key_alone(client, tmp_path):
    import base64
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    SoundLedger.build(tmp_path)
    log = json.loads(client.get("/audit/transparency.json").content)
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(log["public_keys"][0]["public_key"]))
    previous = "0" * 64
    for entry in log["checkpoints"]:
        signed = {name: entry[name] for name in log["signed_fields"]}
        message = json.dumps(
            signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
        key.verify(base64.b64decode(entry["signature"]), message)
        assert hashlib.sha256(message).hexdigest() == entry["digest"]
        assert entry["previous_digest"] == previous
        previous = entry["digest"]


def test_the_verification_page_names_a_forged_checkpoint(client, auditor, tmp_path):
    ledger = SoundLedger.build(tmp_path)
    dict((name, f) for name, f, _ in TAMPERING_CASES)["checkpoint forged"](ledger)
    client.force_login(auditor)
    page = client.get("/audit/ledger/verify/")
    assert 'data-verdict="broken"' in page.content.decode()
    assert f'data-problem="{Problem.CHECKPOINT_UNSIGNED}"' in page.content.decode()
    api = client.get("/api/v1/audit/ledger/verification/").json()
    assert api["ok"] is False
    assert [b["problem"] for b in api["ledger_breaks"]] == [Problem.CHECKPOINT_UNSIGNED]


def test_a_key_rotation_keeps_old_signatures_valid(settings, tmp_path):
    old_key = settings.LEDGER_SIGNING_KEY
    case = CaseFactory()
    ledger_checkpoint_create()
    settings.LEDGER_SIGNING_KEY = b"n" * 32
    settings.LEDGER_VERIFY_KEYS = [old_key]
    ledger_append(case=case, kind="note", note="signed with the new key")
    ledger_checkpoint_create()
    assert ledger_verify_all().ok
    # and without the old key, what it signed is no longer vouched for
    settings.LEDGER_VERIFY_KEYS = []
    problems = {b.problem for b in ledger_verify_all().breaks}
    assert {Problem.UNSIGNED_EVENT, Problem.CHECKPOINT_UNSIGNED} <= problems


# --- the database refuses, too ---------------------------------------------------------


def test_checkpoints_refuse_update_and_delete_in_the_database(monkeypatch):
    # (SQLite's maintenance switch is on for the test suite's connections: off here)
    monkeypatch.setattr(connection, "ledger_maintenance", False, raising=False)
    ledger_checkpoint_create()
    for statement in (
        "UPDATE ethics_tracker_ledgercheckpoint SET chains = 99",
        "DELETE FROM ethics_tracker_ledgercheckpoint",
    ):
        with pytest.raises((IntegrityError, InternalError, OperationalError), match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    assert LedgerCheckpoint.objects.get().chains == 0


@pytest.mark.postgres
def test_checkpoints_refuse_truncate_outside_maintenance():
    with pytest.raises((IntegrityError, InternalError), match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL ethics_tracker.ledger_maintenance = 'off'")
            cursor.execute("TRUNCATE ethics_tracker_ledgercheckpoint")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "table", ["cases_ledgerevent", "cases_ledgercontent", "ethics_tracker_ledgercheckpoint"]
)
def test_the_maintenance_switch_does_nothing_for_the_applications_role(table):
    # Given the application's role: it may write and TRUNCATE, but owns no table
    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS h_ledger_app_role")
        cursor.execute("CREATE ROLE h_ledger_app_role NOLOGIN")
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON cases_ledgerevent, "
            "cases_ledgercontent, ethics_tracker_ledgercheckpoint TO h_ledger_app_role"
        )
    # When it sets the switch and truncates, then it is refused
    with pytest.raises((IntegrityError, InternalError), match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL ROLE h_ledger_app_role")
            cursor.execute("SET LOCAL ethics_tracker.ledger_maintenance = 'on'")
            cursor.execute(f"TRUNCATE {table} CASCADE")  # noqa: S608
    # while the owner (the test suite's role) may still use it
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL ethics_tracker.ledger_maintenance = 'on'")
        cursor.execute(f"TRUNCATE {table} CASCADE")  # noqa: S608


# --- the key ---------------------------------------------------------------------------


def test_production_refuses_to_start_without_its_own_signing_key():
    with pytest.raises(ImproperlyConfigured, match="LEDGER_SIGNING_KEY"):
        check_ledger_signing_key(production=True, key_text="")
    check_ledger_signing_key(production=True, key_text="ab" * 32)
    check_ledger_signing_key(production=False, key_text="")


@pytest.mark.parametrize("text", ["ab" * 32, "q" * 43, "q" * 42 + "-_"])
def test_a_key_is_read_as_hex_or_base64(text):
    assert len(ledger_key_bytes(text)) >= 32


@pytest.mark.parametrize("text", ["ab" * 16, "too short", "not*base64*at*all" * 4])
def test_a_short_or_unreadable_key_stops_the_start(text):
    with pytest.raises(ImproperlyConfigured, match="32 or more"):
        ledger_key_bytes(text)
