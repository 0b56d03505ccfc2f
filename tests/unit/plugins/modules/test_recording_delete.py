"""recording_delete (compliance officer): the module's real main() against ordered HTTP expectations (module_harness)."""

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_delete
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import assert_refused, get_recording, not_found, run_module
from tests.unit.recording_factory import recording

R1 = recording("r1", created="2026-11-02T00:00:00Z")
R2 = recording("r2", status="deleted", created="2026-11-01T00:00:00Z", owner="bob@example.com")
ME = {"id": "id-officer", "emails": ["officer@example.com"]}


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    args = dict(dict(concurrency=1), **args)
    return run_module(monkeypatch, capsys, recording_delete, args, expectations, **kwargs)


def delete(recording_id, body, tracking_id="T-del", status=204):
    return Expect("DELETE", "/convergedRecordings/%s" % recording_id, status=status, body_json=body, headers={"trackingId": tracking_id})


def test_deletes_each_recording_with_the_reason(monkeypatch, capsys):
    body = {"reason": "audit", "comment": "case 7"}
    expectations = [get_recording(R1), get_recording(R2), delete("r1", body, "T-1"), delete("r2", body, "T-2")]
    out = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2"], reason="audit", comment="case 7"), expectations, diff=True)
    result = out.result
    assert (result["changed"], result["count"], result["tracking_ids"]) == (True, 2, ["T-1", "T-2"])
    assert [(r["id"], r["after"]["status"], r["outcome"]) for r in result["recordings"]] == [("r1", "gone", "changed"), ("r2", "gone", "changed")]
    assert result["planned_calls"] == [
        {"method": "DELETE", "path": "/convergedRecordings/r1", "body": body},
        {"method": "DELETE", "path": "/convergedRecordings/r2", "body": body},
    ]
    assert result["diff"]["after"] == {} and sorted(result["diff"]["before"]) == ["r1", "r2"]


def test_without_a_reason_only_own_recordings_are_deleted(monkeypatch, capsys):
    own = recording("o1", owner="officer@example.com", created="2026-11-02T00:00:00Z")
    expectations = [get_recording(own), Expect("GET", "/people/me", json=ME), Expect("DELETE", "/convergedRecordings/o1", status=204)]
    out = run(monkeypatch, capsys, dict(recording_ids=["o1"]), expectations)
    assert (out.result["changed"], out.result["count"]) == (True, 1) and out.transport.seen[-1].body is None


def test_without_a_reason_a_foreign_recording_is_refused_before_any_delete(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["r1"]), [get_recording(R1), Expect("GET", "/people/me", json=ME)])
    assert out.result["failed"] is True and out.result["option"] == "reason" and out.writes == []
    assert "reason is required to delete recordings the caller does not own: 1 of the 1 selected belong to others (r1)" == out.result["msg"]


def test_a_second_run_finds_nothing_and_sends_nothing(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2"], reason="audit"), [not_found("r1"), not_found("r2")])
    assert (out.result["changed"], out.result["count"], out.result["not_found"], out.writes) == (False, 0, ["r1", "r2"], [])


def test_a_recording_already_gone_when_deleted_is_unchanged(monkeypatch, capsys):
    gone = Expect("DELETE", "/convergedRecordings/r1", status=404, body_json={"reason": "audit"}, json={"message": "Not Found", "trackingId": "NF"})
    out = run(monkeypatch, capsys, dict(recording_ids=["r1"], reason="audit"), [get_recording(R1), gone])
    assert (out.result["changed"], out.result["count"]) == (False, 0)
    assert [(r["outcome"], r["reason"]) for r in out.result["recordings"]] == [("unchanged", "already gone")]


def test_check_mode_sends_no_delete(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["r1", "r2"], reason="audit"), [get_recording(R1), get_recording(R2)], check_mode=True)
    assert out.writes == [] and (out.result["changed"], out.result["count"], out.result["tracking_ids"]) == (True, 2, [])
    assert [r["outcome"] for r in out.result["recordings"]] == ["would_change", "would_change"]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(recording_ids=["r1"], access_level="admin"), "access_level"),
        (dict(), "one of the following is required: recording_ids"),
        (dict(recording_ids=["r1"], comment="x" * 256), "comment"),
        (dict(recording_ids=["r1"], reason="  "), "reason"),
        (dict(recording_ids=["r1"], concurrency=0), "concurrency"),
        (dict(owner_email="a@example.com", created_before="2026-13-01"), "created_before"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
