"""recording_retention_plan: the module's real main() against ordered HTTP expectations (module_harness). Read-only
towards Webex: every run, check mode or not, sends list calls only."""

import json
import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_retention_plan
from tests.unit.plugins.modules.module_harness import ByStatus, assert_refused, run_module, year
from tests.unit.recording_factory import recording

OLD = recording("r-old", created="2026-09-01T00:00:00Z", size=3000)
HELD = recording("r-held", created="2026-09-02T00:00:00Z", owner="cfo@example.com", size=2000)
RULES = [{"name": "older-than-30-days", "action": "trash", "match": {"older_than_days": 30}}]
POLICY = dict(rules=RULES, legal_holds={"owner_emails": ["CFO@example.com"]}, archive_before_trash=False)
# A rule matching 30 days and older lists the available recordings from a year ago to 30 days ago: 12 windows.
RULE_WINDOWS = 12


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_retention_plan, args, expectations, **kwargs)


def plan(monkeypatch, capsys, tmp_path, listed=(OLD, HELD), **kwargs):
    path = str(tmp_path / "plan.json")
    out = run(monkeypatch, capsys, dict(POLICY, plan_file=path), year("available", listed, windows=RULE_WINDOWS), **kwargs)
    return out, path


def test_plans_the_rule_and_holds_the_legal_hold(monkeypatch, capsys, tmp_path):
    out, path = plan(monkeypatch, capsys, tmp_path)
    result = out.result
    # Nothing is sent to Webex; the plan file it exists to write is a change on disk, and says so.
    assert out.writes == [] and result["changed"] is True and result["files_written"] == [path] and result["mode"] == "plan"
    assert (result["count"], result["held_count"], result["refused_count"], result["unchanged_count"]) == (1, 1, 0, 0)
    assert result["ids"] == {"archive": [], "archive_required": [], "trash": ["r-old"], "purge": [], "purge_deleted": []}
    assert [(e["id"], e["rule"], e["action"], e["archive_first"]) for e in result["entries"]] == [("r-old", "older-than-30-days", "trash", False)]
    assert [h["id"] for h in result["held"]] == ["r-held"]
    assert result["by_action"] == {"archive": 0, "trash": 1, "purge": 0} and result["by_rule"] == {"older-than-30-days": 1}
    assert (result["storage"]["available_bytes"], result["storage"]["available_count"]) == (5000, 2)
    assert sorted(result["listed"]) == ["available"]
    with open(path) as handle:
        document = json.load(handle)
    assert [e["id"] for e in document["entries"]] == ["r-old"] and document["policy_sha256"] == result["policy_sha256"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_second_run_plans_the_same(monkeypatch, capsys, tmp_path):
    first, _path = plan(monkeypatch, capsys, tmp_path)
    second, _path = plan(monkeypatch, capsys, tmp_path)
    assert second.result["policy_changed"] is False
    assert (second.result["ids"], second.result["policy_sha256"]) == (first.result["ids"], first.result["policy_sha256"])
    assert second.requests == first.requests and second.writes == []


def test_check_mode_lists_only_and_still_writes_the_plan_file(monkeypatch, capsys, tmp_path):
    out, path = plan(monkeypatch, capsys, tmp_path, check_mode=True)
    assert out.writes == [] and out.result["ids"]["trash"] == ["r-old"]
    assert os.path.isfile(path) and out.result["changed"] is True and out.result["files_written"] == [path]


def test_apply_mode_keeps_what_is_as_planned_and_counts_what_is_done(monkeypatch, capsys, tmp_path):
    _out, path = plan(monkeypatch, capsys, tmp_path, listed=(OLD, recording("r-drift", created="2026-09-03T00:00:00Z")))
    # Since the plan: r-old is still as planned; r-drift changed owner (refused). A re-check lists the year's
    # available recordings (the report's storage counts them all) and the recycle bin (a trash already done).
    now = [OLD, recording("r-drift", created="2026-09-03T00:00:00Z", owner="bob@example.com")]
    checked = str(tmp_path / "checked.json")
    out = run(monkeypatch, capsys, dict(apply_plan=path, checked_plan_file=checked, legal_holds=POLICY["legal_holds"]),
              [ByStatus(available=year("available", now), deleted=year("deleted", []))])
    result = out.result
    assert out.writes == [] and result["mode"] == "apply" and result["changed"] is True and result["files_written"] == [checked]
    assert (result["count"], result["refused_count"], result["unchanged_count"]) == (1, 1, 0)
    assert result["ids"]["trash"] == ["r-old"] and [r["id"] for r in result["refused"]] == ["r-drift"]
    with open(checked) as handle:
        assert [e["id"] for e in json.load(handle)["entries"]] == ["r-old"]


@pytest.mark.parametrize(
    "args, option, text",
    [
        (dict(rules=[{"name": "r", "action": "shred"}]), "action", None),
        (dict(rules=[{"name": "quota", "action": "trash"}]), "rule name", "the rule name 'quota' is reserved"),
        (dict(rules=[{"name": "r", "action": "trash", "match": {"statuses": ["deleted"]}}]), "rules", "rules[0] (r) statuses: 'deleted'"),
        (dict(rules=[{"name": "r", "action": "trash", "match": {"topic_pattern": "("}}]), "rules", "topic_pattern '(' is not a valid regular"),
        (dict(rules=RULES, plan_file="/tmp/p.json", apply_plan="/tmp/p.json"), "plan_file", "plan_file and apply_plan are mutually exclusive"),
        (dict(rules=RULES, plan_file="/no/such/folder/plan.json"), "plan_file", None),
        (dict(rules=RULES, access_level="user"), "access_level", None),
        (dict(rules=RULES, quota_enabled=True, quota_gb=50, target_gb=80), "target_gb", None),
        (dict(rules=RULES, legal_holds={"owner_email": ["cfo@example.com"]}), "legal_holds.owner_email", None),
        (dict(rules=RULES, purge_grace_days=-1), "purge_grace_days", None),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option, text):
    assert_refused(run(monkeypatch, capsys, args), option, text, result_option="rules" if option == "rule name" else None)


def test_a_legal_hold_that_is_not_an_email_is_refused(monkeypatch, capsys):
    assert_refused(run(monkeypatch, capsys, dict(rules=RULES, legal_holds={"owner_emails": ["cfo.example.com"]})), "legal_holds")


def test_a_missing_plan_to_apply_is_refused_naming_apply_plan(monkeypatch, capsys):
    assert_refused(run(monkeypatch, capsys, dict(apply_plan="/no/such/plan.json")), "apply_plan")
