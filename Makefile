# One entry point for people and CI. Each target makes .venv and installs what it needs:
# `make run` the app alone; the test, lint and screenshot targets the app with its
# development tools (pyproject's `dev` extra). A stamp a set, redone when pyproject changes.
VENV ?= .venv
PY := $(VENV)/bin/python
APP := $(VENV)/.installed-app
DEV := $(VENV)/.installed-dev

.PHONY: run test check lint screenshots bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(APP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $(APP)

# The app with the tools: also the app's stamp, so a later `make run` installs nothing.
$(DEV): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(DEV) $(APP)

run: $(APP)
	$(VENV)/bin/followup

# In parallel, one worker a core. Snapshot updates run serially:
# $(PY) -m pytest -n 0 --snapshot-update
test: $(DEV)
	$(PY) -m pytest -n auto

lint: $(DEV)
	$(VENV)/bin/ruff check followup_tui tests screenshots benchmarks
	$(VENV)/bin/ruff format --check followup_tui tests screenshots benchmarks
	$(VENV)/bin/mypy followup_tui tests benchmarks
	$(VENV)/bin/lint-imports

check: lint test

clean:
	rm -rf $(VENV)

screenshots: $(DEV)
	$(PY) screenshots/regenerate.py

bench: $(DEV)
	$(PY) -m benchmarks
