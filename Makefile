# The few targets people reach for. `make run` and `make test` are the two
# commands a newcomer needs; both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test lint fmt messages venv dev-venv clean security-report check-html

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST)

test: dev-venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

fmt: dev-venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the Bulgarian catalogue and compile it (needs gettext).
messages: dev-venv
	$(PY) manage.py makemessages -l bg --no-location --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l bg --ignore=.venv

# Attack a scratch copy under gunicorn and run the security tests; the figures go
# into docs/security.md (takes minutes; DATABASE_URL=postgres://… for PostgreSQL).
security-report: dev-venv
	$(PY) tools/security_report.py

# The Nu HTML Checker over every page the browser tests visit: the tests save each HTML
# document as served (HTML_SNAPSHOT_DIR), then one JVM run checks them all. Needs Java
# and npm (vnu-jar is installed once into .ci/vnu, git-ignored). CI does the same.
VNU_VERSION ?= 26.9.27
VNU_JAR := .ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar
HTML_SNAPSHOTS ?= var/html-snapshots

$(VNU_JAR):
	npm install --no-save --no-audit --no-fund --prefix .ci/vnu vnu-jar@$(VNU_VERSION)

check-html: dev-venv $(VNU_JAR)
	rm -rf $(HTML_SNAPSHOTS)
	HTML_SNAPSHOT_DIR=$(HTML_SNAPSHOTS) $(PY) -m pytest tests/e2e -q -p no:cacheprovider $(PYTEST_ARGS); \
	  tests=$$?; $(PY) tools/check_html.py --vnu $(VNU_JAR) $(HTML_SNAPSHOTS) && exit $$tests

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
