"""Reliability suites: faults, interruptions, bad input, secrets, TLS, token expiry and safety rails.

``make test`` runs the default slice; ``WXC_RELIABILITY=long`` (``make test-long``) adds the tests marked
``long`` and more seeds to the parametrised ones.
"""

import os
import time

import pytest

from tests.reliability import harness


def pytest_configure(config):
    config.addinivalue_line("markers", "long: part of the long reliability run only (WXC_RELIABILITY=long, make test-long)")
    if not hasattr(config, "workerinput") and "WXC_RELIABILITY_SESSION" not in os.environ:
        # The controller (or a run without xdist) names the session; the workers it starts inherit the name, and
        # write their figures for docs/reliability.md into build/reliability/<mode>/<session>/.
        os.environ["WXC_RELIABILITY_SESSION"] = time.strftime("%Y%m%dT%H%M%S") + "-%d" % os.getpid()


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    if harness.LONG:
        return
    skip = pytest.mark.skip(reason="long run only: WXC_RELIABILITY=long (make test-long)")
    for item in items:
        if "long" in item.keywords and str(item.fspath).startswith(harness.HERE):
            item.add_marker(skip)


def pytest_runtest_logreport(report):
    """Every test's outcome, for the "Tests (failed)" column of docs/reliability.md (recorded once, by the controller)."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not report.nodeid.startswith("tests/reliability/"):
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        suite = report.nodeid.split("::")[0].rsplit("/", 1)[-1][len("test_"):-len(".py")]
        harness.record_figures("outcome", target=suite, test=report.nodeid, outcome=report.outcome)


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory):
    """References (fault-free runs) are shared by the xdist workers of a session through the common temp root."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    harness.SESSION_CACHE["dir"] = os.path.join(str(root), "wxc-reliability-cache")
    yield
    harness.SESSION_CACHE["dir"] = None


@pytest.fixture
def work_dir(tmp_path):
    return tmp_path
