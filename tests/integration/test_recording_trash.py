"""wxc.recordings.recording_trash against the simulator: plan, apply, idempotence, the real state, and undo."""

import json
import os

from sim_helpers import ADMIN_LIST, DETAILS, RESTORE, SOFT_DELETE, USER_LIST, calls, differences, ids_where, ok, state, writes

PLAYBOOK = "targets/recording_trash.yml"
HQ_TASK = "Trash everything available at headquarters"


def test_check_mode_plans_250_recordings_in_3_calls_and_sends_no_write(sim, run_playbook):
    hq = ids_where(sim, location="loc-hq", status="available")
    assert len(hq) == 250
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "location"}, check=True, diff=True)

    result = ok(run, HQ_TASK)
    assert result["changed"] is True
    assert result["count"] == 250
    assert set(r["id"] for r in result["recordings"]) == hq
    assert set(r["outcome"] for r in result["recordings"]) == {"would_change"}
    assert all(r["before"]["status"] == "available" and r["after"]["status"] == "deleted" for r in result["recordings"])
    assert [len(call["body"]["recordingIds"]) for call in result["planned_calls"]] == [100, 100, 50]
    assert result["tracking_ids"] == []
    # diff: one readable line per recording, keyed by id
    assert set(result["diff"]["before"]) == hq and set(result["diff"]["after"]) == hq
    some = sorted(hq)[0]
    assert result["diff"]["before"][some].startswith("available, owner ")
    assert result["diff"]["after"][some].startswith("deleted, owner ")
    assert "-    \"%s\": \"available, owner" % some in run.stdout
    # nothing written, one listing of a year: 13 windows of 30 days
    assert writes(sim) == []
    assert calls(sim, ADMIN_LIST) == 13
    assert state(sim) == before


def test_apply_sends_exactly_3_calls_then_a_second_run_changes_nothing_and_restore_undoes_it(sim, run_playbook):
    hq = ids_where(sim, location="loc-hq", status="available")
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "location"})

    first = ok(run, HQ_TASK)
    assert first["changed"] is True and first["count"] == 250
    assert set(r["outcome"] for r in first["recordings"]) == {"changed"}
    assert len(first["tracking_ids"]) == 3
    again = ok(run, HQ_TASK + " again")
    assert again["changed"] is False and again["count"] == 0 and again["planned_calls"] == []
    # exactly the 3 planned calls, all in the first task
    assert calls(sim, SOFT_DELETE) == 3
    after = state(sim)
    assert differences(before, after) == hq
    assert all(after[i] == ("deleted", before[i][1]) for i in hq)

    # the inverse: restore exactly what was trashed
    sim.clear_requests()
    undo = run_playbook(PLAYBOOK, {"scenario": "undo", "restore_ids": [r["id"] for r in first["recordings"]]})
    restored = ok(undo, "Restore what the location task trashed")
    assert restored["changed"] is True and restored["count"] == 250
    assert calls(sim, RESTORE) == 3
    # 250 ids: found by listing the recycle bin (13 windows, a few pages), not read one by one
    assert calls(sim, DETAILS) == 0 and 13 <= calls(sim, ADMIN_LIST) <= 20
    assert state(sim) == before


def test_everything_of_one_owner_is_one_trash_all_call(sim, run_playbook):
    carol_available = ids_where(sim, ownerEmail="carol@example.com", status="available")
    assert len(carol_available) == 40
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "owner"})

    result = ok(run, "Trash everything carol has")
    assert result["count"] == 40
    assert result["planned_calls"] == [
        {"method": "POST", "path": "/convergedRecordings/softDelete", "body": {"trashAll": True, "ownerEmail": "carol@example.com"}}
    ]
    assert calls(sim, SOFT_DELETE) == 1
    assert differences(before, state(sim)) == carol_available


def test_a_user_trashes_their_own_recordings_through_the_user_endpoint(sim, run_playbook):
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "user"}, token="sim-dave-token")

    result = ok(run, "Trash my own recordings older than 200 days")
    assert result["count"] > 0
    assert set(r["owner_email"] for r in result["recordings"]) == {"dave@example.com"}
    assert calls(sim, USER_LIST) > 0 and calls(sim, ADMIN_LIST) == 0
    # a date bound is a filter: ids are sent, not trashAll
    assert "recordingIds" in result["planned_calls"][0]["body"]
    changed = differences(before, state(sim))
    assert changed == set(r["id"] for r in result["recordings"])


