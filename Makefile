# One entry point for people and CI. Each target makes .venv and installs the project if needed.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check lint screenshots bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/followup

# In parallel, one worker a core. Snapshot updates run serially:
# $(PY) -m pytest -n 0 --snapshot-update
test: $(STAMP)
	$(PY) -m pytest -n auto

lint: $(STAMP)
	$(VENV)/bin/ruff check followup_tui tests screenshots benchmarks
	$(VENV)/bin/ruff format --check followup_tui tests screenshots benchmarks
	$(VENV)/bin/mypy followup_tui tests benchmarks
	$(VENV)/bin/lint-imports

check: lint test

clean:
	rm -rf $(VENV)

screenshots: $(STAMP)
	$(PY) screenshots/regenerate.py

bench: $(STAMP)
	$(PY) -m benchmarks
