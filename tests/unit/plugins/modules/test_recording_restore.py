"""recording_restore: the module's real main() against ordered HTTP expectations (module_harness)."""

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_restore
from tests.unit.plugins.modules.module_harness import assert_refused, get_recording, post, run_module, year
from tests.unit.recording_factory import recording

RESTORE = "/convergedRecordings/restore"
D1 = recording("d1", status="deleted", created="2026-11-02T00:00:00Z")
D2 = recording("d2", status="deleted", created="2026-11-01T00:00:00Z", owner="bob@example.com")


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_restore, args, expectations, **kwargs)


def test_restores_the_selected_ids(monkeypatch, capsys):
    expectations = [get_recording(D1), get_recording(D2), post(RESTORE, {"recordingIds": ["d1", "d2"]}, "T-restore")]
    result = run(monkeypatch, capsys, dict(recording_ids=["d1", "d2"]), expectations).result
    assert (result["changed"], result["count"], result["tracking_ids"]) == (True, 2, ["T-restore"])
    assert [(r["id"], r["before"]["status"], r["after"]["status"], r["outcome"]) for r in result["recordings"]] == [
        ("d1", "deleted", "available", "changed"),
        ("d2", "deleted", "available", "changed"),
    ]
    assert result["summary"]["by_owner"] == {"alice@example.com": {"changed": 1}, "bob@example.com": {"changed": 1}}


def test_one_owner_is_restored_with_one_restore_all_call(monkeypatch, capsys):
    expectations = year("deleted", [D1], ownerEmail="alice@example.com") + [post(RESTORE, {"restoreAll": True, "ownerEmail": "alice@example.com"})]
    result = run(monkeypatch, capsys, dict(owner_email="alice@example.com"), expectations).result
    assert (result["changed"], result["count"], result["planned_calls"][0]["body"]) == (True, 1, {"restoreAll": True, "ownerEmail": "alice@example.com"})


def test_a_second_run_sends_nothing(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["d1"]), [get_recording(dict(D1, status="available"))])
    assert (out.result["changed"], out.result["count"], out.writes) == (False, 0, [])
    assert [r["outcome"] for r in out.result["recordings"]] == ["unchanged"]


def test_check_mode_sends_no_write(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["d1", "d2"]), [get_recording(D1), get_recording(D2)], check_mode=True)
    assert out.writes == [] and (out.result["changed"], out.result["count"], out.result["tracking_ids"]) == (True, 2, [])
    assert [r["outcome"] for r in out.result["recordings"]] == ["would_change", "would_change"]
    assert out.result["planned_calls"] == [{"method": "POST", "path": RESTORE, "body": {"recordingIds": ["d1", "d2"]}}]


def test_a_purged_recording_refuses_the_whole_plan(monkeypatch, capsys):
    purged = recording("p1", status="purged", created="2026-10-01T00:00:00Z")
    out = run(monkeypatch, capsys, dict(recording_ids=["d1", "p1"], status=["deleted", "purged"], access_level="admin"), [])
    # status purged is for compliance officers only: refused on the option, before any request
    assert_refused(out, "status")
    out = run(monkeypatch, capsys, dict(recording_ids=["d1", "p1"]), [get_recording(D1), get_recording(purged)])
    assert out.result["failed"] is True and out.writes == []
    assert "restore refused before any change: 1 selected recording(s) cannot be restored (purged recordings cannot be restored" in out.result["msg"]
    assert [(r["id"], r["outcome"]) for r in out.result["recordings"]] == [("d1", "unchanged"), ("p1", "failed")]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(access_level="compliance_officer"), "access_level"),
        (dict(status=["gone"]), "status"),
        (dict(created_after="2026-02-01T00:00:00Z", created_before="2026-01-01T00:00:00Z"), "created_after"),
        (dict(newer_than_days=-1), "newer_than_days"),
        (dict(summary_only="maybe"), "summary_only"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
