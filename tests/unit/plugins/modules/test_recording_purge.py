"""recording_purge: the module's real main() against ordered HTTP expectations (module_harness)."""

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_purge
from tests.unit.plugins.modules.module_harness import assert_refused, get_recording, not_found, post, run_module, year
from tests.unit.recording_factory import recording

PURGE = "/convergedRecordings/purge"
D1 = recording("d1", status="deleted", created="2026-11-02T00:00:00Z")
D2 = recording("d2", status="deleted", created="2026-11-01T00:00:00Z")


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_purge, args, expectations, **kwargs)


def test_purges_the_selected_ids(monkeypatch, capsys):
    expectations = [get_recording(D1), get_recording(D2), post(PURGE, {"recordingIds": ["d1", "d2"]}, "T-purge")]
    result = run(monkeypatch, capsys, dict(recording_ids=["d1", "d2"]), expectations, diff=True).result
    assert (result["changed"], result["count"], result["tracking_ids"]) == (True, 2, ["T-purge"])
    assert [(r["id"], r["after"]["status"], r["outcome"]) for r in result["recordings"]] == [("d1", "purged", "changed"), ("d2", "purged", "changed")]
    assert result["diff"]["after"]["d1"].startswith("purged")


def test_one_owner_is_purged_with_one_purge_all_call(monkeypatch, capsys):
    expectations = year("deleted", [D1, D2], ownerEmail="alice@example.com") + [post(PURGE, {"purgeAll": True, "ownerEmail": "alice@example.com"})]
    result = run(monkeypatch, capsys, dict(owner_email="alice@example.com"), expectations).result
    assert (result["changed"], result["count"]) == (True, 2)


def test_a_second_run_finds_the_purged_ids_gone_and_sends_nothing(monkeypatch, capsys):
    """Admins cannot see purged recordings: the ids answer 404, are reported in not_found, and nothing is sent."""
    out = run(monkeypatch, capsys, dict(recording_ids=["d1", "d2"]), [not_found("d1"), not_found("d2")])
    assert (out.result["changed"], out.result["count"], out.result["not_found"], out.writes) == (False, 0, ["d1", "d2"], [])


def test_check_mode_sends_no_write(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["d1"]), [get_recording(D1)], check_mode=True, diff=True)
    assert out.writes == [] and (out.result["changed"], out.result["count"]) == (True, 1)
    assert out.result["recordings"][0]["outcome"] == "would_change" and out.result["diff"]["after"]["d1"].startswith("purged")


def test_an_available_recording_refuses_the_whole_plan(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["d1", "a1"]), [get_recording(D1), get_recording(recording("a1", created="2026-10-01T00:00:00Z"))])
    assert out.result["failed"] is True and out.writes == [] and out.result["changed"] is False
    assert "cannot be purged (available recordings are not in the recycle bin: trash them first (wxc.recordings.recording_trash)): a1" in out.result["msg"]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(access_level="compliance_officer"), "access_level"),
        (dict(owner_emails=[]), "owner_emails"),
        (dict(older_than_days="ninety"), "older_than_days"),
        (dict(location_id=" "), "location_id"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
