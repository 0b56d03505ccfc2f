"""wxc.recordings.recording_purge against the simulator: plan, apply, idempotence, the real state, refusals."""

from sim_helpers import ADMIN_LIST, PURGE, calls, differences, ids_where, ok, state, writes

PLAYBOOK = "targets/recording_purge.yml"
TASK = "Purge the recycle bin of the branch office"


def test_check_mode_plans_and_sends_nothing(sim, run_playbook):
    deleted = ids_where(sim, location="loc-branch", status="deleted")
    assert len(deleted) == 7
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "location"}, check=True, diff=True)

    result = ok(run, TASK)
    assert result["changed"] is True and result["count"] == 7
    assert set(r["outcome"] for r in result["recordings"]) == {"would_change"}
    assert [sorted(call["body"]["recordingIds"]) for call in result["planned_calls"]] == [sorted(deleted)]
    assert all(line.startswith("purged, ") for line in result["diff"]["after"].values())
    assert writes(sim) == []
    assert calls(sim, ADMIN_LIST) == 13
    assert state(sim) == before


def test_apply_then_a_second_run_changes_nothing(sim, run_playbook):
    deleted = ids_where(sim, location="loc-branch", status="deleted")
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "location"})

    first = ok(run, TASK)
    assert first["changed"] is True and first["count"] == 7 and len(first["tracking_ids"]) == 1
    again = ok(run, TASK + " again")
    assert again["changed"] is False and again["count"] == 0
    assert calls(sim, PURGE) == 1
    after = state(sim)
    assert differences(before, after) == deleted
    assert all(after[i][0] == "purged" for i in deleted)


def test_an_available_recording_is_refused_before_anything_is_sent(sim, run_playbook):
    deleted = sorted(ids_where(sim, ownerEmail="dave@example.com", status="deleted"))[:2]
    available = sorted(ids_where(sim, ownerEmail="dave@example.com", status="available"))[:1]
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "ids", "purge_ids": deleted + available})

    assert run.rc != 0
    assert run.status("Purge recordings by id") == ["failed"]
    result = run.result("Purge recordings by id")
    assert "refused before any change" in result["msg"] and available[0] in result["msg"]
    assert "trash them first" in result["msg"]
    assert result["changed"] is False
    assert writes(sim) == []
    assert state(sim) == before
