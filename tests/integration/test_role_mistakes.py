"""The ordinary mistakes a new admin makes with the roles: each stops the run or is reported, never a green lie.

Each test runs the real role with ansible-playbook against the simulator and asserts the simulator's final state and
the writes it received (none where none should be sent).
"""

import json
import os

import pytest
import yaml
from sim_helpers import ADMIN_LIST, COMPLIANCE_TOKEN, REASSIGN, SOFT_DELETE, calls, state, writes

from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
LEAVER = "dave@example.com"


def playbook(tmp_path, role, name="play.yml"):
    path = tmp_path / name
    path.write_text(
        yaml.safe_dump(
            [{"name": "Run the %s role" % role, "hosts": "localhost", "gather_facts": False, "roles": [{"role": "wxc.recordings.%s" % role}]}]
        )
    )
    return str(path)


def role_vars(tmp_path, **extra):
    values = {"offboarding_report_dir": str(tmp_path / "reports"), "retention_report_dir": str(tmp_path / "reports")}
    values.update(extra)
    return values


COMPLIANCE_ENV = {"WEBEX_COMPLIANCE_TOKEN": COMPLIANCE_TOKEN}


# ---------------------------------------------------------------------------------------------- 1. misspelled variables


@pytest.mark.parametrize(
    "role, variable, value, closest",
    [
        ("retention", "retention_legal_hold", {"owner_emails": [LEAVER]}, "retention_legal_holds"),
        ("offboarding", "offboarding_sucessor_email", "carol@example.com", "offboarding_successor_email"),
        ("archive", "archive_path_templat", "{id}", "archive_path_template"),
        ("storage_report", "storage_report_quota", 10, "storage_report_quota_gb"),
    ],
)
def test_a_misspelled_role_variable_stops_the_run_before_any_request(run_playbook, sim, tmp_path, role, variable, value, closest):
    extra = role_vars(tmp_path, **{variable: value})
    if role == "retention":
        extra["retention_rules"] = [{"name": "all", "action": "trash", "match": {}}]
        extra["retention_archive_before_trash"] = False
    if role == "archive":
        extra.update(archive_dest=str(tmp_path / "archive"), archive_owner_email=LEAVER)
    if role == "offboarding":
        extra.update(offboarding_leaver_email=LEAVER, offboarding_action="reassign", offboarding_successor_email="carol@example.com")
    before = state(sim)
    sim.clear_requests()
    run = run_playbook(playbook(tmp_path, role), extra_vars=extra)
    assert run.rc != 0, run
    assert "%s is not a variable of the %s role (did you mean %s?)" % (variable, role, closest) in run.stdout, run
    assert sim.requests()["total"] == 0
    assert state(sim) == before


# ---------------------------------------------------------------------------------------------- 2. a mistyped leaver


def test_offboarding_an_address_that_owns_nothing_fails_naming_it(run_playbook, sim, tmp_path):
    extra = role_vars(tmp_path, offboarding_leaver_email="dave@exmaple.com", offboarding_action="reassign", offboarding_successor_email="carol@example.com")
    sim.clear_requests()
    run = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=extra)
    assert run.rc != 0, run
    assert "leaver_email: dave@exmaple.com owns no recording" in run.stdout and "offboarding_allow_no_recordings" in run.stdout, run
    assert writes(sim) == []
    # The fixture's admin may not read people: that is said, and the run goes on to the listing.
    assert "people not looked up: the token may not read people (HTTP 403" in run.stdout


def test_an_empty_leaver_is_fine_when_the_admin_says_so(run_playbook, sim, tmp_path):
    extra = role_vars(
        tmp_path,
        offboarding_leaver_email="nobody@example.com",
        offboarding_action="reassign",
        offboarding_successor_email="carol@example.com",
        offboarding_allow_no_recordings=True,
    )
    run = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=extra)
    assert run.rc == 0, run
    assert writes(sim) == []


@pytest.fixture
def people_sim(tmp_path):
    """A simulator whose admin may read people (spark-admin:people_read)."""
    with open(os.path.join(HERE, "fixtures", "org.yml")) as handle:
        fixture = yaml.safe_load(handle)
    for person in fixture["people"]:
        if person["email"] == "admin@example.com":
            person["scopes"] = list(person["scopes"]) + ["spark-admin:people_read"]
    path = tmp_path / "org-people.yml"
    path.write_text(yaml.safe_dump(fixture))
    with SimulatorProcess("--fixture", str(path)) as simulator:
        yield simulator


