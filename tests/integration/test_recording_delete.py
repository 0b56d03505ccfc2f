"""wxc.recordings.recording_delete against the simulator: plan, apply, idempotence, the state, the reason rule."""

from sim_helpers import COMPLIANCE_TOKEN, DELETE, calls, ids_where, ok, state, writes

PLAYBOOK = "targets/recording_delete.yml"
TASK = "Delete bob's recordings for an audit"


def bobs(sim, count=5):
    available = sorted(ids_where(sim, ownerEmail="bob@example.com", status="available"))[:3]
    deleted = sorted(ids_where(sim, ownerEmail="bob@example.com", status="deleted"))[: count - 3]
    return available + deleted


def test_check_mode_plans_one_delete_each_and_sends_none(sim, run_playbook):
    ids = bobs(sim)
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "ids", "delete_ids": ids}, check=True, diff=True, token=COMPLIANCE_TOKEN)

    result = ok(run, TASK)
    assert result["changed"] is True and result["count"] == 5
    assert sorted(call["path"] for call in result["planned_calls"]) == sorted("/convergedRecordings/%s" % i for i in ids)
    body = {"reason": "audit", "comment": "Recorded without consent (case 2026-114)"}
    assert all(call["method"] == "DELETE" and call["body"] == body for call in result["planned_calls"])
    assert set(r["after"]["status"] for r in result["recordings"]) == {"gone"}
    assert set(result["diff"]["before"]) == set(ids) and result["diff"]["after"] == {}
    assert writes(sim) == []
    assert state(sim) == before


def test_apply_deletes_then_a_second_run_finds_them_gone(sim, run_playbook):
    ids = bobs(sim)
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "ids", "delete_ids": ids}, token=COMPLIANCE_TOKEN)

    first = ok(run, TASK)
    assert first["changed"] is True and first["count"] == 5 and len(first["tracking_ids"]) == 5
    again = ok(run, TASK + " again")
    assert again["changed"] is False and again["count"] == 0 and sorted(again["not_found"]) == sorted(ids)
    assert calls(sim, DELETE) == 5
    assert set(sim.gone()) == set(ids)
    after = state(sim)
    assert set(before) - set(after) == set(ids)
    assert all(after[i] == before[i] for i in after)


def test_without_reason_others_recordings_are_refused_before_any_delete(sim, run_playbook):
    ids = bobs(sim)
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "no_reason", "delete_ids": ids}, token=COMPLIANCE_TOKEN)

    assert run.status("Delete bob's recordings without a reason") == ["failed"]
    result = run.result("Delete bob's recordings without a reason")
    assert result["option"] == "reason" and "reason is required" in result["msg"]
    assert writes(sim) == []
    assert calls(sim, "GET /v1/people/me") == 1
    assert state(sim) == before


def test_own_recordings_need_no_reason(sim, run_playbook):
    own = ids_where(sim, ownerEmail="compliance@example.com")
    assert len(own) == 3

    run = run_playbook(PLAYBOOK, {"scenario": "own"}, token=COMPLIANCE_TOKEN)

    result = ok(run, "Delete my own recordings without a reason")
    assert result["count"] == 3
    assert all("body" not in call for call in result["planned_calls"])
    assert set(sim.gone()) == own


def test_a_compliance_officer_deletes_purged_recordings(sim, run_playbook):
    purged = ids_where(sim, location="loc-hq", status="purged")
    assert len(purged) == 6

    run = run_playbook(PLAYBOOK, {"scenario": "purged"}, token=COMPLIANCE_TOKEN)

    result = ok(run, "Delete the purged recordings of headquarters")
    assert set(r["id"] for r in result["recordings"]) == purged
    assert set(sim.gone()) == purged
