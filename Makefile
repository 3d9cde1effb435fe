# crimeplan: `make run` sets everything up and serves the demo; `make test` sets up and tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
CSS := build/static/crimeplan.css
# The compiled translations (Welsh) of what the public sees: built from the .po files.
MO := $(patsubst %.po,%.mo,$(wildcard src/crimeplan/locale/*/LC_MESSAGES/django.po))
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn processes for `make run` (one per core, at least two); --reload picks up code changes.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -lt 2 ] && n=2; echo $$n)

.PHONY: help setup run test lint format browsers redis bench-ingest bench-performance bench-report bench-http bench-walkthrough clean

help:
	@echo "make run     set up, load the reference and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test    set up and run the whole test suite (installs Chromium, starts Redis if need be)"
	@echo "make setup   the set-up both share: .venv, the package, front-end assets (idempotent)"
	@echo "make lint    ruff, mypy and the import contracts (docs/architecture.md)"

# Byte-compiles our own code, as pip does for installed packages but not for an editable
# one: every `crimeplan` command then starts without compiling it (where the environment sets
# PYTHONDONTWRITEBYTECODE, Python would compile it again every time). Quick when up to date.
setup: $(VENV)/.installed $(CSS) $(MO)
	@mkdir -p var/staticfiles var/data
	@$(BIN)/python -m compileall -q src

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Making $(VENV) with $$python"; "$$python" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# msgfmt (Debian's gettext) compiles them, as `crimeplan compilemessages` would.
%.mo: %.po
	@scripts/ensure-gettext
	msgfmt --check -o $@ $<

$(CSS): node_modules/.installed $(wildcard assets/scss/*.scss)
	@mkdir -p $(dir $@)
	node_modules/.bin/sass --no-source-map --load-path=node_modules --style=compressed --quiet-deps assets/scss/crimeplan.scss $@

# Links in e-mails and the sign-in address printed below follow HOST and PORT.
run: export CRIMEPLAN_BASE_URL ?= http://$(HOST):$(PORT)
run: setup
	$(BIN)/crimeplan migrate --no-input
	$(BIN)/crimeplan load-reference
	$(BIN)/crimeplan load-demo
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker (Ctrl-C stops both)"
	@$(BIN)/crimeplan db_worker >var/db_worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) --workers $(WORKERS) --reload

bench-ingest: setup
	$(BIN)/python bench/ingest.py

bench-performance: setup
	$(BIN)/python bench/performance.py

bench-report: setup
	$(BIN)/python bench/report.py

# Needs `make run` serving in another terminal, and wrk (apt-get install wrk).
bench-http: setup
	$(BIN)/python bench/http_load.py

# Needs `make run` serving in another terminal, and `make browsers`.
bench-walkthrough: setup
	$(BIN)/python bench/walkthrough.py

browsers:
	@scripts/ensure-chromium

# The rate-limit tests count in a real Redis (a throwaway one is started where none listens).
redis:
	@scripts/ensure-redis

# The suite runs on every core (pytest-xdist), a test file to a worker so that a file's
# module-scoped fixtures are built once; PYTEST_WORKERS=0 runs it in this one process.
PYTEST_WORKERS ?= auto

test: setup browsers redis
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules build var/staticfiles