def test_client_side_filters_and_exclusions(sim, run_playbook):
    long_ones = set(
        r["id"]
        for r in sim.recordings()
        if r["ownerEmail"] in ("alice@example.com", "dave@example.com") and r["status"] == "available" and r["durationSeconds"] >= 3000
    )
    spared = sorted(long_ones)[0]
    before = state(sim)

    run = run_playbook(PLAYBOOK, {"scenario": "filters", "spared_ids": [spared]})

    result = ok(run, "Trash two owners' long recordings, sparing one")
    assert set(r["id"] for r in result["recordings"]) == long_ones - {spared}
    assert differences(before, state(sim)) == long_ones - {spared}


BULK_TASK = "Trash many recordings by id, counts only, results in a file"


def test_many_ids_with_summary_only_are_listed_planned_applied_and_written_to_a_file(sim, run_playbook, tmp_path):
    hq = ids_where(sim, location="loc-hq", status="available")
    already = sorted(ids_where(sim, location="loc-branch", status="deleted"))[:3]
    bulk_ids = sorted(hq) + already + ["no-such-recording"]
    results_file = os.path.join(str(tmp_path), "trash-results.jsonl")
    before = state(sim)
    sim.clear_requests()

    preview = run_playbook(PLAYBOOK, {"scenario": "bulk", "bulk_ids": bulk_ids}, check=True, diff=True)

    planned = ok(preview, BULK_TASK)
    assert planned["changed"] is True and planned["count"] == 250 and "recordings" not in planned
    assert planned["planned_calls"] == [{"method": "POST", "path": "/convergedRecordings/softDelete", "count": n} for n in (100, 100, 50)]
    assert planned["summary"]["by_outcome"] == {"unchanged": 3, "would_change": 250}
    assert planned["not_found"] == ["no-such-recording"] and planned["results_file"] == results_file
    assert planned["diff"] == {"before": {"available": 250}, "after": {"deleted": 250}}
    # 254 ids: one listing of the available recordings, then a lookup of the 4 ids it did not return
    assert calls(sim, DETAILS) == 4 and writes(sim) == []
    assert state(sim) == before
    with open(results_file) as handle:
        lines = [json.loads(line) for line in handle]
    assert sorted(line["id"] for line in lines) == sorted(hq | set(already))
    assert set(line["outcome"] for line in lines if line["id"] in hq) == {"would_change"}

    sim.clear_requests()
    run = run_playbook(PLAYBOOK, {"scenario": "bulk", "bulk_ids": bulk_ids})

    first = ok(run, BULK_TASK)
    assert first["changed"] is True and first["count"] == 250 and len(first["tracking_ids"]) == 3
    again = ok(run, "Trash the same recordings by id again")
    assert again["changed"] is False and again["count"] == 0 and again["planned_calls"] == []
    assert again["summary"]["by_outcome"] == {"unchanged": 253}
    assert calls(sim, SOFT_DELETE) == 3
    assert differences(before, state(sim)) == hq
    with open(results_file) as handle:
        outcomes = dict((entry["id"], entry["outcome"]) for entry in map(json.loads, handle))
    assert set(outcomes[i] for i in hq) == {"changed"} and set(outcomes[i] for i in already) == {"unchanged"}


def test_an_empty_recording_ids_list_is_a_no_op_not_an_error(sim, run_playbook):
    before = state(sim)
    sim.clear_requests()
    run = run_playbook(PLAYBOOK, {"scenario": "empty", "compliance_token": "sim-compliance-token"})
    trashed = ok(run, "Trash an empty list of recordings (what was archived, on a second run)")
    assert trashed["changed"] is False and trashed["count"] == 0 and trashed["planned_calls"] == []
    archived = ok(run, "Archive an empty list of recordings")
    assert archived["changed"] is False and archived["count"] == 0
    assert sim.requests()["total"] == 0
    assert state(sim) == before
