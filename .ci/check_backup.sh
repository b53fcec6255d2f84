#!/usr/bin/env bash
# Backup round trip on PostgreSQL, the way README's "Backups" section tells an
# administrator to do it: a database with the demo data and events of every kind the
# commands write (checkpoints, deadline reminders, sent emails) is dumped with
# `pg_dump -Fc`, restored with `pg_restore` into an empty database, and then
#   - every table holds the same number of rows (printed, table by table),
#   - the ledger verifies on the restored copy (`verify_ledger --stored-checkpoint`,
#     and against the checkpoint file taken before the dump),
#   - the ledger's and checkpoints' triggers came back: an UPDATE is still refused.
#
#   bash .ci/check_backup.sh        # exit 1 on any difference
#
# Uses (drops and recreates) only the databases "<prefix>_source" and "<prefix>_restored"
# on $BACKUP_CHECK_SERVER (default postgres://postgres@127.0.0.1:5432); the prefix is
# $BACKUP_CHECK_PREFIX (default backup_check), so two runs on one server can coexist.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="${PY:-$ROOT/.venv/bin/python}"
case "$PY" in /*) ;; *) PY="$ROOT/$PY" ;; esac
SERVER="${BACKUP_CHECK_SERVER:-postgres://postgres@127.0.0.1:5432}"
SOURCE="${BACKUP_CHECK_PREFIX:-backup_check}_source"
RESTORED="${BACKUP_CHECK_PREFIX:-backup_check}_restored"
WORK="$(mktemp -d)"
# The same keys for both copies, as a restore on the same installation has them.
export SECRET_KEY="${SECRET_KEY:-backup-check-secret-key-not-for-production}"
unset LEDGER_SIGNING_KEY LEDGER_VERIFY_KEYS REDIS_URL

database() {  # database create|drop NAME
  "$PY" - "$SERVER/postgres" "$2" "$1" <<'EOF'
import sys

import psycopg
from psycopg import sql

server, name, action = sys.argv[1:]
with psycopg.connect(server, autocommit=True) as connection:
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    if action == "create":
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
EOF
}
cleanup() {
  rm -rf "$WORK"
  if [ -z "${KEEP_BACKUP_DBS:-}" ]; then
    database drop "$SOURCE"
    database drop "$RESTORED"
  fi
}
trap cleanup EXIT

# table → rows, for every table of the public schema, as JSON.
counts() {
  "$PY" - "$SERVER/$1" <<'EOF'
import json
import sys

import psycopg
from psycopg import sql

with psycopg.connect(sys.argv[1]) as connection:
    tables = [t for (t,) in connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )]
    print(json.dumps({
        table: connection.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        ).fetchone()[0]
        for table in tables
    }))
EOF
}

manage() {  # manage DB command args...
  local db="$1"
  shift
  DATABASE_URL="$SERVER/$db" "$PY" manage.py "$@"
}

echo "-- source database $SOURCE: migrate, seed_demo, commands that write events"
database create "$SOURCE"
manage "$SOURCE" migrate --no-input -v 0
manage "$SOURCE" seed_demo >/dev/null
manage "$SOURCE" check_deadlines >/dev/null
manage "$SOURCE" send_outbox >/dev/null
manage "$SOURCE" ledger_checkpoint --output "$WORK/checkpoint.json" >/dev/null
manage "$SOURCE" verify_ledger --stored-checkpoint >/dev/null

echo "-- pg_dump -Fc, pg_restore into $RESTORED"
pg_dump -Fc --dbname="$SERVER/$SOURCE" --file="$WORK/backup.dump"
database create "$RESTORED"
# As the owner of the objects (here the same role that ran migrate): the triggers and
# their functions come back with the tables. --exit-on-error: any refused object fails.
pg_restore --exit-on-error --no-privileges --dbname="$SERVER/$RESTORED" "$WORK/backup.dump"

echo "-- rows per table"
counts "$SOURCE" >"$WORK/source.json"
counts "$RESTORED" >"$WORK/restored.json"
"$PY" - "$WORK/source.json" "$WORK/restored.json" <<'EOF'
import json
import sys

source, restored = (json.load(open(path)) for path in sys.argv[1:])
differences = 0
for table in sorted(set(source) | set(restored)):
    before, after = source.get(table), restored.get(table)
    mark = "ok" if before == after else "DIFFERENT"
    differences += before != after
    print(f"  {table:45} {before!s:>7} {after!s:>7}  {mark}")
print(f"  {len(source)} tables, {sum(source.values())} rows; {differences} differences")
if not source or sum(source.values()) == 0 or differences:
    sys.exit(1)
EOF

echo "-- verify_ledger on the restored copy"
manage "$RESTORED" verify_ledger --stored-checkpoint --checkpoint "$WORK/checkpoint.json"

echo "-- the append-only triggers survived the restore"
"$PY" - "$SERVER/$RESTORED" <<'EOF'
import sys

import psycopg

refused = 0
with psycopg.connect(sys.argv[1], autocommit=True) as connection:
    for table in ("cases_ledgerevent", "ethics_tracker_ledgercheckpoint"):
        try:
            connection.execute(f"UPDATE {table} SET id = id")  # noqa: S608 — fixed names
        except psycopg.errors.IntegrityConstraintViolation as error:
            refused += 1
            print(f"  UPDATE {table}: refused ({str(error).splitlines()[0]})")
        else:
            print(f"  UPDATE {table}: ALLOWED")
sys.exit(0 if refused == 2 else 1)
EOF
echo "backup check: ok"
