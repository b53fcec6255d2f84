#!/usr/bin/env bash
# `check --deploy` with the production environment README documents ("Production"),
# failing on any warning. Throwaway keys are made here; nothing connects to the
# database or Redis (the check only reads settings).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
random_hex() { "$PY" -c "import secrets; print(secrets.token_hex($1))"; }
fernet_key() { "$PY" -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"; }

export DJANGO_ENV=production
export SECRET_KEY="$(random_hex 32)"
export ALLOWED_HOSTS=ethics.example.org
export CSRF_TRUSTED_ORIGINS=https://ethics.example.org
export SITE_URL=https://ethics.example.org
export DATABASE_URL=postgres://ethics@127.0.0.1:5432/ethics
export REDIS_URL=redis://127.0.0.1:6379/0
export TRUSTED_PROXY_COUNT=1
export LEDGER_SIGNING_KEY="$(random_hex 32)"
export OTP_ENCRYPTION_KEY="$(fernet_key)"

"$PY" manage.py check --deploy --fail-level WARNING
