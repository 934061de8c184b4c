# The two commands of the README: `make run` (the service on SQLite with demo data) and
# `make test` (the whole test suite). Both create .venv with Python 3.11 on first use.
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

.PHONY: install run test bench lint
install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fravaer serve --demo

test: $(STAMP)
	$(VENV)/bin/pytest -n 2

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_soap.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
