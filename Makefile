# The two commands: `make run` and `make test`. Both set up .venv on a fresh machine.
# A Python of at least 3.12: the one .python-version names (through pyenv, where there is
# one), then python3.12, python3.13 and python3; `make PYTHON=/path/to/python3.12` chooses.
PYTHON ?= $(shell for candidate in "$$(p=$$(pyenv prefix 2>/dev/null) && echo $$p/bin/python3)" python3.12 \
	python3.13 python3; do "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
	2>/dev/null && { echo "$$candidate"; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install browser-tools lint format clean messages compilemessages python

$(BIN)/django-admin: pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python 3.12 or newer here: install one (Debian/Ubuntu: 'uv python install 3.12', or 'pyenv install 3.12'; Ubuntu 24.04: 'apt-get install python3 python3-venv'), then run make again, or make PYTHON=/path/to/python3.12." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

# The compiled catalogues (.mo) are built here, not committed: `make install`, `make run` and
# `make test` rebuild them whenever a .po file is newer: with GNU gettext's msgfmt where
# there is one (it checks the catalogue too), else with polib (installed with the rest), so
# the two commands need nothing from apt.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

install: $(BIN)/django-admin $(MO_FILES)

compilemessages: $(MO_FILES)

locale/%.mo: locale/%.po | $(BIN)/django-admin
	@if command -v msgfmt >/dev/null; then msgfmt --check -o $@ $<; else \
	$(BIN)/python -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@; fi

# Bring the Traditional Chinese catalogue up to date with the code (then translate the new
# entries: an empty or fuzzy one fails tests/test_translations.py). Run it after a merge.
# Locations without line numbers, so that unrelated edits do not touch the catalogue.
# The JavaScript has no text of its own (it reads data- attributes the templates render),
# so there is no djangojs catalogue.
MAKEMESSAGES := makemessages -l zh_Hant --no-obsolete --add-location=file \
	--ignore=bench --ignore=tests --ignore=staticfiles --ignore=build
messages: install
	@command -v msgfmt >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext" >&2; exit 1; }
	DJANGO_SECRET_KEY=makemessages $(BIN)/python manage.py $(MAKEMESSAGES)
	$(MAKE) compilemessages

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

# Which Python the two commands use (when .venv does not exist yet).
python:
	@echo "$(PYTHON)"
