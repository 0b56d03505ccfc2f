"""wxc.recordings.recording_restore against the simulator: plan, apply, idempotence, the real state, and undo."""

from sim_helpers import ADMIN_LIST, RESTORE, SOFT_DELETE, USER_LIST, calls, differences, ids_where, ok, state, writes

PLAYBOOK = "targets/recording_restore.yml"
TASK = "Restore everything alice has in the recycle bin"


def test_check_mode_plans_one_restore_all_call_and_sends_nothing(sim, run_playbook):
    deleted = ids_where(sim, ownerEmail="alice@example.com", status="deleted")
    assert len(deleted) == 10
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "owner"}, check=True, diff=True)

    result = ok(run, TASK)
    assert result["changed"] is True and result["count"] == 10
    assert set(r["id"] for r in result["recordings"]) == deleted
    assert result["planned_calls"] == [
        {"method": "POST", "path": "/convergedRecordings/restore", "body": {"restoreAll": True, "ownerEmail": "alice@example.com"}}
    ]
    assert set(result["diff"]["after"].values()) == set(line.replace("deleted, ", "available, ", 1) for line in result["diff"]["before"].values())
    assert writes(sim) == []
    assert calls(sim, ADMIN_LIST) == 13
    assert state(sim) == before


def test_apply_then_again_then_trash_back(sim, run_playbook):
    deleted = ids_where(sim, ownerEmail="alice@example.com", status="deleted")
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "owner"})

    first = ok(run, TASK)
    assert first["changed"] is True and first["count"] == 10 and len(first["tracking_ids"]) == 1
    again = ok(run, TASK + " again")
    assert again["changed"] is False and again["count"] == 0
    assert calls(sim, RESTORE) == 1
    after = state(sim)
    assert differences(before, after) == deleted
    assert all(after[i][0] == "available" for i in deleted)

    undo = run_playbook(PLAYBOOK, {"scenario": "undo", "trash_ids": sorted(deleted)})
    assert ok(undo, "Trash back what was restored")["count"] == 10
    assert calls(sim, SOFT_DELETE) == 1
    assert state(sim) == before


def test_ids_already_available_are_unchanged_and_unknown_or_purged_ids_are_not_found(sim, run_playbook):
    deleted = sorted(ids_where(sim, ownerEmail="bob@example.com", status="deleted"))[:2]
    available = sorted(ids_where(sim, ownerEmail="bob@example.com", status="available"))[:1]
    purged = sorted(ids_where(sim, ownerEmail="bob@example.com", status="purged"))[:1]
    unknown = ["00000000-0000-4000-8000-000000000000"]
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "ids", "restore_ids": deleted + available + purged + unknown})

    result = ok(run, "Restore recordings by id")
    outcomes = dict((r["id"], r["outcome"]) for r in result["recordings"])
    assert outcomes == dict([(i, "changed") for i in deleted] + [(i, "unchanged") for i in available])
    # an admin cannot see purged recordings: to it they are as unknown as a made-up id
    assert sorted(result["not_found"]) == sorted(purged + unknown)
    assert "2 of the recording_ids are unknown to Webex" in " ".join(result["warnings"])
    assert [sorted(call["body"]["recordingIds"]) for call in result["planned_calls"]] == [sorted(deleted)]
    assert calls(sim, RESTORE) == 1
    assert differences(before, state(sim)) == set(deleted)


def test_a_user_restores_their_whole_recycle_bin_with_one_call(sim, run_playbook):
    deleted = ids_where(sim, ownerEmail="carol@example.com", status="deleted")
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "user"}, token="sim-carol-token")

    result = ok(run, "Restore my own recycle bin")
    assert result["count"] == len(deleted) == 5
    assert result["planned_calls"] == [{"method": "POST", "path": "/convergedRecordings/restore", "body": {"restoreAll": True}}]
    assert calls(sim, USER_LIST) == 13 and calls(sim, RESTORE) == 1
    assert differences(before, state(sim)) == deleted
