"""On PostgreSQL the ledger refuses UPDATE, DELETE and TRUNCATE in the database itself.

Event content (``cases_ledgercontent``) may be redacted (UPDATE) by anonymisation,
but never deleted. Other databases rely on the model layer's refusal.

TRUNCATE (never UPDATE or DELETE) is let through only in a session that set
``ethics_tracker.ledger_maintenance = 'on'``: Django empties test databases with
TRUNCATE, and the test suite sets that flag on its connections.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION cases_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND current_setting('ethics_tracker.ledger_maintenance', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the case ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cases_ledgerevent_no_update_delete
    BEFORE UPDATE OR DELETE ON cases_ledgerevent
    FOR EACH ROW EXECUTE FUNCTION cases_ledger_refuse_change();
CREATE TRIGGER cases_ledgerevent_no_truncate
    BEFORE TRUNCATE ON cases_ledgerevent
    FOR EACH STATEMENT EXECUTE FUNCTION cases_ledger_refuse_change();
CREATE TRIGGER cases_ledgercontent_no_delete
    BEFORE DELETE ON cases_ledgercontent
    FOR EACH ROW EXECUTE FUNCTION cases_ledger_refuse_change();
CREATE TRIGGER cases_ledgercontent_no_truncate
    BEFORE TRUNCATE ON cases_ledgercontent
    FOR EACH STATEMENT EXECUTE FUNCTION cases_ledger_refuse_change();
"""

REMOVE = """
DROP TRIGGER IF EXISTS cases_ledgerevent_no_update_delete ON cases_ledgerevent;
DROP TRIGGER IF EXISTS cases_ledgerevent_no_truncate ON cases_ledgerevent;
DROP TRIGGER IF EXISTS cases_ledgercontent_no_delete ON cases_ledgercontent;
DROP TRIGGER IF EXISTS cases_ledgercontent_no_truncate ON cases_ledgercontent;
DROP FUNCTION IF EXISTS cases_ledger_refuse_change();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_ledger_and_case_outcome")]

    operations = [migrations.RunPython(install, remove)]
