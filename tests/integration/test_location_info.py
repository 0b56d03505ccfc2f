"""``wxc.recordings.location_info`` against the simulator, and a report that shows locations by name.

A token with ``spark-admin:locations_read`` gets the fixture's names keyed by the plain ids recordings carry (the
API answers base64 ids); a token without it is no error: no names, a message why, and the report shows the ids.
"""

import json
import os
import subprocess
import sys

import pytest
import yaml

from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(HERE, "fixtures", "org.yml")
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
    fixture = yaml.safe_load(open(FIXTURE).read())
    for person in fixture["people"]:
        if person.get("token") == "sim-admin-token":
            person["scopes"] = list(person["scopes"]) + ["spark-admin:locations_read"]
    path = tmp_path_factory.mktemp("locations") / "org.yml"
    path.write_text(yaml.safe_dump(fixture))
    with SimulatorProcess("--fixture", str(path)) as sim:
        yield sim, fixture


def run(sim, work, token):
    playbook = os.path.join(work, "playbook.yml")
    with open(playbook, "w") as handle:
        handle.write(PLAYBOOK)
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
