# wxc.recordings developer commands. `make test` is the one CI runs (.ci/run).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COLLECTIONS := build/collections
LINK := $(COLLECTIONS)/ansible_collections/wxc/recordings
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(COLLECTIONS)
export PATH := $(CURDIR)/$(BIN):$(PATH)
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider

.PHONY: help venv collection test lint sanity unit simulator integration molecule clean lock

help:
	@echo "make test         lint, sanity, unit, simulator, integration and role tests (what CI runs)"
	@echo "make venv         create .venv from the pinned requirements"
	@echo "make lint|sanity|unit|simulator|integration|molecule   one stage"

$(STAMP): requirements/dev.txt tests/simulator/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements/dev.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e tests/simulator
	touch $(STAMP)

venv: $(STAMP) collection

# Ansible finds the checkout as wxc.recordings through this link; nothing is copied.
collection:
	@mkdir -p $(dir $(LINK))
	@test -L $(LINK) || ln -s $(CURDIR) $(LINK)

test: venv
	@$(BIN)/python tests/tools/run_stages.py lint sanity unit simulator integration molecule

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ansible-lint --profile production

sanity: venv
	$(BIN)/python tests/tools/run_sanity.py

unit: venv
	$(PYTEST) tests/unit

simulator: venv
	$(PYTEST) -n auto tests/simulator/tests

integration: venv
	$(PYTEST) -n auto tests/integration

molecule: venv
	@if ls extensions/molecule/*/molecule.yml >/dev/null 2>&1; then \
		cd extensions && for s in molecule/*/; do s=$$(basename $$s); [ "$$s" = shared ] && continue; \
		../$(BIN)/molecule test -s $$s || exit 1; done; \
	else echo "no molecule scenarios"; fi

lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install -q -r requirements/dev.in
	{ echo "# Pinned from requirements/dev.in with 'make lock' (pip freeze in a fresh .venv). Python 3.11."; \
	  build/lock-venv/bin/pip freeze; } > requirements/dev.txt

clean:
	rm -rf build tests/output .pytest_cache .ruff_cache
