# `make demo` and `make test` set up everything they need on a machine with python3, pip and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RULES := rules/ownership.yaml

.PHONY: demo test lint typecheck unit check-rules clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/triage check --rules $(RULES)
	@for f in examples/*.md; do \
		echo; echo "=== triage dry-run --file $$f"; \
		$(BIN)/triage dry-run --rules $(RULES) --file $$f || exit $$?; \
	done

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

check-rules: $(VENV)/.installed-dev
	$(BIN)/triage check --rules $(RULES)

unit: $(VENV)/.installed-dev
	$(BIN)/pytest

test: lint typecheck check-rules unit

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis
