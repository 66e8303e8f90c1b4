# The two commands: `make run` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install browser-tools lint format clean

$(BIN)/django-admin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

install: $(BIN)/django-admin

# The JavaScript checkers the browser tests use (axe-core, vnu-jar), from package-lock.json.
browser-tools:
	npm ci --no-audit --no-fund

run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Tests run with production settings (DEBUG off), which need a key: a throwaway one.
test: export DJANGO_SECRET_KEY ?= test-only-key-not-for-production-0123456789abcdef
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles node_modules test-artifacts
