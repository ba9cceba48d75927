# Mektep — the two Quick-start commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup setup-test venv system-deps browser-deps messages catalogs-check demo lint bench clean deploy-check

## 1. Set everything up and serve the portal with demo data on SQLite at http://127.0.0.1:8000
run: setup
	TASKS_BACKEND=immediate $(PY) manage.py demo_school
	@# the background worker (notifications, digests) runs alongside; Ctrl-C stops both
	$(PY) manage.py notifications_worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## 2. Set everything up and run the whole test suite (PostgreSQL when DATABASE_URL is set)
test: setup-test
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest $(PYTEST_ARGS)

setup: venv system-deps
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py latin_slugs -v 0

setup-test: venv system-deps browser-deps
	$(PY) manage.py compilemessages --ignore=.venv -v 0

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

# gettext (msgfmt, xgettext) for the language catalogs; poppler-utils to look at PDFs;
# nginx-light for the X-Accel-Redirect test; postgresql-client (pg_dump, pg_restore) for backups.
system-deps:
	@command -v msgfmt >/dev/null && command -v pdftoppm >/dev/null || { \
	  test -n "$(APT_GET)" || { echo "Install gettext and poppler-utils with your package manager."; exit 1; }; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext poppler-utils >/dev/null; }
	@{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null && command -v pg_dump >/dev/null || { \
	  test -n "$(APT_GET)" || { echo "Install nginx and postgresql-client with your package manager."; exit 1; }; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx-light postgresql-client >/dev/null; }

# Debian's Chromium for the browser tests (Playwright never downloads its own browser).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  test -n "$(APT_GET)" || { echo "Install chromium with your package manager."; exit 1; }; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## Refresh the ky and ru catalogs from the code (our strings only)
messages: venv system-deps
	$(PY) manage.py makemessages -l ky -l ru --no-location --ignore=.venv --ignore=staticfiles --ignore=media --ignore=locale/vendor --ignore=tests --ignore=static/vendor -v 0
	$(PY) manage.py makemessages -d djangojs -l ky -l ru --no-location --ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests --ignore=static/vendor -v 0

## Fail on any untranslated or fuzzy entry in the ky and ru catalogs
catalogs-check:
	$(PY) -m portal.catalogs_check

## Check a production deployment (run as the app's user with its environment, e.g.
## `sudo -u mektep env $(cat /etc/mektep/mektep.env | xargs) make deploy-check`): prints ok/FAIL
deploy-check:
	$(PY) manage.py deploy_check

demo: setup
	TASKS_BACKEND=immediate $(PY) manage.py demo_school

lint: venv
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
