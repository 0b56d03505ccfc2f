"""recording_retention: the retention role's run in one module process, its real main() against ordered HTTP
expectations (module_harness): plan, trash and report in one call; plan and stop before any write when the plan
archives; the second call after the archive step; and the decisions it returns (report facts, run failures)."""

import json
import os

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._retention_job import report_facts, run_failures, run_files
from ansible_collections.wxc.recordings.plugins.modules import recording_retention
from tests.unit.plugins.modules.module_harness import assert_refused, post, run_module, year
from tests.unit.recording_factory import recording

OLD = recording("r-old", created="2026-09-01T00:00:00Z", size=3000)
OLDER = recording("r-older", created="2026-08-01T00:00:00Z", size=1000)
HELD = recording("r-held", created="2026-09-02T00:00:00Z", owner="cfo@example.com", size=2000)
RULES = [{"name": "older-than-30-days", "action": "trash", "match": {"older_than_days": 30}}]
# A rule matching 30 days and older lists the available recordings from a year ago to 30 days ago: 12 windows.
RULE_WINDOWS = 12
SOFT_DELETE = "/convergedRecordings/softDelete"
RUN = "retention-test"


def run(monkeypatch, capsys, tmp_path, args, expectations=(), **kwargs):
    full = dict(report_dir=str(tmp_path / "reports"), run_name=RUN)
    full.update(args)
    return run_module(monkeypatch, capsys, recording_retention, full, expectations, **kwargs)


def policy(**overrides):
    args = dict(rules=RULES, legal_holds={"owner_emails": ["CFO@example.com"]}, archive_before_trash=False)
    args.update(overrides)
    return args


def rows(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle]


def report_json(result):
    with open(result["report"]["files"]["json"]) as handle:
        return json.load(handle)


def test_one_call_plans_trashes_and_writes_the_report(monkeypatch, capsys, tmp_path):
    listing = year("available", (OLD, OLDER, HELD), windows=RULE_WINDOWS)
    out = run(monkeypatch, capsys, tmp_path, policy(), listing + [post(SOFT_DELETE, {"recordingIds": ["r-older", "r-old"]}, "T-trash")])
    result = out.result
    assert out.writes == [("POST", SOFT_DELETE)], "one list of the year, one write of 100 ids at most"
    assert (result["changed"], result["archive_pending"], result["failures"]) == (True, 0, [])
    assert (result["plan"]["by_action"]["trash"], result["plan"]["held_count"], result["apply"]["trash"]) == (2, 1, {"changed": 2})
    files = run_files(str(tmp_path / "reports"), RUN)
    assert result["files"] == files
    assert sorted((row["id"], row["outcome"]) for row in rows(files["results"])) == [("r-old", "changed"), ("r-older", "changed")]
    assert [row["id"] for row in rows(files["plan_rows"])] == ["r-held"]
    assert os.path.exists(files["plan"]) and not os.path.exists(files["checked_plan"]), "the checked plan is only for an archive step"
    assert not os.path.exists(files["inventory"]), "the report reads the listing in memory: no inventory file in and out"
    report = report_json(result)
    assert report["facts"]["mode"] == "plan" and report["facts"]["planned_by_action"]["trash"] == 2 and report["facts"]["tracking_ids"] == ["T-trash"]
    assert report["facts"]["held_by_legal_hold"] == 1 and report["dry_run"] is False
    # The storage before and after, from the listing read in memory: three available, two of them trashed.
    assert (report["storage"]["available_count"], report["storage"]["available_bytes"]) == (3, 6000)
    assert (report["storage"]["after"]["available_count"], report["storage"]["after"]["deleted_bytes"]) == (1, 4000)
    assert sorted((row["id"], row["action"], row["outcome"]) for row in report["rows"]) == [
        ("r-held", "hold", "held"),
        ("r-old", "trash", "changed"),
        ("r-older", "trash", "changed"),
    ]
    assert [row["owner_email"] for row in report["rows"] if row["id"] == "r-old"] == [OLD["ownerEmail"]]
    assert result["report"]["message_lines"][0] == "Retention run"
    for path in result["report"]["files"].values():
        assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_second_run_finds_nothing_to_do(monkeypatch, capsys, tmp_path):
    listing = year("available", (HELD,), windows=RULE_WINDOWS)
    out = run(monkeypatch, capsys, tmp_path, policy(), listing)
    assert (out.result["changed"], out.writes, out.result["apply"]["trash"], out.result["failures"]) == (False, [], {}, [])


def test_check_mode_sends_no_write_and_reports_what_would_change(monkeypatch, capsys, tmp_path):
    out = run(monkeypatch, capsys, tmp_path, policy(), year("available", (OLD, OLDER), windows=RULE_WINDOWS), check_mode=True)
    result = out.result
    assert out.writes == [] and result["apply"]["trash"] == {"would_change": 2}
    assert report_json(result)["dry_run"] is True
    assert sorted(row["outcome"] for row in rows(result["files"]["results"])) == ["would_change", "would_change"]


