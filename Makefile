# Digit: `make demo` runs the demo on SQLite, `make test` runs lint and the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test system-packages static lint format bench messages clean serve

$(BIN)/digit: pyproject.toml
	@PY=$$(scripts/find-python.sh) || exit 1; \
	  [ -x $(BIN)/python ] || $$PY -m venv $(VENV); \
	  $(BIN)/python -m pip install --quiet --upgrade pip; \
	  $(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/digit pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# The demo runs over plain HTTP on this machine only, and lets staff roles in without an
# authenticator app (production requires one: DIGIT_MFA_REQUIRED_ROLES).
DEMO_ENV := DIGIT_HTTPS=0 DIGIT_MFA_REQUIRED_ROLES=

demo: $(BIN)/digit static
	$(DEMO_ENV) $(BIN)/digit demo
	@echo "Serving http://127.0.0.1:$(PORT) and a background worker (Ctrl-C stops both); sign in with an account listed above."
	@$(DEMO_ENV) $(BIN)/digit worker & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(DEMO_ENV) $(BIN)/gunicorn digit.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

# Static files collected under var/static/ (hashed, compressed), as production serves them.
static: $(BIN)/digit
	@$(BIN)/digit collectstatic --noinput --verbosity 0

# System packages first, so that a machine without them stops at once (or gets them, as root).
test: system-packages $(VENV)/.test-deps
	scripts/test.sh

system-packages:
	@scripts/system-packages.sh

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.test-deps
	$(BIN)/python bench/run_all.py

messages: $(BIN)/digit
	cd src/digit && for app in */; do [ -d "$$app/locale" ] && (cd $$app && ../../../$(BIN)/digit makemessages -l sv -l en --no-obsolete) ; done; true
	cd src/digit && ../../$(BIN)/digit compilemessages

clean:
	rm -rf var .venv
