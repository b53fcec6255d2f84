"""Checkpoints are append-only in the database too.

PostgreSQL: UPDATE and DELETE refused, and TRUNCATE unless the table's owner set
``ethics_tracker.ledger_maintenance = 'on'`` (the ledger's function,
cases 0009). SQLite: UPDATE refused, and DELETE unless the connection's
``ledger_maintenance()`` function says so — registered by the audit app (false)
and switched on by the test suite, which empties test databases with DELETE. SQLite
has no TRUNCATE and no roles: whoever holds the file can drop a trigger, so there it
guards against mistakes, the signatures against the rest. A later migration that alters this table on
SQLite makes Django rebuild it, which drops these triggers: it must create them again.
"""

from django.db import migrations

POSTGRES_INSTALL = """
CREATE TRIGGER audit_checkpoint_no_update_delete
    BEFORE UPDATE OR DELETE ON ethics_tracker_ledgercheckpoint
    FOR EACH ROW EXECUTE FUNCTION cases_ledger_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON ethics_tracker_ledgercheckpoint
    FOR EACH STATEMENT EXECUTE FUNCTION cases_ledger_refuse_change();
"""
POSTGRES_REMOVE = """
DROP TRIGGER IF EXISTS audit_checkpoint_no_update_delete ON ethics_tracker_ledgercheckpoint;
DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON ethics_tracker_ledgercheckpoint;
"""
SQLITE_INSTALL = [
    f"""CREATE TRIGGER audit_checkpoint_no_{operation.lower()}
    BEFORE {operation} ON ethics_tracker_ledgercheckpoint {condition}
    BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only: {operation} refused'); END"""
    for operation, condition in (("UPDATE", ""), ("DELETE", "WHEN NOT ledger_maintenance()"))
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_update",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_INSTALL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement, params=None)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REMOVE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_checkpoint_signatures"),
        ("cases", "0009_ledger_maintenance_owner_only"),
    ]

    operations = [migrations.RunPython(install, remove)]
