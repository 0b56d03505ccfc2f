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

.PHONY: help venv collection browser java eda demo bench reliability test-long test lint sanity unit simulator integration molecule ecosystem docs test-matrix release clean lock

help:
	@echo "make test         lint, sanity, unit, simulator, integration, role, ecosystem and reliability tests (what CI runs)"
	@echo "make demo         offboarding and retention against a simulated org of 3,000 recordings, with reports"
	@echo "make venv         create .venv from the pinned requirements"
	@echo "make lint|sanity|unit|simulator|integration|eda|molecule|ecosystem   one stage"
	@echo "make docs         HTML docs site with antsibull-docs (build/docs/build/html)"
	@echo "make bench        benchmarks (BENCH_FULL=1 adds N=20,000 and 100,000); make test-long: long reliability run"
	@echo "make test-matrix  sanity and unit tests against ansible-core 2.16 to 2.19 (Python 3.11), 2.20 and 2.21 (Python 3.12)"
	@echo "make release      CHANGELOG.rst for galaxy.yml's version (antsibull-changelog release) and the tarball (docs/releasing.md)"

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
	@$(BIN)/python tests/tools/run_stages.py lint sanity unit simulator integration eda molecule ecosystem reliability

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ansible-lint --profile production

sanity: venv
	$(BIN)/python tests/tools/run_sanity.py

unit: venv
	$(PYTEST) tests/unit

simulator: venv
	$(PYTEST) -n auto tests/simulator/tests

integration: venv browser
	$(PYTEST) -n auto tests/integration

# The HTML report test renders in headless Chromium (Debian's package; installed here when missing).
browser:
	@command -v chromium >/dev/null || { echo "installing Debian chromium for the report rendering test"; \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Event-Driven Ansible: webhook -> the real ansible-rulebook -> archive_recording, then the sweep (tests/eda).
eda: venv java
	$(PYTEST) -n 2 tests/eda

# ansible-rulebook needs Java 17+ (Debian's package; installed here when missing).
java:
	@command -v java >/dev/null || { echo "installing Debian openjdk-17-jre-headless for ansible-rulebook"; \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

# Molecule reads extensions/molecule/config.yml only from the collection root; scenarios start the simulator.
molecule: venv
	$(BIN)/molecule test --all

# The main job, end to end: a generated org, offboarding and retention (check mode, then for real), reports.
demo: venv
	$(BIN)/python tests/tools/demo.py

# What Galaxy, Automation Hub and AWX admins check, on the built tarball: changelog fragments, licensing (reuse lint),
# galaxy-importer with ansible-lint, antsibull-docs lint, the execution environment's build context, installed use.
ecosystem: venv
	$(BIN)/antsibull-changelog lint
	$(PYTEST) tests/ecosystem

docs: venv
	rm -rf build/docs && mkdir -p build/docs
	$(BIN)/antsibull-docs sphinx-init --use-current --dest-dir build/docs wxc.recordings
	# build.sh's sphinx-build -W fails where docs.ansible.com's intersphinx inventories are unreachable: offline,
	# the same two steps run without turning those warnings into errors.
	cd build/docs && { ./build.sh || { [ -n "$(DOCS_STRICT)" ] && exit 1; \
		echo "docs: retrying without -W (intersphinx inventories unreachable?)"; \
		../../$(BIN)/sphinx-build -M html rst build -c . -q ; }; }
	@echo "docs: build/docs/build/html/index.html"

# Reliability: faults, interruptions, bad input, secrets, TLS, token expiry. `make test` runs the default slice.
reliability: venv
	$(PYTEST) -n auto tests/reliability

test-long: venv
	WXC_RELIABILITY=long $(PYTEST) -n auto tests/reliability

# Benchmarks against the simulator at 50 ms latency: this collection vs a uri playbook vs a wxc-sdk script.
bench: venv
	$(BIN)/python tests/bench/run_bench.py $(if $(BENCH_FULL),--full,)
	$(BIN)/python tests/bench/run_fleet_bench.py $(if $(BENCH_FULL),,--orgs 10 --recordings 500)
	WXC_EDA_FULL=1 $(PYTEST) -s tests/eda/test_event_driven_archive.py

# One venv per ansible-core under build/matrix/ (Python 3.11; 2.20 and 2.21 on a Python 3.12 found on this machine, see
# tests/tools/run_matrix.py); MATRIX="2.16 2.21" runs just those.
test-matrix: venv
	$(BIN)/python tests/tools/run_matrix.py $(MATRIX)

# Release galaxy.yml's version: fragments -> changelogs/changelog.yaml and CHANGELOG.rst, then the tarball.
RELEASE_VERSION = $(shell sed -n 's/^version: *//p' galaxy.yml)
release: venv
	$(BIN)/antsibull-changelog lint
	$(BIN)/antsibull-changelog release --version $(RELEASE_VERSION)
	@test -s CHANGELOG.rst || { echo "release: antsibull-changelog wrote no CHANGELOG.rst"; exit 1; }
	$(BIN)/ansible-galaxy collection build --force --output-path build/dist
	@echo "release $(RELEASE_VERSION): CHANGELOG.rst, changelogs/changelog.yaml, build/dist/wxc-recordings-$(RELEASE_VERSION).tar.gz"

lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install -q -r requirements/dev.in
	{ echo "# Pinned from requirements/dev.in with 'make lock' (pip freeze in a fresh .venv). Python 3.11."; \
	  build/lock-venv/bin/pip freeze; } > requirements/dev.txt

clean:
	rm -rf build tests/output .pytest_cache .ruff_cache
