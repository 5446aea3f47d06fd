# Digit: `make demo` runs the demo on SQLite, `make test` runs lint and the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test lint format bench messages clean serve

$(BIN)/digit: pyproject.toml
	@PY=$$(scripts/find-python.sh) || exit 1; \
	  [ -x $(BIN)/python ] || $$PY -m venv $(VENV); \
	  $(BIN)/python -m pip install --quiet --upgrade pip; \
	  $(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/digit pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(BIN)/digit
	DIGIT_HTTPS=0 $(BIN)/digit demo
	DIGIT_HTTPS=0 $(BIN)/gunicorn digit.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

test: $(VENV)/.test-deps
	scripts/test.sh

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
