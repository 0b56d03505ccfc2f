"""recording_reassign: the module's real main() against ordered HTTP expectations (module_harness)."""

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_reassign
from tests.unit.plugins.modules.module_harness import assert_refused, get_recording, post, run_module, year
from tests.unit.recording_factory import recording

REASSIGN = "/convergedRecordings/reassign"
A1 = recording("a1", created="2026-11-02T00:00:00Z")
A2 = recording("a2", status="deleted", created="2026-11-01T00:00:00Z")
NEW = "carol@example.com"


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_reassign, args, expectations, **kwargs)


def test_reassigns_the_selected_ids_and_journals_the_previous_owner(monkeypatch, capsys):
    expectations = [get_recording(A1), get_recording(A2), post(REASSIGN, {"reassignOwnerEmail": NEW, "recordingIds": ["a1", "a2"]}, "T-re")]
    result = run(monkeypatch, capsys, dict(recording_ids=["a1", "a2"], new_owner_email=NEW), expectations).result
    assert (result["changed"], result["count"], result["tracking_ids"]) == (True, 2, ["T-re"])
    assert [(r["id"], r["after"]["owner_email"], r["outcome"]) for r in result["recordings"]] == [("a1", NEW, "changed"), ("a2", NEW, "changed")]
    assert result["journal"] == [
        {"id": "a1", "previous_owner_email": "alice@example.com", "previous_owner_id": "id-alice", "previous_owner_type": "user", "new_owner_email": NEW},
        {"id": "a2", "previous_owner_email": "alice@example.com", "previous_owner_id": "id-alice", "previous_owner_type": "user", "new_owner_email": NEW},
    ]


def test_a_whole_owner_moves_with_one_owner_email_call(monkeypatch, capsys):
    owner = dict(ownerEmail="alice@example.com")
    expectations = year("available", [A1], **owner) + year("deleted", [A2], **owner)
    expectations.append(post(REASSIGN, {"reassignOwnerEmail": NEW, "ownerEmail": "alice@example.com"}))
    result = run(monkeypatch, capsys, dict(owner_email="alice@example.com", new_owner_email=NEW), expectations).result
    assert (result["changed"], result["count"], [j["id"] for j in result["journal"]]) == (True, 2, ["a1", "a2"])


def test_a_virtual_line_moves_by_owner_id(monkeypatch, capsys):
    line = recording("v1", owner="line@example.com", owner_type="virtualLine", owner_id="vl-1", created="2026-11-02T00:00:00Z")
    owner = dict(ownerEmail="line@example.com")
    expectations = year("available", [line], **owner) + year("deleted", [], **owner)
    expectations.append(post(REASSIGN, {"reassignOwnerEmail": NEW, "ownerID": "vl-1"}))
    result = run(monkeypatch, capsys, dict(owner_email="line@example.com", new_owner_email=NEW), expectations).result
    assert (result["changed"], result["count"]) == (True, 1)


def test_a_second_run_sends_nothing(monkeypatch, capsys):
    moved = [dict(A1, ownerEmail=NEW), dict(A2, ownerEmail=NEW.upper())]
    out = run(monkeypatch, capsys, dict(recording_ids=["a1", "a2"], new_owner_email=NEW), [get_recording(r) for r in moved])
    assert (out.result["changed"], out.result["count"], out.result["journal"], out.writes) == (False, 0, [], [])
    assert [r["outcome"] for r in out.result["recordings"]] == ["unchanged", "unchanged"]


def test_check_mode_sends_no_write_and_journals_what_would_move(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(recording_ids=["a1"], new_owner_email=NEW), [get_recording(A1)], check_mode=True, diff=True)
    assert out.writes == [] and (out.result["changed"], out.result["count"]) == (True, 1)
    assert [j["id"] for j in out.result["journal"]] == ["a1"] and out.result["recordings"][0]["outcome"] == "would_change"
    assert "owner carol@example.com" in out.result["diff"]["after"]["a1"]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(recording_ids=["a1"]), "new_owner_email"),
        (dict(recording_ids=["a1"], new_owner_email="carol"), "new_owner_email"),
        (dict(owner_email="alice@example.com", new_owner_email="ALICE@example.com"), "new_owner_email"),
        (dict(new_owner_email=NEW), "one of the following is required: recording_ids"),
        (dict(recording_ids=["a1"], new_owner_email=NEW, access_level="user"), "access_level"),
        (dict(owner_email="alice@example.com", owner_emails=["b@example.com"], new_owner_email=NEW), "mutually exclusive: owner_email|owner_emails"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