def test_a_plan_that_archives_stops_before_any_write_and_the_second_call_keeps_what_has_no_archive(monkeypatch, capsys, tmp_path):
    first = run(monkeypatch, capsys, tmp_path, policy(archive_before_trash=True), year("available", (OLD, OLDER), windows=RULE_WINDOWS))
    result = first.result
    assert (first.writes, result["changed"], result["archive_pending"], result["apply"], result["report"]) == ([], False, 2, {}, {})
    assert result["plan"]["checked_plan_file"] == result["files"]["checked_plan"] and os.path.exists(result["files"]["checked_plan"])
    # The second call's report reads the listing from the run's inventory file.
    assert sorted(row["id"] for row in rows(result["files"]["inventory"])) == ["r-old", "r-older"]
    # The archive step did not run (no results file): nothing that needs an archive is trashed.
    args = dict(after_archive=True, archive_dest=str(tmp_path / "archive"), fail_on_unarchived=True)
    second = run(monkeypatch, capsys, tmp_path, args)
    result = second.result
    assert second.transport.seen == [], "the second call lists nothing: the checked plan is the first call's"
    assert (result["changed"], result["apply"]["kept_count"], result["apply"]["trash"]) == (False, 2, {})
    # The cause first: no results from the archive step; then, with fail_on_unarchived, the recordings kept.
    assert [failure.split(" - ")[0].split(",")[0] for failure in result["failures"]] == [
        "archive: the archive step wrote no results",
        "2 recording(s) were kept",
    ], result["failures"]
    report = report_json(result)
    assert (report["facts"]["kept_archive_not_verified"], report["facts"]["plan_file"]) == (2, result["files"]["plan"])
    assert report["storage"]["available_count"] == 2 and report["storage"]["after"]["available_count"] == 2, "nothing was trashed"


@pytest.mark.parametrize(
    "args, option",
    [
        ({"run_name": "../escape"}, "run_name"),
        ({"run_name": ".."}, "run_name"),
        ({"after_archive": True}, "after_archive"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, tmp_path, args, option):
    assert_refused(run(monkeypatch, capsys, tmp_path, dict(policy(), **args)), option)


def test_a_report_dir_that_is_a_file_fails_naming_it_before_any_request(monkeypatch, capsys, tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    assert_refused(run(monkeypatch, capsys, tmp_path, dict(policy(), report_dir=str(path))), "report_dir")


PLAN = {"refused_count": 3, "refused_message": "3 planned recording(s) changed since the plan and were refused."}
APPLY = {"failures": ["trash: 1 of 5 failed (r-1), first error: 500"], "kept_count": 2, "kept_message": "2 recording(s) were kept."}


@pytest.mark.parametrize(
    "plan, apply, flags, expected",
    [
        ({}, {}, {}, []),
        # Failed steps always fail the run.
        ({}, {"failures": APPLY["failures"]}, {}, ["trash: 1 of 5 failed (r-1), first error: 500."]),
        # Kept recordings only with fail_on_unarchived, and never in a dry run.
        ({}, APPLY, {"fail_on_unarchived": True}, ["trash: 1 of 5 failed (r-1), first error: 500.", "2 recording(s) were kept."]),
        ({}, dict(APPLY, failures=[]), {"fail_on_unarchived": True, "dry_run": True}, []),
        ({}, dict(APPLY, failures=[]), {}, []),
        # Drift only with fail_on_drift, in a dry run too (the refusal is known before any write).
        (PLAN, {}, {"fail_on_drift": True, "dry_run": True}, [PLAN["refused_message"]]),
        (PLAN, {}, {}, []),
        ({"refused_count": 0, "refused_message": ""}, {}, {"fail_on_drift": True}, []),
    ],
)
def test_run_failures(plan, apply, flags, expected):
    assert run_failures(plan, apply, **flags) == expected


def test_report_facts_come_from_the_plan_that_was_applied():
    plan = dict(
        mode="apply", plan_file="/p.json", plan_created="2026-11-01T00:00:00Z", policy_sha256="abc", policy_changed=True, listed={},
        limited_to={"location_ids": ["L1", "L2"], "owner_emails": []}, by_rule={"r": 2}, by_action={"trash": 2}, held_count=1,
        unchanged_count=4, refused_count=0, purge_disabled_count=5,
    )
    apply = dict(kept_count=0, archive_error="", tracking_ids=["T-1"])
    facts = report_facts(plan, apply, {"purge_enabled": False, "quota_enabled": True})
    assert (facts["limited_to_locations"], facts["limited_to_owners"], facts["archive_step_failed"]) == ("L1, L2", "all", "-")
    assert (facts["policy_changed_since_plan"], facts["already_done"], facts["quota_enabled"], facts["purge_enabled"]) == (True, 4, True, False)
