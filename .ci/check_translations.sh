#!/usr/bin/env bash
# Fails when a user-facing string has no Bulgarian translation, or when the
# committed .mo is older than the catalogue. The catalogue is regenerated into a
# temporary copy of the tree, so the check never edits the working tree.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py="${PY:-$root/.venv/bin/python}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/locale" "$tmp/locale"
(
  cd "$root"
  # makemessages writes into LOCALE_PATHS; point them at the copy.
  LOCALE_PATHS_OVERRIDE="$tmp/locale" "$py" manage.py makemessages -l bg --no-location \
    --ignore=.venv --ignore=staticfiles --ignore=var --ignore=locale -v0
)
po="$tmp/locale/bg/LC_MESSAGES/django.po"
untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry (msgid "") too when anything is listed.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
  echo "Bulgarian catalogue: $untranslated untranslated and $fuzzy fuzzy strings:"
  msgattrib --untranslated --no-obsolete "$po" | grep '^msgid ' | tail -n +2 | head -40
  msgattrib --only-fuzzy --no-obsolete "$po" | grep '^msgid ' | tail -n +2 | head -40
  echo "Run 'make messages', translate locale/bg/LC_MESSAGES/django.po, then 'make messages' again."
  exit 1
fi
# The committed .mo must match the committed .po.
msgfmt -o "$tmp/check.mo" "$root/locale/bg/LC_MESSAGES/django.po"
if ! cmp -s "$tmp/check.mo" "$root/locale/bg/LC_MESSAGES/django.mo"; then
  echo "locale/bg/LC_MESSAGES/django.mo is stale: run 'make messages' and commit it."
  exit 1
fi
echo "Bulgarian catalogue: every string translated."
