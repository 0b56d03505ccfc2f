"""recording_fleet_status's action plugin, run by a real ansible-playbook: the status file is written on the controller."""

import json
import os

import pytest

from tests.unit.plugins.action.playbook_runner import run_tasks


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fleet-status")
    org_dir = str(tmp / "reports" / "acme")
    ok = {"org": "acme", "status": "ok"}
    steps = [
        ("forget_nothing", {"org_dir": org_dir, "state": "absent"}, {}),
        ("write", {"org_dir": org_dir, "status": ok}, {}),
        ("write_again", {"org_dir": org_dir, "status": ok}, {}),
        ("check_mode", {"org_dir": org_dir, "status": dict(ok, status="failed", reason="HTTP 403")}, {"check_mode": True}),
        ("bad_status", {"org_dir": org_dir, "status": {"org": "acme", "status": "done"}}, {"ignore_errors": True}),
        ("no_status", {"org_dir": org_dir}, {"ignore_errors": True}),
    ]
    tasks = []
    for name, args, keywords in steps:
        task = {"name": name, "wxc.recordings.recording_fleet_status": args, "register": "r_" + name}
        task.update(keywords)
        tasks.append(task)
    results, stdout = run_tasks(tmp, tasks)
    with open(os.path.join(org_dir, "fleet-status.json")) as handle:
        final = json.load(handle)
    return {"results": results, "stdout": stdout, "final": final, "org_dir": org_dir}


def test_no_module_process_is_started(outcome):
    assert "AnsiballZ_recording_fleet_status" not in outcome["stdout"]
    assert "AnsiballZ_copy" in outcome["stdout"]


def test_writes_then_reports_no_change(outcome):
    results = outcome["results"]
    assert [results[name]["changed"] for name in ("forget_nothing", "write", "write_again")] == [False, True, False]
    assert results["write"]["path"] == os.path.join(outcome["org_dir"], "fleet-status.json")


def test_check_mode_records_too(outcome):
    # The run's own record, as the reports: a dry run's fleet report needs it.
    assert outcome["results"]["check_mode"]["changed"] is True
    assert outcome["final"] == {"org": "acme", "status": "failed", "reason": "HTTP 403"}


def test_bad_input_fails_naming_the_option(outcome):
    bad = outcome["results"]["bad_status"]
    assert bad["failed"] is True and bad["option"] == "status" and "status.status must be one of ok, failed" in bad["msg"]
    missing = outcome["results"]["no_status"]
    assert missing["failed"] is True and "status" in missing["msg"]
