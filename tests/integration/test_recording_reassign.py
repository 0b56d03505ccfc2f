"""wxc.recordings.recording_reassign against the simulator: plan, apply, idempotence, the state, and back by journal."""

import os

from sim_helpers import ADMIN_LIST, REASSIGN, calls, differences, ids_where, ok, recordings_where, state, writes

PLAYBOOK = "targets/recording_reassign.yml"
TASK = "Give everything carol has to dave"


def test_check_mode_plans_one_owner_email_call_with_its_journal_and_sends_nothing(sim, run_playbook):
    carols = ids_where(sim, ownerEmail="carol@example.com", status="available") | ids_where(sim, ownerEmail="carol@example.com", status="deleted")
    assert len(carols) == 45
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "owner"}, check=True, diff=True)

    result = ok(run, TASK)
    assert result["changed"] is True and result["count"] == 45
    assert result["planned_calls"] == [
        {"method": "POST", "path": "/convergedRecordings/reassign", "body": {"reassignOwnerEmail": "dave@example.com", "ownerEmail": "carol@example.com"}}
    ]
    assert set(entry["id"] for entry in result["journal"]) == carols
    assert set((e["previous_owner_email"], e["previous_owner_type"], e["new_owner_email"]) for e in result["journal"]) == {
        ("carol@example.com", "user", "dave@example.com")
    }
    assert all("owner dave@example.com" in line for line in result["diff"]["after"].values())
    assert writes(sim) == []
    # available and deleted: two listings of a year
    assert calls(sim, ADMIN_LIST) == 26
    assert state(sim) == before


def test_apply_then_again_then_back_from_the_journal(sim, run_playbook):
    before = state(sim)
    carols = set(i for i, (status, owner) in before.items() if owner == "carol@example.com" and status != "purged")
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "owner"})

    first = ok(run, TASK)
    assert first["changed"] is True and first["count"] == 45 and len(first["tracking_ids"]) == 1
    again = ok(run, TASK + " again")
    assert again["changed"] is False and again["count"] == 0 and again["journal"] == []
    assert calls(sim, REASSIGN) == 1
    after = state(sim)
    assert differences(before, after) == carols
    assert all(after[i] == (before[i][0], "dave@example.com") for i in carols)

    sim.clear_requests()
    back = run_playbook(PLAYBOOK, {"scenario": "undo", "journal": first["journal"]})
    result = ok(back, "Move recordings back to their previous owners, from the journal")
    assert [item["count"] for item in result["results"]] == [45]
    assert calls(sim, REASSIGN) == 1
    assert state(sim) == before


def test_a_virtual_line_is_reassigned_by_owner_id_in_one_call(sim, run_playbook):
    line = recordings_where(sim, ownerEmail="sales-line@example.com")
    line_id = line[0]["ownerId"]
    moving = set(r["id"] for r in line if r["status"] in ("available", "deleted"))
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "virtual_line", "sales_line_id": line_id})

    result = ok(run, "Give the sales line's recordings to alice")
    assert result["count"] == len(moving) == 14
    assert result["planned_calls"][0]["body"] == {"reassignOwnerEmail": "alice@example.com", "ownerID": line_id}
    assert calls(sim, REASSIGN) == 1
    assert set(e["previous_owner_type"] for e in result["journal"]) == {"virtualLine"}
    assert differences(before, state(sim)) == moving


def test_ids_of_several_owners_skip_those_already_with_the_new_owner(sim, run_playbook):
    alice = sorted(ids_where(sim, ownerEmail="alice@example.com", status="available"))[:3]
    bob = sorted(ids_where(sim, ownerEmail="bob@example.com", status="deleted"))[:2]
    dave = sorted(ids_where(sim, ownerEmail="dave@example.com", status="available"))[:1]
    before = state(sim)
    sim.clear_requests()

    run = run_playbook(PLAYBOOK, {"scenario": "ids", "reassign_ids": alice + bob + dave})

    result = ok(run, "Give some recordings to dave")
    outcomes = dict((r["id"], r["outcome"]) for r in result["recordings"])
    assert outcomes == dict([(i, "changed") for i in alice + bob] + [(dave[0], "unchanged")])
    assert [sorted(call["body"]["recordingIds"]) for call in result["planned_calls"]] == [sorted(alice + bob)]
    assert sorted((e["id"], e["previous_owner_email"]) for e in result["journal"]) == sorted(
        [(i, "alice@example.com") for i in alice] + [(i, "bob@example.com") for i in bob]
    )
    assert calls(sim, REASSIGN) == 1
    assert differences(before, state(sim)) == set(alice + bob)


def test_summary_only_and_a_results_file_as_the_recycle_bin_modules_have(sim, run_playbook, tmp_path):
    import json

    carols = ids_where(sim, ownerEmail="carol@example.com", status="available") | ids_where(sim, ownerEmail="carol@example.com", status="deleted")
    run = run_playbook(PLAYBOOK, {"scenario": "summary"})
    result = ok(run, "Give carol's recordings to dave, counts only, results in a file")
    assert result["changed"] is True and result["count"] == len(carols)
    assert result["summary"]["by_outcome"] == {"changed": len(carols)}
    assert "recordings" not in result and "journal" not in result
    with open(result["results_file"]) as handle:
        rows = [json.loads(line) for line in handle]
    assert set(row["id"] for row in rows) == carols
    assert set((row["before"]["owner_email"], row["after"]["owner_email"]) for row in rows) == {("carol@example.com", "dave@example.com")}
    assert oct(os.stat(result["results_file"]).st_mode & 0o777) == "0o600"
    assert calls(sim, REASSIGN) == 1
