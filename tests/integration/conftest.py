"""Integration harness: a real simulator process and real ``ansible-playbook`` runs against it.

Fixtures:
- ``sim``: one simulator per test session (per xdist worker), loaded with ``fixtures/org.yml``, reset before each test.
  ``sim.error_codes`` is how it answers write calls for ids or users that do not exist and wrong-state ids
  (docs/webex-api.md 4): ``spec`` (404/409, the official spec) for every test, and ``legacy`` (400) as well for
  the write-operation tests (WRITE_TESTS), so the collection is proven under both readings. The environment
  variable ``WXC_SIM_ERROR_CODES=spec|legacy`` runs every test under that one reading instead.
- ``run_playbook``: runs a playbook on localhost against ``sim`` and returns a ``PlaybookRun``.
"""

import json
import os
import subprocess
import sys
import tempfile

import pytest

from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(HERE, "fixtures", "org.yml")
COLLECTIONS = os.path.join(ROOT, "build", "collections")

ADMIN_TOKEN = "sim-admin-token"
COMPLIANCE_TOKEN = "sim-compliance-token"

ERROR_CODES = ("spec", "legacy")
# The tests whose modules send write calls: they run under both error-code readings.
WRITE_TESTS = frozenset(
    (
        "test_recording_trash",
        "test_recording_restore",
        "test_recording_purge",
        "test_recording_reassign",
        "test_recording_delete",
        "test_write_errors",
    )
)


def error_code_modes(module_name):
    forced = os.environ.get("WXC_SIM_ERROR_CODES")
    if forced:
        if forced not in ERROR_CODES:
            raise pytest.UsageError("WXC_SIM_ERROR_CODES must be one of %s, not %r" % (", ".join(ERROR_CODES), forced))
        return [forced]
    return list(ERROR_CODES) if module_name in WRITE_TESTS else ["spec"]


def pytest_generate_tests(metafunc):
    if "error_codes" in metafunc.fixturenames:
        modes = error_code_modes(metafunc.module.__name__.rsplit(".", 1)[-1])
        metafunc.parametrize("error_codes", modes, scope="session")


class PlaybookRun:
    def __init__(self, rc, stdout, stderr, results):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = results

    def result(self, task_name):
        """The result of the one task named ``task_name`` (fails the test if it ran zero or several times)."""
        found = [entry for entry in self.results if entry["task"] == task_name]
        assert len(found) == 1, "task %r ran %d times; tasks seen: %s" % (task_name, len(found), [e["task"] for e in self.results])
        return found[0]["result"]

    def status(self, task_name):
        return [entry["status"] for entry in self.results if entry["task"] == task_name]

    def __repr__(self):
        return "PlaybookRun(rc=%s)\n--- stdout ---\n%s\n--- stderr ---\n%s" % (self.rc, self.stdout[-6000:], self.stderr[-3000:])


@pytest.fixture(scope="session")
def sim_session(error_codes):
    with SimulatorProcess("--fixture", FIXTURE, error_codes=error_codes) as simulator:
        yield simulator


@pytest.fixture
def sim(sim_session):
    sim_session.reset()
    return sim_session


def playbook_env(sim, token=ADMIN_TOKEN, extra=None):
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_CALLBACK_PLUGINS": os.path.join(HERE, "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "record_results",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
            "WEBEX_API_URL": sim.base_url,
        }
    )
    env.pop("WEBEX_ACCESS_TOKEN", None)
    if token:
        env["WEBEX_ACCESS_TOKEN"] = token
    env.update(extra or {})
    return env


@pytest.fixture
def run_playbook(sim, tmp_path):
    def run(playbook, extra_vars=None, check=False, diff=False, token=ADMIN_TOKEN, env=None, verbosity=0, timeout=600):
        results_file = os.path.join(tempfile.mkdtemp(dir=str(tmp_path)), "results.json")
        run_env = playbook_env(sim, token, env)
        run_env["WXC_RESULTS_FILE"] = results_file
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local"]
        if not os.path.isabs(playbook):
            playbook = os.path.join(HERE, playbook)
        vars_ = {"sim_api_url": sim.base_url, "sim_root_url": sim.root_url, "work_dir": str(tmp_path)}
        vars_.update(extra_vars or {})
        command += ["-e", json.dumps(vars_)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        command.append(playbook)
        proc = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=timeout, cwd=str(tmp_path), check=False)
        results = []
        if os.path.exists(results_file):
            with open(results_file) as handle:
                results = json.load(handle)
        return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, results)

    return run
