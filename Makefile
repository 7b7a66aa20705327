# The README's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run DEMO=off` starts a site without the demo content.
DEMO ?= on
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.DEFAULT_GOAL := help
.PHONY: help messages setup run test test-shifted-clock test-fast lint format check superuser bench screenshots clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

# A local secret key, made once and kept out of git (.gitignore).
.env:
	@$(PYTHON) -c 'import secrets; print("# Local settings written by make; never commit this file.\nSECRET_KEY=" + secrets.token_urlsafe(50))' > $@
	@echo "Wrote .env with a new local SECRET_KEY."

# axe-core for the browser tests, from the npm registry through package-lock.json.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser accessibility tests will be skipped."; fi

# Compiled translations (.mo, not in git) from the .po files, with GNU gettext's msgfmt,
# installed from Debian's packages when missing.
MESSAGES := $(wildcard locale/*/LC_MESSAGES/django.po)
messages: $(MESSAGES:.po=.mo) ## Compile the translations (locale/*/LC_MESSAGES/django.po)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }
	msgfmt --check -o $@ $<

setup: $(VENV)/.runtime .env messages ## Install, migrate, load demo content, collect static files
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable --database cache
	@if [ "$(DEMO)" != off ]; then $(BIN)/python manage.py load_demo_content; fi
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# gunicorn in the foreground; beside it the email worker, every minute the sweep that
# queues retries and the publisher of scheduled page changes, and daily (from the start)
# the purge of requests and exports past their retention. The trap stops them all when
# gunicorn stops (Ctrl+C, or it fails to start). All of them see HOST and PORT, so links
# in the worker's emails name the address the site runs on (SITE_URL's default).
# Threads in each worker (gthread), so a few slow clients cannot hold every worker: a
# worker takes no more connections than it has threads (and keeps none open idle), so
# the next goes to a worker that is free. Production puts nginx or Caddy in front and
# keeps gunicorn.conf.py's sync workers.
RUN_WORKERS := --worker-class gthread --threads 4 --worker-connections 4 --keep-alive 0
run: setup ## Set everything up and serve the site with gunicorn and the email worker on http://$(HOST):$(PORT)
	@echo ""
	@echo "  The clinic site is at http://$(HOST):$(PORT)/"
	@echo "  Staff sign in at http://$(HOST):$(PORT)/admin/ ; create an account with: make superuser"
	@echo "  Emails are sent by a background worker; locally they are written to .mail/"
	@echo ""
	@export HOST=$(HOST) PORT=$(PORT); \
	trap 'kill $$worker $$sweep $$publisher $$purge $$health_purge 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker & worker=$$!; \
	$(BIN)/python manage.py send_due_notifications --every 60 & sweep=$$!; \
	$(BIN)/python manage.py publish_scheduled_revisions --every 60 & publisher=$$!; \
	$(BIN)/python manage.py purge_appointment_requests --every 86400 & purge=$$!; \
	$(BIN)/python manage.py purge_health_data_requests --every 86400 & health_purge=$$!; \
	$(BIN)/gunicorn --config gunicorn.conf.py $(RUN_WORKERS)

test: $(VENV)/.dev .env node_modules/.installed messages ## Run the whole test suite
	$(BIN)/python -m pytest

# The in-process tests with the clock 400 days ahead (time-machine): a test that depends
# on today's date fails here. Browsers and server processes keep the real clock: left out.
test-shifted-clock: $(VENV)/.dev .env messages ## Run the tests with the clock moved more than a year ahead
	TEST_CLOCK_SHIFT_DAYS=400 $(BIN)/python -m pytest -m "not browser and not servers"

lint: $(VENV)/.dev ## Check style: django-upgrade, ruff, djhtml, pylint duplicate-code (.pre-commit-config.yaml)
	PATH="$(CURDIR)/$(BIN):$$PATH" PRE_COMMIT_HOME="$(CURDIR)/$(VENV)/pre-commit" $(BIN)/pre-commit run --all-files --show-diff-on-failure

format: $(VENV)/.dev ## Fix code style and template indentation
	-$(BIN)/django-upgrade --target-version 5.2 $$(git ls-files '*.py')
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	-$(BIN)/djhtml $$(find templates */templates -name '*.html')

check: $(VENV)/.dev .env messages ## Django's system checks and a missing-migrations check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

superuser: setup ## Create an administrator account for the staff area
	$(BIN)/python manage.py createsuperuser

bench: $(VENV)/.dev .env ## Benchmark the production setup (gunicorn, wrk); figures go to stdout
	@command -v wrk >/dev/null || { echo "--- installing wrk (Debian's package)"; \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py $(ARGS)

screenshots: $(VENV)/.dev .env ## Save screenshots of key pages at phone and desktop widths to docs/screenshots
	$(BIN)/python -m tests.browser.screenshots

clean: ## Remove the virtualenv, local database, collected static files and caches
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache db.sqlite3* db.cache.sqlite3* .test-db-*.sqlite3* .test-cache-*.sqlite3* .mail
