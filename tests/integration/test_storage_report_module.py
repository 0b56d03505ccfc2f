"""The storage_report role in one module process (issue 14): ``wxc.recordings.recording_storage_report``.

On the same simulator data, the role's report (JSON, CSV, HTML) and inventory are byte for byte those of the
two-module flow it replaces (``recording_info`` with ``results_file`` and ``location_names``, then
``recording_report`` with ``inventory_file``), but for the time each report was generated. The role lists the year
once, in one module task, and looks the location names up once.
"""

import json
import os
import subprocess
import sys

import pytest
from sim_helpers import ADMIN_LIST, calls, simulator_with_admin_scopes

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
LOCATIONS = "GET /v1/locations"
STATUSES = ["available", "deleted"]

# The role's tasks before issue 14, with the same module_defaults' effect (token and URL from the environment).
TWO_MODULES = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: List every recording of the retention year to a file
      wxc.recordings.recording_info:
        status: [available, deleted]
        results_file: "{{ dir }}/{{ name }}-inventory.jsonl"
        create_folders: true
        location_names: true
      register: inventory
    - name: Write the report (JSON, CSV and HTML)
      wxc.recordings.recording_report:
        dest: "{{ dir }}"
        name: "{{ name }}"
        title: Webex Calling recordings storage
        kind: storage
        inventory_file: "{{ inventory.results_file }}"
        quota_gb: 1.0
        target_gb: 0.8
        oldest_count: 20
        top_count: 15
        csv_rows: all
        location_names: "{{ inventory.locations.names }}"
        facts:
          recordings: "{{ inventory.count }}"
          statuses: "available, deleted"
          oldest_create_time: "{{ inventory.summary.oldest_create_time }}"
"""


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    """The fixture organisation, its admin token allowed to read locations (so the report shows names)."""
    with simulator_with_admin_scopes(tmp_path_factory.mktemp("storage-module"), "spark-admin:locations_read") as found:
        yield found


def ansible_playbook(sim, playbook, extra_vars, work, check=False):
    """Run ``playbook``; returns ``(stdout, task results)`` (the ``record_results`` callback's list)."""
    results_file = os.path.join(work, "results.json")
    env = dict(os.environ)
    env.update(
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="record_results",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        WEBEX_API_URL=sim.base_url,
        WEBEX_ACCESS_TOKEN="sim-admin-token",
        WEBEX_ADMIN_TOKEN="sim-admin-token",
        WXC_RESULTS_FILE=results_file,
    )
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", json.dumps(extra_vars), playbook]
    if check:
        command.append("--check")
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=work, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    with open(results_file) as handle:
        return proc.stdout, json.load(handle)


def read(folder, name):
    """The report files and the inventory of ``name``, the report's generation time blanked out."""
    with open(os.path.join(folder, name + ".json")) as handle:
        generated = json.load(handle)["generated"]
    files = {}
    for suffix in (".json", ".csv", ".html", "-inventory.jsonl"):
        with open(os.path.join(folder, name + suffix)) as handle:
            files[suffix] = handle.read().replace(generated, "<generated>")
    return files


@pytest.fixture(scope="module")
def runs(simulator, tmp_path_factory):
    """The two-module flow, then the role (the same data: the simulator's clock is the only difference), each with
    the simulator's request counts."""
    sim, _fixture = simulator
    work = str(tmp_path_factory.mktemp("storage-runs"))
    playbook = os.path.join(work, "two-modules.yml")
    with open(playbook, "w") as handle:
        handle.write(TWO_MODULES)
    found = {}
    for key, path, extra in (
        ("two_modules", playbook, {"dir": os.path.join(work, "two"), "name": "storage"}),
        (
            "role",
            os.path.join(ROOT, "playbooks", "storage_report.yml"),
            {
                "storage_report_dir": os.path.join(work, "role"),
                "storage_report_name": "storage",
                "storage_report_quota_gb": 1.0,
                "storage_report_target_gb": 0.8,
            },
        ),
    ):
        sim.reset()
        stdout, results = ansible_playbook(sim, path, extra, work)
        found[key] = {"stdout": stdout, "results": results, "requests": sim.requests(), "files": read(list(extra.values())[0], "storage")}
    return found


def test_the_role_writes_the_report_of_the_two_module_flow(runs):
    before, after = runs["two_modules"]["files"], runs["role"]["files"]
    for suffix in (".json", ".csv", ".html", "-inventory.jsonl"):
        assert after[suffix] == before[suffix], suffix
    report = json.loads(after[".json"])
    # The locations are named (looked up in the background, handed to the report at the end of the listing).
    assert report["by_location"] and all(item["name"] != item["location"] for item in report["by_location"])
    assert report["facts"]["recordings"] == len(after["-inventory.jsonl"].splitlines()) > 0
    assert report["facts"]["statuses"] == "available, deleted"


def test_the_role_lists_once_in_one_module_task(runs):
    two, role = runs["two_modules"]["requests"]["by_endpoint"], runs["role"]["requests"]["by_endpoint"]
    # Every list page exactly once (as recording_info alone listed them), one location lookup, nothing else.
    assert role == two and role[LOCATIONS] == 1 and set(role) == set([ADMIN_LIST, LOCATIONS])
    assert role[ADMIN_LIST] >= 13 * len(STATUSES)
    # One task of the role ran a module that talks to Webex or writes the report: it lists and reports.
    module_results = [entry for entry in runs["role"]["results"] if "files" in entry["result"] or "count" in entry["result"]]
    assert [entry["task"] for entry in module_results] == [
        "wxc.recordings.storage_report : List every recording of the retention year and write the report (JSON, CSV and HTML)"
    ]
    result = module_results[0]["result"]
    assert result["changed"] is False  # changed_when: false, the report is the run's output
    assert result["count"] == json.loads(runs["role"]["files"][".json"])["facts"]["recordings"]
    assert result["locations"]["status"] == "checked" and result["locations"]["message"] == ""
    assert result["inventory_file"].endswith("/role/storage-inventory.jsonl")
    assert result["summary"]["oldest_create_time"] == json.loads(runs["role"]["files"][".json"])["facts"]["oldest_create_time"]


def test_check_mode_lists_and_writes_the_report_too(simulator, tmp_path):
    sim, _fixture = simulator
    sim.reset()
    folder = str(tmp_path / "new" / "reports")
    stdout, results = ansible_playbook(
        sim, os.path.join(ROOT, "playbooks", "storage_report.yml"), {"storage_report_dir": folder, "storage_report_name": "dry"}, str(tmp_path), check=True
    )
    assert sorted(os.listdir(folder)) == ["dry-inventory.jsonl", "dry.csv", "dry.html", "dry.json"]
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    assert calls(sim, "POST /v1/convergedRecordings/softDelete") == 0 and "Storage: " in stdout
    assert [entry["status"] for entry in results if "List every recording" in entry["task"]] == ["ok"]
