# Two commands for a newcomer: `make run` (install and start the app) and `make test`
# (install and run every check: lint, format, types, and the whole test suite, browser tests included).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run room test check install install-dev fonts browser bench format clean strings

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install fonts
	$(BIN)/python -m aiadopt.services.access
	$(BIN)/python -m scripts.serve server.py --server.port $(PORT)

# Room mode for a large room: WORKERS Streamlit processes (default: one per core) on one database
# behind HAProxy with sticky sessions, on PORT; installs haproxy when missing. README, "Room mode".
room: install fonts
	@bash scripts/ensure_system_packages.sh haproxy
	$(BIN)/python -m scripts.room --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

# The PDF exports draw Chinese, Japanese, Korean and emoji with Debian's fonts; without them (no
# root, no sudo) the app still runs and those characters print as a box.
fonts:
	-@bash scripts/ensure_system_packages.sh fonts-wqy-microhei fonts-symbola

# The browser tests drive Debian's Chromium (/usr/bin/chromium) and read PDFs with pdftotext
# (poppler-utils); install them when missing.
browser:
	@bash scripts/ensure_system_packages.sh

# Lint, format and type checks: the same habits CI holds us to.
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: check browser
	$(BIN)/python -m pytest

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every benchmark, each printing its figures next to a floor from the same run (README, "Benchmarks");
# the live room takes about 30 minutes: keep the machine otherwise quiet.
bench: install-dev
	$(BIN)/python bench/ranking.py
	$(BIN)/python bench/exports.py
	$(BIN)/python bench/importing.py
	$(BIN)/python bench/hostile_files.py
	$(BIN)/python bench/consolidation.py
	$(BIN)/python bench/live_room.py

# Every text marked for translation (t, tn, N_, Message) into aiadopt/locales/messages.pot, then into each
# language's catalogue; translate the new entries, and tests/unit/test_catalogues.py says what is missing.
STRINGS_KEYWORDS := --no-default-keywords -k t -k tn:1,2 -k N_ -k Message
strings: install
	$(BIN)/pybabel extract $(STRINGS_KEYWORDS) --add-location=file --sort-by-file --project=aiadopt \
		--copyright-holder="aiadopt" -o aiadopt/locales/messages.pot aiadopt app_pages app.py
	$(BIN)/pybabel update -i aiadopt/locales/messages.pot -d aiadopt/locales --no-fuzzy-matching \
		--ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache
