#!/usr/bin/env bash
# Upgrade check on PostgreSQL: a database built at f7d9b4e (the last commit before the
# floors reorganisation moved models to core and audit with their tables), with the demo
# data and a stored ledger checkpoint, migrates with the current code, keeps the rows of
# every table, gives the moved models' content types their new app labels, and its
# ledger still verifies. tests/core/test_upgrade.py does the same on SQLite.
#
#   bash .ci/check_upgrade.sh        # from anywhere in the clone; exit 1 on any difference
#
# Uses (drops and recreates) only the database "upgrade_check" on
# $UPGRADE_CHECK_SERVER (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
COMMIT=f7d9b4e
PY="${PY:-$ROOT/.venv/bin/python}"
# The script works in other folders (a worktree of the old commit): make PY absolute.
case "$PY" in /*) ;; *) PY="$ROOT/$PY" ;; esac
SERVER="${UPGRADE_CHECK_SERVER:-postgres://postgres@127.0.0.1:5432}"
DB=upgrade_check

if ! git cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  echo "upgrade check: not run, commit $COMMIT is not in this clone (shallow? fetch more history)"
  exit 0
fi

WORK="$(mktemp -d)"
TREE="$WORK/old"
database() {  # database create|drop
  "$PY" - "$SERVER/postgres" "$DB" "$1" <<'EOF'
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
  git -C "$ROOT" worktree remove --force "$TREE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  [ -n "${KEEP_UPGRADE_DB:-}" ] || database drop
}
trap cleanup EXIT

# Row counts of every table, and the app labels of the moved models' content types.
snapshot() {
  "$PY" - "$SERVER/$DB" <<'EOF'
import json
import sys

import psycopg
from psycopg import sql

with psycopg.connect(sys.argv[1]) as connection:
    tables = [t for (t,) in connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )]
    counts = {
        t: connection.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
        for t in tables
    }
    labels = {}
    for model, label in connection.execute(
        "SELECT model, app_label FROM django_content_type WHERE model IN"
        " ('holiday', 'historicalholiday', 'readaccess', 'outboxmessage', 'ledgercheckpoint')"
        " ORDER BY app_label"
    ):
        labels.setdefault(model, []).append(label)
print(json.dumps({"counts": counts, "labels": labels}))
EOF
}

echo "== upgrade check: build $DB at $COMMIT with demo data"
database create
git -C "$ROOT" worktree add --detach "$TREE" "$COMMIT" >/dev/null 2>&1
(
  cd "$TREE"
  export PYTHONPATH="$TREE" DATABASE_URL="$SERVER/$DB" MEDIA_ROOT="$WORK/media"
  unset DJANGO_ENV DJANGO_SETTINGS_MODULE
  used="$("$PY" -c 'import ethics_tracker; print(ethics_tracker.__file__)')"
  [ "$used" = "$TREE/ethics_tracker/__init__.py" ] || { echo "old code not used: $used" >&2; exit 1; }
  "$PY" manage.py migrate --noinput -v 0
  "$PY" manage.py seed_demo >/dev/null
  "$PY" manage.py ledger_checkpoint --output "$WORK/checkpoint.json" >/dev/null 2>&1
)
snapshot >"$WORK/before.json"

echo "== upgrade check: migrate with the current code"
export DATABASE_URL="$SERVER/$DB" MEDIA_ROOT="$WORK/media"
unset DJANGO_ENV DJANGO_SETTINGS_MODULE PYTHONPATH
"$PY" manage.py migrate --noinput -v 0
snapshot >"$WORK/after.json"

"$PY" - "$WORK/before.json" "$WORK/after.json" <<'EOF'
import json
import sys

before, after = (json.load(open(path)) for path in sys.argv[1:])
# Django's bookkeeping and the synced role groups may grow with new models, never shrink.
may_grow = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
# Dropped on purpose: DRF's API tokens, kept as written (accounts migration 0002).
dropped = {"authtoken_token"}
problems = []
for table, count in before["counts"].items():
    now = after["counts"].get(table)
    if table in dropped:
        if now is not None:
            problems.append(f"table {table} should be gone ({now} rows)")
    elif now is None:
        problems.append(f"table {table} is gone ({count} rows before)")
    elif now != count and not (table in may_grow and now > count):
        problems.append(f"table {table}: {count} rows before, {now} after")
expected = {"holiday": "core", "historicalholiday": "core", "readaccess": "core",
            "outboxmessage": "core", "ledgercheckpoint": "audit"}
for model, label in expected.items():
    if after["labels"].get(model) != [label]:
        problems.append(f"content types of {model}: {after['labels'].get(model)}, expected [{label!r}]")
for problem in problems:
    print("upgrade check: DIFFERENCE", problem)
if problems:
    sys.exit(1)
rows = sum(before["counts"].values())
print(f"upgrade check: {len(before['counts'])} tables kept their rows ({rows} rows before)")
EOF

echo "== upgrade check: verify the ledger against the checkpoint stored before the upgrade"
"$PY" manage.py verify_ledger --stored-checkpoint --checkpoint "$WORK/checkpoint.json"
echo "upgrade check: passed ($COMMIT -> $(git rev-parse --short HEAD) on PostgreSQL)"
