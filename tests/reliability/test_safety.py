"""Safety rails: destructive steps need explicit opt-ins in the roles, and a dry run sends no write.

The dry run of the roles is check mode (``--check``, as the shipped playbooks document, or ``check_mode: true``), or
one variable (``offboarding_dry_run``, ``retention_dry_run``, ``archive_dry_run``); it must send no write call,
download nothing and still write the report. Purging needs
``retention_purge_enabled``; trashing everything a leaver has needs ``offboarding_action: archive_and_trash`` and an
archive; retention trashes only what it archived unless ``retention_archive_before_trash`` is turned off; no role ever
deletes for good.
"""

import glob
import json
import os

import pytest

from tests.reliability import harness
from tests.reliability.scenarios import SCENARIOS, latest_report

WRITE_ENDPOINTS = ("POST /v1/convergedRecordings/softDelete", "POST /v1/convergedRecordings/restore", "POST /v1/convergedRecordings/purge",
                   "POST /v1/convergedRecordings/reassign", "DELETE /v1/convergedRecordings/{recordingId}")
TOKENS_ENV = {"WEBEX_ADMIN_TOKEN": harness.ADMIN_TOKEN, "WEBEX_COMPLIANCE_TOKEN": harness.COMPLIANCE_TOKEN}
POLICY = {
    "retention_rules": [
        {"name": "purge-old", "action": "purge", "match": {"older_than_days": 330}},
        {"name": "trash-old", "action": "trash", "match": {"older_than_days": 200}},
    ],
    "retention_purge_enabled": True,
    "retention_quota_enabled": True,
    "retention_quota_gb": 0.05,
    "retention_quota_target_gb": 0.01,
}
LEAVER = "user002@example.com"
SUCCESSOR = "user004@example.com"

# name: (playbook, extra vars, how the dry run is asked for)
DRY_RUNS = {
    "offboard_user.yml archive_and_trash --check": (
        "playbooks/offboard_user.yml",
        {
            "offboarding_leaver_email": LEAVER,
            "offboarding_action": "archive_and_trash",
            "offboarding_archive_dest": "{work}/archive",
            "offboarding_fail_on_unarchived": False,
        },
        "--check",
    ),
    "offboard_user.yml reassign --check": (
        "playbooks/offboard_user.yml",
        {"offboarding_leaver_email": LEAVER, "offboarding_successor_email": SUCCESSOR},
        "--check",
    ),
    "retention.yml purge+quota --check": ("playbooks/retention.yml", dict(POLICY, retention_archive_dest="{work}/archive"), "--check"),
    "archive.yml --check": ("playbooks/archive.yml", {"archive_selection": {"owner_email": LEAVER}, "archive_dest": "{work}/archive"}, "--check"),
    "retention role check_mode keyword": ("dry_run_keyword.yml", dict(POLICY, retention_archive_dest="{work}/archive"), "keyword"),
    # The dry run one variable away, without --check.
    "offboard_user.yml archive_and_trash offboarding_dry_run": (
        "playbooks/offboard_user.yml",
        {
            "offboarding_leaver_email": LEAVER,
            "offboarding_action": "archive_and_trash",
            "offboarding_archive_dest": "{work}/archive",
            "offboarding_fail_on_unarchived": False,
            "offboarding_dry_run": True,
        },
        "variable",
    ),
    "retention.yml purge+quota retention_dry_run": (
        "playbooks/retention.yml",
        dict(POLICY, retention_archive_dest="{work}/archive", retention_dry_run=True),
        "variable",
    ),
    "archive.yml archive_dry_run": (
        "playbooks/archive.yml",
        {"archive_selection": {"owner_email": LEAVER}, "archive_dest": "{work}/archive", "archive_dry_run": True},
        "variable",
    ),
}


def _vars(variables, work_dir):
    return json.loads(json.dumps(variables).replace("{work}", str(work_dir)))


@pytest.mark.parametrize("name", sorted(DRY_RUNS))
def test_dry_run_sends_no_write(work_dir, name):
    playbook, variables, how = DRY_RUNS[name]
    scenario = SCENARIOS["retention"]
    sim = harness.start_sim(*scenario.sim_args(1))
    try:
        before = harness.state(sim)
        run = harness.Playbook(sim, work_dir, token=None, env=TOKENS_ENV).run(playbook, extra_vars=_vars(variables, work_dir), check=how == "--check")
        after = harness.state(sim)
        by_endpoint = sim.requests()["by_endpoint"]
    finally:
        sim.stop()
    assert run.rc == 0, "the dry run failed: %s\n%r" % ([(e["task"], e["result"].get("msg")) for e in run.failed_tasks()], run)
    writes = dict((key, count) for key, count in by_endpoint.items() if key in WRITE_ENDPOINTS)
    downloads = by_endpoint.get("GET /downloads/{token}/{artifact}", 0)
    assert not writes, "the dry run sent writes: %s" % writes
    assert downloads == 0, "the dry run downloaded %d files" % downloads
    assert after == before
    archived = list(harness.walk_files(os.path.join(str(work_dir), "archive")))
    assert not archived, "the dry run wrote into the archive: %s" % archived[:5]
    report = latest_report(os.path.join(str(work_dir), "reports"))
    assert report is not None and report.get("dry_run") is True, "no dry-run report in %s" % glob.glob(os.path.join(str(work_dir), "reports", "*"))
    would = report["actions"]["by_outcome"].get("would_change", 0)
    assert would > 0, "the dry run reports nothing it would do: %s" % report["actions"]
    harness.record_figures("safety", target=name, runs=1, writes=sum(writes.values()), would=would)