def test_an_unknown_successor_fails_before_the_first_write(people_sim, tmp_path):
    import subprocess
    import sys

    from conftest import playbook_env

    env = playbook_env(people_sim)
    extra = role_vars(tmp_path, offboarding_leaver_email=LEAVER, offboarding_action="reassign", offboarding_successor_email="carl@example.com")
    before = state(people_sim)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", json.dumps(extra)]
    proc = subprocess.run(command + [playbook(tmp_path, "offboarding")], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode != 0, proc.stdout
    assert "successor_email: carl@example.com is not a person of this organisation" in proc.stdout, proc.stdout
    assert writes(people_sim) == [] and calls(people_sim, ADMIN_LIST) == 0
    assert state(people_sim) == before


# ---------------------------------------------------------------------------------------------- 3. failed run, corrected run, rollback


def test_a_failed_offboarding_then_a_corrected_one_rolls_back_exactly(run_playbook, sim, tmp_path):
    before = state(sim)
    # A purged recording is visible to no admin: it stays with its owner.
    dave = sorted(i for i, (status, owner) in before.items() if owner == LEAVER and status != "purged")
    common = dict(offboarding_leaver_email=LEAVER, offboarding_action="reassign", offboarding_notify_room_id="")

    typo = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=role_vars(tmp_path, offboarding_successor_email="carl@example.com", **common))
    assert typo.rc != 0, typo
    assert state(sim) == before  # nothing moved to the misspelled address

    right = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=role_vars(tmp_path, offboarding_successor_email="carol@example.com", **common))
    assert right.rc == 0, right
    after = state(sim)
    assert set(owner for i, (_s, owner) in after.items() if i in dave) == {"carol@example.com"}
    journal = json.loads((tmp_path / "reports" / ("offboarding-%s-journal.json" % LEAVER)).read_text())
    assert sorted(e["id"] for e in journal["entries"]) == dave
    assert set((e["state"], e["new_owner_email"]) for e in journal["entries"]) == {("done", "carol@example.com")}

    back = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=role_vars(tmp_path, offboarding_mode="rollback", **common))
    assert back.rc == 0, back
    assert state(sim) == before


def test_a_rollback_that_restores_nothing_fails_and_says_why(run_playbook, sim, tmp_path):
    common = dict(
        offboarding_leaver_email=LEAVER, offboarding_action="reassign", offboarding_notify_room_id="", offboarding_successor_email="carol@example.com"
    )
    moved = sorted(i for i, (status, owner) in state(sim).items() if owner == LEAVER and status != "purged")
    assert run_playbook(playbook(tmp_path, "offboarding"), extra_vars=role_vars(tmp_path, **common)).rc == 0
    assert set(state(sim)[i][1] for i in moved) == {"carol@example.com"}
    # Someone hands all of them on to Bob meanwhile: the rollback must not take them from Bob, and must not pass.
    for start in range(0, len(moved), 100):
        sim_reassign(sim, moved[start : start + 100], "bob@example.com")
    sim.clear_requests()
    back = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=role_vars(tmp_path, offboarding_mode="rollback", **common))
    assert back.rc != 0, back
    assert "owner changed since the offboarding (now bob@example.com)" in back.stdout, back
    assert "restores none of the" in back.stdout
    assert calls(sim, REASSIGN) == 0


def sim_reassign(sim, ids, new_owner):
    import requests

    response = requests.post(
        sim.base_url + "/convergedRecordings/reassign",
        json={"reassignOwnerEmail": new_owner, "recordingIds": ids},
        headers={"Authorization": "Bearer sim-admin-token"},
        timeout=30,
    )
    assert response.status_code in (200, 204), response.text


# ---------------------------------------------------------------------------------------------- 4. a retried apply


