# The whole set-up is two commands: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
BIN := $(VENV)/bin

.PHONY: run test contract install install-test load serve openapi evaluate benchmark benchmark-national clean

# Install, load seeds/ into the default SQLite database, serve the API with gunicorn.
run: install
	$(BIN)/disclosure load seeds/
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/gunicorn --config gunicorn.conf.py 'api.wsgi:app'

# Install with the test extras, make sure PostgreSQL and chromium are on the machine, run every test.
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	scripts/ensure-postgres
	scripts/ensure-browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The contract test at schemathesis' 100 examples per operation, every check (slower than make test's 40).
contract: install-test
	scripts/ensure-postgres
	CONTRACT_EXAMPLES=100 $(BIN)/python -m pytest tests/test_contract.py

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

load: install
	$(BIN)/disclosure load seeds/

openapi: install
	$(BIN)/disclosure openapi

evaluate: install
	$(BIN)/disclosure evaluate

benchmark: install
	$(BIN)/python benchmarks/parse_and_load.py
	$(BIN)/python benchmarks/export_memory.py
	$(BIN)/python benchmarks/pdf_parse.py

# The project against Datasette on a synthetic national store (METRICS=1000000 for 1M).
METRICS ?= 100000
benchmark-national: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/national.py --metrics $(METRICS)

clean:
	rm -rf $(VENV) var .pytest_cache