def run_role(work_dir, playbook, variables, check=False, sim=None):
    own = sim is None
    if own:
        sim = harness.start_sim(*SCENARIOS["retention"].sim_args(1))
    try:
        sim.clear_requests()
        before = harness.state(sim)
        run = harness.Playbook(sim, work_dir, token=None, env=TOKENS_ENV).run(playbook, extra_vars=_vars(variables, work_dir), check=check)
        after = harness.state(sim)
        by_endpoint = sim.requests()["by_endpoint"]
    finally:
        if own:
            sim.stop()
    return run, before, after, by_endpoint


@pytest.mark.parametrize("how", ["--check", "offboarding_dry_run"])
def test_rollback_dry_run_sends_no_write(work_dir, how):
    """Offboard for real (reassign), then ask for the rollback with --check (or the variable): nothing moves back."""
    variables = {"offboarding_leaver_email": LEAVER, "offboarding_successor_email": SUCCESSOR}
    rollback = dict(variables, offboarding_mode="rollback")
    if how == "offboarding_dry_run":
        rollback["offboarding_dry_run"] = True
    sim = harness.start_sim(*SCENARIOS["retention"].sim_args(1))
    try:
        done, _before, handed_over, _requests = run_role(work_dir, "playbooks/offboard_user.yml", variables, sim=sim)
        assert done.rc == 0, done
        assert handed_over != _before, "the offboarding moved nothing: the rollback has nothing to undo"
        dry, before, after, by_endpoint = run_role(work_dir, "playbooks/offboard_user.yml", rollback, check=how == "--check", sim=sim)
    finally:
        sim.stop()
    assert dry.rc == 0, [(e["task"], e["result"].get("msg")) for e in dry.failed_tasks()]
    writes = dict((key, count) for key, count in by_endpoint.items() if key in WRITE_ENDPOINTS)
    assert not writes, "the rollback dry run sent writes: %s" % writes
    assert after == before


def test_purge_needs_purge_enabled(work_dir):
    policy = dict(POLICY, retention_purge_enabled=False, retention_quota_enabled=False, retention_archive_dest="{work}/archive")
    run, before, after, by_endpoint = run_role(work_dir, "playbooks/retention.yml", policy)
    assert run.rc == 0, run
    assert "POST /v1/convergedRecordings/purge" not in by_endpoint, "purged although retention_purge_enabled is false"
    assert "DELETE /v1/convergedRecordings/{recordingId}" not in by_endpoint
    purged = [rec_id for rec_id in before["items"] if before["items"][rec_id][0] != "purged" and after["items"][rec_id][0] == "purged"]
    assert not purged
    assert by_endpoint.get("POST /v1/convergedRecordings/softDelete"), "the purge rule did not even trash (it should, without purging)"
    report = latest_report(os.path.join(str(work_dir), "reports"))
    # With purging off (and no quota target) nothing can be done to the recycle bin, so it is not even listed (issue
    # 12: the plan lists only what the policy needs); the report says what was listed.
    assert "deleted" not in report["facts"]["listed"] and "available" in report["facts"]["listed"], report["facts"]
    assert report["facts"].get("not_purged_purge_disabled") == 0, report["facts"]


def test_retention_refuses_to_trash_without_an_archive(work_dir):
    policy = dict(POLICY, retention_purge_enabled=False, retention_quota_enabled=False)  # no retention_archive_dest
    run, before, after, by_endpoint = run_role(work_dir, "playbooks/retention.yml", policy)
    assert run.rc != 0, "the role trashed (or planned to) without anywhere to archive to"
    writes = dict((key, count) for key, count in by_endpoint.items() if key in WRITE_ENDPOINTS)
    assert not writes, writes
    assert after == before
    msg = " ".join(str(entry["result"].get("msg", "")) for entry in run.failed_tasks())
    assert "retention_archive_dest" in msg, msg


def test_offboarding_trashes_only_with_the_archive_action(work_dir):
    """The default action hands over (reassign); it never trashes. archive_and_trash without an archive is refused."""
    variables = {"offboarding_leaver_email": LEAVER, "offboarding_successor_email": SUCCESSOR}
    run, before, after, by_endpoint = run_role(work_dir, "playbooks/offboard_user.yml", variables)
    assert run.rc == 0, run
    assert "POST /v1/convergedRecordings/softDelete" not in by_endpoint
    assert all(after["items"][rec_id][0] == before["items"][rec_id][0] for rec_id in before["items"])
    refused, before2, after2, by_endpoint2 = run_role(
        os.path.join(str(work_dir), "refused"), "playbooks/offboard_user.yml", {"offboarding_leaver_email": LEAVER, "offboarding_action": "archive_and_trash"}
    )
    assert refused.rc != 0
    assert not [key for key in by_endpoint2 if key in WRITE_ENDPOINTS], by_endpoint2
    assert after2 == before2


def test_no_role_deletes_for_good():
    """Compliance delete is permanent: only the recording_delete module does it, never a role."""
    offenders = []
    for path in glob.glob(os.path.join(harness.ROOT, "roles", "*", "tasks", "*.yml")):
        with open(path) as handle:
            if "recording_delete" in handle.read():
                offenders.append(os.path.relpath(path, harness.ROOT))
    assert not offenders, offenders