def test_applying_an_applied_plan_again_changes_and_refuses_nothing(run_playbook, sim, tmp_path):
    plan_file = str(tmp_path / "plan.json")
    policy = dict(
        retention_rules=[{"name": "older-than-30-days", "action": "trash", "match": {"older_than_days": 30}}],
        retention_archive_before_trash=False,
        retention_fail_on_drift=True,
    )
    planned = run_playbook(playbook(tmp_path, "retention"), extra_vars=role_vars(tmp_path, retention_plan_file=plan_file, **policy), check=True)
    assert planned.rc == 0, planned
    entries = json.loads(open(plan_file).read())["entries"]
    assert len(entries) > 100

    first = run_playbook(playbook(tmp_path, "retention"), extra_vars=role_vars(tmp_path, retention_apply_plan=plan_file, **policy))
    assert first.rc == 0, first
    after_first = state(sim)
    assert set(after_first[e["id"]][0] for e in entries) == {"deleted"}

    sim.clear_requests()
    again = run_playbook(playbook(tmp_path, "retention"), extra_vars=role_vars(tmp_path, retention_apply_plan=plan_file, **policy))
    assert again.rc == 0, again  # retention_fail_on_drift is on: nothing counts as drift
    assert writes(sim) == [] and calls(sim, SOFT_DELETE) == 0
    assert state(sim) == after_first
    # The second apply's report: every planned recording already done, none refused, none acted on.
    reports = [p for p in os.listdir(tmp_path / "reports") if p.endswith("-apply.json")]
    documents = [json.loads((tmp_path / "reports" / p).read_text()) for p in reports]
    second = [d for d in documents if d["facts"]["already_done"] == len(entries)]
    assert len(second) == 1, [d["facts"]["already_done"] for d in documents]
    assert second[0]["facts"]["refused_drift"] == 0 and sum(second[0]["facts"]["planned_by_action"].values()) == 0
    assert sorted(set(row["outcome"] for row in second[0]["rows"])) == ["unchanged"] and len(second[0]["rows"]) == len(entries)


def test_drift_errors_show_at_most_20_ids(run_playbook, sim, tmp_path):
    plan_file = str(tmp_path / "plan.json")
    policy = dict(
        retention_rules=[{"name": "older-than-30-days", "action": "trash", "match": {"older_than_days": 30}}],
        retention_archive_before_trash=False,
        retention_fail_on_drift=True,
    )
    assert run_playbook(playbook(tmp_path, "retention"), extra_vars=role_vars(tmp_path, retention_plan_file=plan_file, **policy), check=True).rc == 0
    entries = json.loads(open(plan_file).read())["entries"]
    alice = [e["id"] for e in entries if e["owner_email"] == "alice@example.com"]
    assert len(alice) > 25
    sim_reassign(sim, alice[:100], "bob@example.com")  # drift: another owner
    run = run_playbook(playbook(tmp_path, "retention"), extra_vars=role_vars(tmp_path, retention_apply_plan=plan_file, **policy))
    assert run.rc != 0, run
    message = [line for line in run.stdout.splitlines() if "changed since the plan and were refused" in line][0]
    assert "owner changed from alice@example.com to bob@example.com: %d (" % min(100, len(alice)) in message
    assert "and %d more" % (min(100, len(alice)) - 20) in message
    assert sum(message.count(i) for i in alice) == 20


# ---------------------------------------------------------------------------------------------- 5. check mode and Prevent Downloading


def test_check_mode_never_fails_for_what_a_real_run_would_refuse(run_playbook, sim, tmp_path):
    before = state(sim)
    extra = role_vars(
        tmp_path,
        offboarding_leaver_email=LEAVER,
        offboarding_action="archive_and_trash",
        offboarding_archive_dest=str(tmp_path / "archive"),
        offboarding_notify_room_id="",
    )
    dry = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=extra, check=True, env=COMPLIANCE_ENV)
    assert dry.rc == 0, dry
    assert "2 recording(s) could not be archived and would be kept (not trashed)" in dry.stdout, dry
    assert "Prevent" in dry.stdout or "download" in dry.stdout.lower()
    assert writes(sim) == [] and state(sim) == before

    real = run_playbook(playbook(tmp_path, "offboarding"), extra_vars=extra, env=COMPLIANCE_ENV)
    assert real.rc != 0, real
    assert "2 recording(s) could not be archived and were kept (not trashed)" in real.stdout, real
    after = state(sim)
    kept = [i for i, (status, owner) in after.items() if owner == LEAVER and status == "available"]
    assert len(kept) == 2
    assert len([i for i, (status, owner) in before.items() if owner == LEAVER and status == "available"]) == 20
