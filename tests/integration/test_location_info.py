"""``wxc.recordings.location_info`` against the simulator, and a report that shows locations by name.

A token with ``spark-admin:locations_read`` gets the fixture's names keyed by the plain ids recordings carry (the
API answers base64 ids); a token without it is no error: no names, a message why, and the report shows the ids.
"""

import json
import os
import subprocess
import sys

import pytest
from sim_helpers import simulator_with_admin_scopes

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(ROOT, "build", "collections")

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Look up the location names
      wxc.recordings.location_info:
      register: locations
    - name: List the recordings
      wxc.recordings.recording_info:
        results_file: "{{ work }}/inventory.jsonl"
      register: inventory
    - name: Report them
      wxc.recordings.recording_report:
        dest: "{{ work }}"
        name: storage
        inventory_file: "{{ work }}/inventory.jsonl"
        location_names: "{{ locations.names }}"
        formats: [json, html]
    - name: Keep the lookup
      ansible.builtin.copy:
        content: "{{ locations | to_json }}"
        dest: "{{ work }}/locations.json"
        mode: "0600"
"""


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    with simulator_with_admin_scopes(tmp_path_factory.mktemp("locations"), "spark-admin:locations_read") as found:
        yield found


def run_playbook(sim, work, token, text, name="playbook.yml"):
    """Run the playbook ``text`` against the simulator with ``token``; fails the test when the run fails."""
    playbook = os.path.join(work, name)
    with open(playbook, "w") as handle:
        handle.write(text)
    env = dict(os.environ)
    env.update(
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        WEBEX_API_URL=sim.base_url,
        WEBEX_ACCESS_TOKEN=token,
    )
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", json.dumps({"work": work}), playbook]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return proc


def run(sim, work, token):
    proc = run_playbook(sim, work, token, PLAYBOOK)
    with open(os.path.join(work, "locations.json")) as handle:
        locations = json.load(handle)
    with open(os.path.join(work, "storage.json")) as handle:
        report = json.load(handle)
    with open(os.path.join(work, "storage.html")) as handle:
        html = handle.read()
    return locations, report, html, proc.stdout


def test_locations_by_name(simulator, tmp_path):
    sim, fixture = simulator
    locations, report, html, stdout = run(sim, str(tmp_path), "sim-admin-token")
    assert locations["status"] == "checked" and locations["message"] == "" and locations["changed"] is False
    assert locations["names"] == dict((loc["id"], loc["name"]) for loc in fixture["locations"])
    shown = dict((item["location"], item["name"]) for item in report["by_location"])
    assert shown and all(shown[location] == locations["names"][location] for location in shown)
    assert "<td>Headquarters</td>" in html
    assert "sim-admin-token" not in stdout


def test_a_token_that_may_not_read_locations_shows_ids(simulator, tmp_path):
    sim, _fixture = simulator
    locations, report, html, _stdout = run(sim, str(tmp_path), "sim-compliance-token")
    assert locations["status"] == "not permitted" and locations["names"] == {}
    assert locations["message"].startswith("locations not looked up: the token may not read locations (HTTP 403")
    assert all(item["name"] == item["location"] for item in report["by_location"])
    assert "Headquarters" not in html


# The roles look the names up while they list: recording_info and recording_retention_plan take location_names (and
# create_folders, which replaces the roles' separate folder task), so a report costs no module run of its own for them.
LISTING_PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: List into a folder that does not exist yet, looking the names up meanwhile
      wxc.recordings.recording_info:
        results_file: "{{ work }}/new/info/inventory.jsonl"
        create_folders: true
        location_names: true
        summary_only: false
      register: inventory
    - name: Plan into another new folder, looking the names up meanwhile
      wxc.recordings.recording_retention_plan:
        rules: [{name: old, action: trash, match: {older_than_days: 90}}]
        archive_before_trash: false
        checked_plan_file: "{{ work }}/new/plan/checked.json"
        create_folders: true
        location_names: true
        summary_only: true
      register: plan
    - name: Without create_folders a missing folder still fails before any request
      wxc.recordings.recording_info:
        results_file: "{{ work }}/missing/inventory.jsonl"
      register: refused
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'inventory': inventory, 'plan': plan, 'refused': refused} | to_json }}"
        dest: "{{ work }}/results.json"
        mode: "0600"
"""


def run_listing(sim, work, token):
    run_playbook(sim, work, token, LISTING_PLAYBOOK, "listing.yml")
    with open(os.path.join(work, "results.json")) as handle:
        return json.load(handle)


@pytest.mark.parametrize("token, status", [("sim-admin-token", "checked"), ("sim-compliance-token", "not permitted")])
def test_listing_modules_create_their_folder_and_look_up_names(simulator, tmp_path, token, status):
    sim, fixture = simulator
    sim.reset()
    sim.clear_requests()
    results = run_listing(sim, str(tmp_path), token)
    names = dict((loc["id"], loc["name"]) for loc in fixture["locations"]) if status == "checked" else {}
    for step in ("inventory", "plan"):
        assert results[step]["locations"]["status"] == status
        assert results[step]["locations"]["names"] == names
    assert results["inventory"]["count"] > 0 and results["plan"]["count"] >= 0
    for folder in ("new", "new/info", "new/plan"):
        assert oct(os.stat(os.path.join(str(tmp_path), folder)).st_mode & 0o777) == "0o700", folder
    assert os.path.isfile(os.path.join(str(tmp_path), "new/info/inventory.jsonl"))
    assert os.path.isfile(os.path.join(str(tmp_path), "new/plan/checked.json"))
    # One lookup per module that asked, and none for the refused task.
    assert [entry["path"] for entry in sim.requests(log=True)["log"] if entry["path"].startswith("/v1/locations")] == ["/v1/locations"] * 2
    refused = results["refused"]
    assert refused["failed"] is True and refused["option"] == "results_file" and "does not exist" in refused["msg"]
    assert not os.path.exists(os.path.join(str(tmp_path), "missing"))
