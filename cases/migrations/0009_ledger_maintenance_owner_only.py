"""The TRUNCATE switch of the append-only ledger works only for the tables' owner.

Before, any role that may TRUNCATE could lift the guard with
``SET ethics_tracker.ledger_maintenance = 'on'``. Now the trigger function also asks
that the current role (after any ``SET ROLE``) own the table: the role that runs the
migrations (and the test suite, which empties its databases with TRUNCATE). The
application should run as another role, granted only what it needs (README,
"Database roles"): for it, the switch changes nothing. UPDATE and DELETE stay
refused for everyone. The audit app's checkpoints use the same function.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION cases_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND current_setting('ethics_tracker.ledger_maintenance', true) = 'on'
       %s THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the case ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""
OWNER_ONLY = (
    "AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)"
)


def owner_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION.replace("%s", OWNER_ONLY, 1), params=None)


def any_role(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION.replace("%s", "", 1), params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_ledger_event_signatures")]

    operations = [migrations.RunPython(owner_only, any_role)]
