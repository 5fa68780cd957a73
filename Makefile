# Two commands for a newcomer: `make run` (install and start the app) and `make test`
# (install and run the whole test suite, browser tests included).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test install browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python -m aiadopt.services.access
	$(BIN)/streamlit run app.py --server.port $(PORT)

# The browser tests drive Debian's Chromium (/usr/bin/chromium); install it when missing.
browser:
	@bash scripts/ensure_chromium.sh

test: install browser
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/ranking.py
	$(BIN)/python bench/exports.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
