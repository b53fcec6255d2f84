"""A database made before the floors reorganisation upgrades in place.

``fixtures/db-f7d9b4e-demo.sql.gz`` is the SQLite database of commit f7d9b4e (the last
commit before ``core`` and ``audit`` took over models with their tables), with the demo
data, one holiday, one read-access line and one stored ledger checkpoint; remake it with
``bash tests/core/fixtures/make_upgrade_fixture.sh``. The test restores it into its own
file (not the test database), runs today's ``migrate``, ``verify_ledger`` and
``seed_demo`` against it in subprocesses and compares the rows before and after.
"""

import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings

from cases import demo

FIXTURE = Path(__file__).parent / "fixtures" / "db-f7d9b4e-demo.sql.gz"

NEW_MIGRATIONS = {
    ("core", "0001_initial"),
    ("audit", "0001_initial"),
    ("ethics_tracker", "0004_models_move_to_core_and_audit"),
    ("cases", "0006_outbox_moves_to_core"),
}
# (old app label, model) -> new app label; the tables keep their names.
MOVED = {
    ("ethics_tracker", "holiday"): "core",
    ("ethics_tracker", "historicalholiday"): "core",
    ("ethics_tracker", "readaccess"): "core",
    ("cases", "outboxmessage"): "core",
    ("ethics_tracker", "ledgercheckpoint"): "audit",
}
MOVED_TABLES = [
    "ethics_tracker_holiday",
    "ethics_tracker_historicalholiday",
    "ethics_tracker_readaccess",
    "ethics_tracker_ledgercheckpoint",
    "cases_outboxmessage",
]
# Columns compared row by row (default: all). Checkpoints are re-signed on upgrade
# (audit migration 0002, issue H): their document and digest change, their heads not.
MOVED_COLUMNS = {
    "ethics_tracker_ledgercheckpoint": "id, created_at, chains, created_by_id, "
    "json_extract(document, '$.heads')",
}
# Tables an upgrade drops on purpose: DRF's own API tokens kept each token as written
# (accounts migration 0002 drops them; API clients log in again for a hashed one).
DROPPED = {"authtoken_token"}
KEY_TABLES = ["auth_user", "cases_case", "cases_ledgerevent", "code_of_conduct_member"]
# Django's bookkeeping (and the role groups, synced after migrate) may grow when a later
# commit adds models or migrations; it must never shrink.
BOOKKEEPING = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
}


def manage(db_file, *args, tmp_path):
    """``manage.py <args>`` of the current tree against ``db_file``, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="ethics_tracker.settings",
        DATABASE_URL=f"sqlite:///{db_file}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def restore(db_file):
    """Load the fixture's SQL into ``db_file``; the dump commits its own transaction."""
    db = sqlite3.connect(db_file)
    db.executescript(gzip.decompress(FIXTURE.read_bytes()).decode())
    return db


def tables(db):
    names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return sorted(name for (name,) in names if not name.startswith("sqlite_"))


def select(db, table, columns="*"):
    """Every row of ``table`` (a name from sqlite_master or this module), sorted."""
    return sorted(db.execute(f'SELECT {columns} FROM "{table}"'))  # noqa: S608


def snapshot(db_file):
    """Row counts of every table, ids of the key tables, every row of the moved ones."""
    with closing(sqlite3.connect(db_file)) as db:
        return {
            "counts": {t: len(select(db, t, "1")) for t in tables(db)},
            "ids": {t: select(db, t, "id") for t in KEY_TABLES},
            "moved_rows": {t: select(db, t, MOVED_COLUMNS.get(t, "*")) for t in MOVED_TABLES},
            "migrations": set(select(db, "django_migrations", "app, name")),
            "content_types": {
                (app, model): pk
                for pk, app, model in select(db, "django_content_type", "id, app_label, model")
            },
            "permission_ids": {pk for (pk,) in select(db, "auth_permission", "id")},
            "group_permissions": group_permissions(db),
        }


def group_permissions(db):
    """{group name: {(app_label, codename, permission id)}}"""
    found = {}
    for group, app, codename, pk in db.execute(
        "SELECT g.name, ct.app_label, p.codename, p.id FROM auth_group g"
        " JOIN auth_group_permissions gp ON gp.group_id = g.id"
        " JOIN auth_permission p ON p.id = gp.permission_id"
        " JOIN django_content_type ct ON ct.id = p.content_type_id"
    ):
        found.setdefault(group, set()).add((app, codename, pk))
    return found


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory):
    """The f7d9b4e database restored, snapshotted, migrated with today's code."""
    tmp_path = tmp_path_factory.mktemp("upgrade")
    db_file = tmp_path / "old.sqlite3"
    restore(db_file).close()
    before = snapshot(db_file)
    migrated = manage(db_file, "migrate", "--noinput", tmp_path=tmp_path)
    return {"db": db_file, "tmp": tmp_path, "before": before, "migrate": migrated}


@pytest.fixture(scope="module")
def after(upgrade):
    assert upgrade["migrate"].returncode == 0, upgrade["migrate"].stderr
    return snapshot(upgrade["db"])


def test_the_fixture_is_the_old_layout():
    # given the restored fixture, before any migration
    with closing(restore(":memory:")) as db:
        applied = set(select(db, "django_migrations", "app, name"))
        labels = {label for (label,) in select(db, "django_content_type", "app_label")}
        counts = {t: len(select(db, t, "1")) for t in MOVED_TABLES}
    # then it predates the move, and every moved table has rows to lose
    assert not applied & NEW_MIGRATIONS
    assert {"ethics_tracker", "cases"} <= labels
    assert not labels & {"core", "audit"}
    assert all(counts.values()), counts


def test_migrate_applies_the_move_migrations(upgrade, after):
    # given the old database, when today's migrate ran (fixture), then it succeeded
    assert upgrade["migrate"].returncode == 0, upgrade["migrate"].stderr
    # and recorded the move migrations on top of the old ones
    new = after["migrations"] - upgrade["before"]["migrations"]
    assert NEW_MIGRATIONS <= new
    assert upgrade["before"]["migrations"] <= after["migrations"]


def test_every_table_keeps_its_rows(upgrade, after):
    before = upgrade["before"]
    # then no table disappeared or was renamed (but those dropped on purpose), and each
    # keeps its row count
    assert set(before["counts"]) - DROPPED <= set(after["counts"])
    assert not DROPPED & set(after["counts"])
    changed = {
        table: (count, after["counts"][table])
        for table, count in before["counts"].items()
        if table not in BOOKKEEPING | DROPPED and after["counts"][table] != count
    }
    assert changed == {}, f"row counts changed (before, after): {changed}"
    shrunk = {t: (before["counts"][t], after["counts"][t]) for t in BOOKKEEPING}
    assert all(old <= new for old, new in shrunk.values()), shrunk
    # and the key tables keep their ids, the moved tables every column of every row
    assert after["ids"] == before["ids"]
    assert after["moved_rows"] == before["moved_rows"]
    assert before["permission_ids"] <= after["permission_ids"]


def test_moved_models_content_types_carry_the_new_labels(upgrade, after):
    before = upgrade["before"]["content_types"]
    for (old_app, model), new_app in MOVED.items():
        # then the same content type row now names the new app, and no stale one remains
        assert after["content_types"].get((new_app, model)) == before[(old_app, model)], (
            f"{old_app}.{model} did not become {new_app}.{model}"
        )
        assert (old_app, model) not in after["content_types"]


def test_no_role_loses_a_permission_and_the_auditor_reads_the_moved_models(upgrade, after):
    before, now = upgrade["before"]["group_permissions"], after["group_permissions"]
    # then each group keeps the very permission rows it held (under the new labels)
    for group, held in before.items():
        lost = {pk for *_, pk in held} - {pk for *_, pk in now.get(group, set())}
        assert not lost, f"{group} lost permissions {sorted(lost)}"
    # and the auditor can view every moved model under its new app label
    auditor = {(app, codename) for app, codename, _ in now["auditor"]}
    for (_old_app, model), new_app in MOVED.items():
        assert (new_app, f"view_{model}") in auditor
    assert all(codename.startswith("view_") for _, codename in auditor)


def test_the_ledger_verifies_after_the_upgrade(upgrade, after):
    # when verify_ledger checks every chain and the checkpoint stored before the upgrade
    result = manage(upgrade["db"], "verify_ledger", "--stored-checkpoint", tmp_path=upgrade["tmp"])
    # then every chain is sound
    assert result.returncode == 0, result.stdout + result.stderr
    chains = after["counts"]["cases_case"]
    assert f"All {chains} chains sound" in result.stdout


def test_seed_demo_runs_again_on_the_upgraded_database(upgrade, after):
    # given a copy of the upgraded database (the other tests keep theirs)
    db_file = upgrade["tmp"] / "seeded.sqlite3"
    shutil.copy(upgrade["db"], db_file)
    # when the demo is seeded again with today's code
    result = manage(db_file, "seed_demo", tmp_path=upgrade["tmp"])
    # then it succeeds and adds no second copy of anything
    assert result.returncode == 0, result.stdout + result.stderr
    reseeded = snapshot(db_file)
    users, before = reseeded["ids"].pop("auth_user"), dict(after["ids"])
    assert set(before.pop("auth_user")) <= set(users)
    # Issue K's demo adds members who joined recently (signing coverage over time): new
    # members are fine, a second copy of a member (the same membership number) is not.
    members = reseeded["ids"].pop("code_of_conduct_member")
    assert set(before.pop("code_of_conduct_member")) <= set(members)
    with closing(sqlite3.connect(db_file)) as db:
        numbers = [
            number for (number,) in select(db, "code_of_conduct_member", "membership_number")
        ]
    assert len(numbers) == len(set(numbers))
    assert reseeded["ids"] == before
    # The only accounts it adds are the demo's logins that commit did not have yet (the
    # committee's extra members, cases/demo.py EXTRA_MEMBERS), never a second copy.
    with closing(sqlite3.connect(db_file)) as db:
        known = {pk for (pk,) in after["ids"]["auth_user"]}
        added = [name for pk, name in select(db, "auth_user", "id, username") if pk not in known]
    assert set(added) <= {username for username, _first, _last in demo.EXTRA_MEMBERS}
    assert reseeded["moved_rows"] == after["moved_rows"]
