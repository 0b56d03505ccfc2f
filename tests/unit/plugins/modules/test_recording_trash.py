"""recording_trash: the module's real main() against ordered HTTP expectations (module_harness)."""

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_trash
from tests.unit.plugins.modules.module_harness import assert_refused, get_recording, not_found, post, run_module, warnings, year
from tests.unit.recording_factory import recording

SOFT_DELETE = "/convergedRecordings/softDelete"
R1 = recording("r1", created="2026-11-02T00:00:00Z", topic="Newer")
R2 = recording("r2", created="2026-11-01T00:00:00Z", topic="Older")


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_trash, args, expectations, **kwargs)


def test_trashes_the_selected_ids_in_one_batch(monkeypatch, capsys):
    expectations = [get_recording(R1), get_recording(R2), post(SOFT_DELETE, {"recordingIds": ["r1", "r2"]}, "T-trash")]
    out = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2"]), expectations)
    result = out.result
    assert (result["changed"], result["count"], result["tracking_ids"], result["not_found"]) == (True, 2, ["T-trash"], [])
    assert [(r["id"], r["before"]["status"], r["after"]["status"], r["outcome"]) for r in result["recordings"]] == [
        ("r1", "available", "deleted", "changed"),
        ("r2", "available", "deleted", "changed"),
    ]
    assert result["planned_calls"] == [{"method": "POST", "path": SOFT_DELETE, "body": {"recordingIds": ["r1", "r2"]}}]
    assert result["summary"] == {"recordings": 2, "by_outcome": {"changed": 2}, "by_owner": {"alice@example.com": {"changed": 2}}}


def test_one_owner_is_trashed_with_one_trash_all_call(monkeypatch, capsys):
    listed = [R1, R2]
    expectations = year("available", listed, ownerEmail="alice@example.com") + [
        post(SOFT_DELETE, {"trashAll": True, "ownerEmail": "alice@example.com"}, "T-all")
    ]
    result = run(monkeypatch, capsys, dict(owner_email="alice@example.com"), expectations).result
    assert (result["changed"], result["count"], result["tracking_ids"]) == (True, 2, ["T-all"])
    assert [r["outcome"] for r in result["recordings"]] == ["changed", "changed"]


def test_a_user_trashes_all_their_own_recordings_with_one_call(monkeypatch, capsys):
    expectations = year("available", [R1], path="/convergedRecordings") + [post(SOFT_DELETE, {"trashAll": True}, "T-me")]
    result = run(monkeypatch, capsys, dict(access_level="user"), expectations).result
    assert (result["changed"], result["count"], result["tracking_ids"]) == (True, 1, ["T-me"])


def test_a_second_run_sends_nothing(monkeypatch, capsys):
    """Idempotent: recordings already in the recycle bin (or purged) are unchanged and no call is sent."""
    trashed = [recording("r1", status="deleted"), recording("r2", status="purged")]
    out = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2"]), [get_recording(r) for r in trashed])
    assert (out.result["changed"], out.result["count"], out.result["planned_calls"], out.writes) == (False, 0, [], [])
    assert [r["outcome"] for r in out.result["recordings"]] == ["unchanged", "unchanged"]


def test_a_second_owner_wide_run_lists_an_empty_owner_and_sends_nothing(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(owner_email="alice@example.com"), year("available", [], ownerEmail="alice@example.com"))
    assert (out.result["changed"], out.result["count"], out.result["recordings"], out.writes) == (False, 0, [], [])


def test_check_mode_returns_the_plan_and_sends_no_write(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2", "gone"]), [get_recording(R1), get_recording(R2), not_found("gone")],
              check_mode=True, diff=True)
    result = out.result
    assert out.writes == []
    assert (result["changed"], result["count"], result["tracking_ids"], result["not_found"]) == (True, 2, [], ["gone"])
    assert [r["outcome"] for r in result["recordings"]] == ["would_change", "would_change"]
    assert result["planned_calls"] == [{"method": "POST", "path": SOFT_DELETE, "body": {"recordingIds": ["r1", "r2"]}}]
    assert sorted(result["diff"]["before"]) == ["r1", "r2"] and result["diff"]["after"]["r1"].startswith("deleted, owner alice@example.com")
    assert any("1 of the recording_ids are unknown to Webex" in warning for warning in warnings(result))


def test_summary_only_and_results_file(monkeypatch, capsys, tmp_path):
    path = str(tmp_path / "trash.jsonl")
    expectations = [get_recording(R1), get_recording(R2), post(SOFT_DELETE, {"recordingIds": ["r1", "r2"]})]
    result = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2"], summary_only=True, results_file=path), expectations).result
    assert "recordings" not in result and result["results_file"] == path
    assert result["planned_calls"] == [{"method": "POST", "path": SOFT_DELETE, "count": 2}]
    with open(path) as handle:
        assert [line.count('"outcome": "changed"') for line in handle] == [1, 1]


def test_a_failed_batch_is_read_back(monkeypatch, capsys):
    """softDelete answered 400: r1 is in the bin by then (changed), r2 is not (failed, the task fails)."""
    expectations = [
        get_recording(R1),
        get_recording(R2),
        post(SOFT_DELETE, {"recordingIds": ["r1", "r2"]}, status=400),
        get_recording(dict(R1, status="deleted")),
        get_recording(R2),
    ]
    result = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2"]), expectations).result
    assert result["failed"] is True and "trash failed for 1 of 2 recording(s)" in result["msg"]
    assert [(r["id"], r["outcome"]) for r in result["recordings"]] == [("r1", "changed"), ("r2", "failed")]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(access_level="compliance_officer"), "access_level"),
        (dict(created_after="last tuesday"), "created_after"),
        (dict(owner_email="alice"), "owner_email"),
        (dict(owner_email="a@example.com", owner_id="x"), "mutually exclusive: owner_email|owner_emails|owner_id"),
        (dict(recording_ids=["r1", " "]), "recording_ids"),
        (dict(results_file="/no/such/folder/out.jsonl"), "results_file"),
        (dict(retries=-1), "retries"),
        (dict(colour="blue"), "colour"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
