"""Reliability suites: faults, interruptions, bad input, secrets, TLS, token expiry and safety rails.

``make test`` runs the default slice; ``WXC_RELIABILITY=long`` (``make test-long``) adds the tests marked
``long`` and more seeds to the parametrised ones.
"""

import glob
import os

import pytest

from tests.reliability import harness


def pytest_configure(config):
    config.addinivalue_line("markers", "long: part of the long reliability run only (WXC_RELIABILITY=long, make test-long)")
    if not hasattr(config, "workerinput"):
        # The controller (or a run without xdist) starts a fresh set of figures for docs/reliability.md.
        for path in glob.glob(os.path.join(harness.FIGURES_DIR, "figures-*.jsonl")):
            os.remove(path)


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    if harness.LONG:
        return
    skip = pytest.mark.skip(reason="long run only: WXC_RELIABILITY=long (make test-long)")
    for item in items:
        if "long" in item.keywords and str(item.fspath).startswith(harness.HERE):
            item.add_marker(skip)


@pytest.fixture
def work_dir(tmp_path):
    return tmp_path
