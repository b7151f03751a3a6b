# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(dir $(wildcard plugins/*/pyproject.toml)))
EDITABLE := -e . $(foreach p,$(PLUGINS),-e ./$(p))

.PHONY: run test install install-test system-test-deps benchmark

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet $(EDITABLE)

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]" $(foreach p,$(PLUGINS),-e ./$(p))

## Install, create the SQLite database with the bundled policies, and serve on http://127.0.0.1:5000
run: install
	$(BIN)/policyhub init
	$(BIN)/policyhub serve --demo

## Install what the tests need (Debian chromium and CJK fonts included) and run the whole suite
test: system-test-deps install-test
	$(BIN)/python -m pytest

system-test-deps:
	scripts/system-test-deps.sh

benchmark: install-test
	$(BIN)/python benchmarks/scoresheet.py
