"""wxc.recordings.recording_webhook against the simulator's /v1/webhooks, through ansible-playbook: create, no
change, update in place, re-activate, replace, delete, check mode; the secret never in the output."""

import json
import urllib.request

from sim_helpers import COMPLIANCE_TOKEN

SECRET = "whsec-integration-canary"
TASK = "Webhook"
PLAYBOOK = """---
- name: Register a webhook
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Webhook
      wxc.recordings.recording_webhook:
        name: archive-new-recordings
        target_url: "{{ target_url | default('https://eda.example.com/webex') }}"
        owned_by: org
        event: "{{ event | default('created') }}"
        secret: "%s"
        state: "{{ state | default('present') }}"
""" % SECRET


def hooks(sim):
    request = urllib.request.Request(sim.root_url + "/_sim/webhooks")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["webhooks"]


def run(run_playbook, tmp_path, check=False, **extra):
    playbook = tmp_path / "webhook.yml"
    playbook.write_text(PLAYBOOK)
    result = run_playbook(str(playbook), extra, check=check, diff=True, token=COMPLIANCE_TOKEN)
    assert result.rc == 0, result
    assert SECRET not in result.stdout + result.stderr, "the secret reached the output"
    return result.result(TASK)


def test_register_idempotently_update_replace_and_delete(sim, run_playbook, tmp_path):
    planned = run(run_playbook, tmp_path, check=True)
    assert (planned["changed"], planned["action"]) == (True, "create") and hooks(sim) == []

    created = run(run_playbook, tmp_path)
    assert (created["changed"], created["action"]) == (True, "create")
    [hook] = hooks(sim)
    assert hook["id"] == created["webhook"]["id"] and hook["ownedBy"] == "org" and "secret" not in created["webhook"]

    again = run(run_playbook, tmp_path)
    assert (again["changed"], again["action"]) == (False, "none")

    moved = run(run_playbook, tmp_path, target_url="https://eda2.example.com/webex")
    assert (moved["action"], moved["webhook"]["id"]) == ("update", hook["id"])
    assert hooks(sim)[0]["targetUrl"] == "https://eda2.example.com/webex"

    replaced = run(run_playbook, tmp_path, target_url="https://eda2.example.com/webex", event="all")
    assert replaced["action"] == "replace" and replaced["deleted_ids"] == [hook["id"]]
    [new_hook] = hooks(sim)
    assert new_hook["id"] != hook["id"] and new_hook["event"] == "all"

    deleted = run(run_playbook, tmp_path, state="absent")
    assert (deleted["changed"], deleted["action"], deleted["deleted_ids"]) == (True, "delete", [new_hook["id"]])
    assert hooks(sim) == []
    assert run(run_playbook, tmp_path, state="absent")["changed"] is False
