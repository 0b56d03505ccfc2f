"""A write call Webex refuses: the same per-recording outcome whether it answers 400 (``legacy``) or the spec's
404/409 (``spec``); conftest runs this file under both (docs/webex-api.md 4)."""

from sim_helpers import REASSIGN, calls, state

PLAYBOOK = "targets/write_errors.yml"
TASK = "Give everything carol has to a user the org does not have"
EXPECTED_STATUS = {"spec": 404, "legacy": 400}


def test_a_reassign_to_a_user_webex_does_not_know_fails_each_recording_and_changes_nothing(sim, run_playbook):
    before = state(sim)
    carols = set(i for i, (status, owner) in before.items() if owner == "carol@example.com" and status != "purged")
    sim.clear_requests()

    run = run_playbook(PLAYBOOK)

    assert run.rc == 2, run
    assert run.status(TASK) == ["failed"]
    result = run.result(TASK)
    # The plan was sound (carol exists); the one call is refused, the recordings are read back, none moved.
    assert calls(sim, REASSIGN) == 1
    assert state(sim) == before
    assert result["changed"] is False and result["count"] == 0
    assert set(r["id"] for r in result["recordings"]) == carols
    assert set(r["outcome"] for r in result["recordings"]) == {"failed"}
    status = EXPECTED_STATUS[sim.error_codes]
    assert all("HTTP %d" % status in r["reason"] and "nobody@example.com" in r["reason"] for r in result["recordings"])
    assert all(r["after"]["owner_email"] == "carol@example.com" for r in result["recordings"])
    assert result["journal"] == []
    # Cause first (Webex's own words with the status and trackingId), then the count, then at most 5 ids.
    cause, _sep, rest = result["msg"].partition(" - reassign failed for 45 of 45 recording(s), 0 done")
    assert rest, result["msg"]
    assert "HTTP %d" % status in cause and "trackingId" in cause and "nobody@example.com" in cause
    assert "and 40 more" in rest and sum(rest.count(i) for i in carols) == 5
