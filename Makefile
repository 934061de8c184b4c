# The two commands of the README: `make run` (the service on SQLite with demo data) and
# `make test` (the whole test suite). Both create $(VENV) on first use, with the exact versions of
# constraints.txt. Another Python: `make test PYTHON=python3.13 VENV=.venv313`.
PYTHON ?= python3.11
VENV ?= .venv
STAMP := $(VENV)/.installed
PIP_INSTALL := $(VENV)/bin/pip install --quiet -c constraints.txt

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e '.[test]'
	touch $(STAMP)

.PHONY: install run test bench lint wheel smoke
install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fravaer serve --demo

test: $(STAMP)
	$(VENV)/bin/pytest -n 2

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_soap.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

# The wheel in dist/, with the contract (wsdl/, schemas/, migrations/) inside the package.
wheel: $(STAMP)
	rm -rf dist build
	$(VENV)/bin/pip wheel --quiet --no-deps -w dist .

# The wheel installed in a fresh venv: db upgrade, import, export, serve, and e2e tests against it.
smoke: wheel
	PYTHON=$(PYTHON) .ci/wheel-smoke dist/fravaer-*.whl
