"""recording_retention_apply: the module's real main() against ordered HTTP expectations (module_harness).

Its input, the checked plan, is written by recording_retention_plan's real main() in the same way, so the two
modules are also tested for handing each other the file.
"""

import json

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_retention_apply, recording_retention_plan
from tests.unit.plugins.modules.module_harness import ByStatus, assert_refused, post, run_module, year
from tests.unit.recording_factory import recording

OLD = recording("r-old", created="2026-09-01T00:00:00Z", size=3000)
OLDER = recording("r-older", created="2026-08-01T00:00:00Z", size=1000)
RULES = [{"name": "older-than-30-days", "action": "trash", "match": {"older_than_days": 30}}]
SOFT_DELETE = "/convergedRecordings/softDelete"


def checked_plan(monkeypatch, capsys, tmp_path, archive_before_trash=False, apply_plan=None, listed=(OLD, OLDER), name="checked.json"):
    """The checked plan file of a real recording_retention_plan run (plan mode, or apply mode on ``apply_plan``)."""
    path = str(tmp_path / name)
    if apply_plan is None:
        args = dict(rules=RULES, archive_before_trash=archive_before_trash, checked_plan_file=path, plan_file=str(tmp_path / "plan.json"))
        expectations = year("available", listed, windows=12)
    else:
        args = dict(apply_plan=apply_plan, checked_plan_file=path)
        # The re-check lists the whole year, available (the storage figures) and in the recycle bin (a trash done).
        expectations = [ByStatus(available=year("available", [r for r in listed if r["status"] == "available"]),
                                 deleted=year("deleted", [r for r in listed if r["status"] == "deleted"]))]
    out = run_module(monkeypatch, capsys, recording_retention_plan, args, expectations)
    assert out.result.get("failed") is None, out.result.get("msg")
    return path


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_retention_apply, args, expectations, **kwargs)


def rows(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle]


def test_trashes_the_plan_in_one_call_and_writes_the_results_file(monkeypatch, capsys, tmp_path):
    plan = checked_plan(monkeypatch, capsys, tmp_path)
    results = str(tmp_path / "results.jsonl")
    out = run(monkeypatch, capsys, dict(plan_file=plan, results_file=results), [post(SOFT_DELETE, {"recordingIds": ["r-older", "r-old"]}, "T-trash")])
    result = out.result
    assert out.requests == [("POST", SOFT_DELETE)], "the plan's recordings are not looked up again"
    assert (result["changed"], result["tracking_ids"], result["kept_count"], result["unchanged_count"]) == (True, ["T-trash"], 0, 0)
    assert (result["trash"], result["purge"]) == ({"changed": 2}, {})
    assert sorted((row["id"], row["action"], row["outcome"]) for row in rows(results)) == [("r-old", "trash", "changed"), ("r-older", "trash", "changed")]


def test_a_second_run_on_a_plan_checked_again_sends_nothing(monkeypatch, capsys, tmp_path):
    first = checked_plan(monkeypatch, capsys, tmp_path, name="first.json")
    trashed = [dict(OLD, status="deleted"), dict(OLDER, status="deleted")]
    again = checked_plan(monkeypatch, capsys, tmp_path, apply_plan=first, listed=trashed, name="again.json")
    out = run(monkeypatch, capsys, dict(plan_file=again, results_file=str(tmp_path / "results.jsonl")))
    with open(again) as handle:
        document = json.load(handle)
    assert (document["entries"], sorted(row["id"] for row in document["unchanged"])) == ([], ["r-old", "r-older"])
    assert (out.result["changed"], out.result["trash"], out.result["purge"], out.writes) == (False, {}, {}, [])


def test_check_mode_sends_no_write_and_still_writes_the_results_file(monkeypatch, capsys, tmp_path):
    plan = checked_plan(monkeypatch, capsys, tmp_path)
    results = str(tmp_path / "results.jsonl")
    out = run(monkeypatch, capsys, dict(plan_file=plan, results_file=results), check_mode=True)
    assert out.transport.seen == [] and out.result["changed"] is True and out.result["trash"] == {"would_change": 2}
    assert sorted(row["outcome"] for row in rows(results)) == ["would_change", "would_change"]


def test_the_archive_gate_keeps_what_has_no_verified_archive(monkeypatch, capsys, tmp_path):
    plan = checked_plan(monkeypatch, capsys, tmp_path, archive_before_trash=True)
    out = run(monkeypatch, capsys, dict(plan_file=plan, archive_dest=str(tmp_path / "archive"), results_file=str(tmp_path / "results.jsonl")))
    result = out.result
    assert out.writes == [] and (result["changed"], result["kept_count"], result["trash"]) == (False, 2, {})
    assert "r-old" in result["kept_message"] and "r-older" in result["kept_message"]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(results_file="/tmp/x.jsonl"), "plan_file"),
        (dict(plan_file="/tmp/p.json"), "results_file"),
        (dict(plan_file="/tmp/p.json", results_file="/no/such/folder/r.jsonl"), "results_file"),
        (dict(plan_file="/tmp/p.json", results_file="/tmp/r.jsonl", archive_dst="/srv"), "archive_dst"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)


def test_a_plan_file_that_is_not_a_plan_is_refused(monkeypatch, capsys, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"entries": [{"id": "r1"}]}))
    out = run(monkeypatch, capsys, dict(plan_file=str(path), results_file=str(tmp_path / "r.jsonl")))
    assert_refused(out, "plan_file", "%s is not a retention plan" % path)
