"""Write calls refused with 400 (what the simulator used to answer), 404 or 409 (what the official spec declares):
each recording's outcome is the same whichever code Webex uses (docs/webex-api.md 4)."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._delete import plan_delete
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan
from ansible_collections.wxc.recordings.plugins.module_utils._reassign import plan_reassign
from ansible_collections.wxc.recordings.plugins.module_utils._results import plan_result
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PURGE, RESTORE, TRASH, plan_transition
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import many, recording

# 400: the strict simulator's old answer; 404: an id or user that does not exist; 409: a recycle-bin id in the
# wrong state. 410 (Gone, declared for every operation) is handled the same way.
REFUSALS = [400, 404, 409, 410]
NOT_FOUND = {"message": "Not Found", "trackingId": "NF"}


def refused(path, status, method="POST", tracking_id="REFUSED"):
    return Expect(method, path, status=status, json={"message": "refused with %d" % status, "trackingId": tracking_id})


def outcomes(plan):
    return dict((change.id, change.outcome) for change in plan.changes)


@pytest.mark.parametrize("status", REFUSALS)
def test_a_refused_trash_batch_is_read_back_the_same_way_for_every_code(status):
    # r000: our earlier attempt landed (Webex: wrong state); r001: still available; x000: deleted for good meanwhile.
    plan = plan_transition(TRASH, many(2) + many(1, prefix="x"))
    client, transport, _sleeps = fake_client(
        [
            refused("/convergedRecordings/softDelete", status),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000", status="deleted")),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001", status="available")),
            Expect("GET", "/convergedRecordings/x000", status=404, json=NOT_FOUND),
        ],
        concurrency=1,
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "changed", "r001": "failed", "x000": "failed"}
    # The reason names the code and the trackingId, so a person can tell what Webex said.
    assert "HTTP %d" % status in plan.change("r001").reason and "REFUSED" in plan.change("r001").reason
    assert plan.change("r001").reason.startswith("still available after")
    assert plan.change("x000").reason.startswith("no longer found after")
    assert plan_result(plan, check_mode=False)["count"] == 1


@pytest.mark.parametrize("status", REFUSALS)
def test_a_refused_restore_whose_first_attempt_landed_counts_as_restored(status):
    plan = plan_transition(RESTORE, many(2, status="deleted"))
    client, transport, _sleeps = fake_client(
        [
            refused("/convergedRecordings/restore", status),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000", status="available")),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001", status="available")),
        ],
        concurrency=1,
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "changed", "r001": "changed"}


@pytest.mark.parametrize("status", REFUSALS)
def test_a_refused_purge_counts_what_vanished_as_purged_and_the_rest_as_failed(status):
    # Purged recordings are invisible to administrators: vanished after a purge means purged.
    plan = plan_transition(PURGE, many(2, status="deleted"))
    client, transport, _sleeps = fake_client(
        [
            refused("/convergedRecordings/purge", status),
            Expect("GET", "/convergedRecordings/r000", status=404, json=NOT_FOUND),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001", status="deleted")),
        ],
        concurrency=1,
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "changed", "r001": "failed"}
    assert "still deleted after" in plan.change("r001").reason and "HTTP %d" % status in plan.change("r001").reason


@pytest.mark.parametrize("status", [400, 404])
def test_a_whole_owner_call_for_an_owner_webex_does_not_know_fails_each_recording(status):
    plan = plan_transition(TRASH, many(2), whole_owner=("owner_email", "alice@example.com"))
    assert plan.calls[0].body == {"trashAll": True, "ownerEmail": "alice@example.com"}
    client, transport, _sleeps = fake_client(
        [
            refused("/convergedRecordings/softDelete", status),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000")),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001")),
        ],
        concurrency=1,
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "failed", "r001": "failed"}
    assert all("HTTP %d" % status in change.reason for change in plan.changes)


@pytest.mark.parametrize("status", [400, 404])
def test_a_reassign_to_a_user_webex_does_not_know_fails_each_recording_and_moves_nothing(status):
    plan = plan_reassign(many(2), "nobody@example.com")
    client, transport, _sleeps = fake_client(
        [
            refused("/convergedRecordings/reassign", status),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000")),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001")),
        ],
        concurrency=1,
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "failed", "r001": "failed"}
    assert all(change.after["owner_email"] == "alice@example.com" for change in plan.changes)
    assert all("HTTP %d" % status in change.reason for change in plan.changes)


@pytest.mark.parametrize("status", REFUSALS)
def test_a_compliance_delete_of_a_recording_already_gone_is_unchanged_for_every_code(status):
    plan = plan_delete(many(1), reason="audit")
    expectations = [refused("/convergedRecordings/r000", status, method="DELETE")]
    if status != 404:  # a 404 on the DELETE itself says it; any other refusal is checked by reading it back
        expectations.append(Expect("GET", "/convergedRecordings/r000", status=404, json=NOT_FOUND))
    client, transport, _sleeps = fake_client(expectations)
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "unchanged"}
    assert plan.change("r000").reason == "already gone"
    result = plan_result(plan, check_mode=False, gone_after=True)
    assert result["changed"] is False and result["count"] == 0


@pytest.mark.parametrize("status", [400, 409])
def test_a_compliance_delete_refused_while_the_recording_is_still_there_fails(status):
    plan = plan_delete(many(1), reason="audit")
    client, transport, _sleeps = fake_client(
        [
            refused("/convergedRecordings/r000", status, method="DELETE"),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000")),
        ]
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "failed"}
    assert "HTTP %d" % status in plan.change("r000").reason


@pytest.mark.parametrize("status", [400, 404, 409])
def test_a_compliance_delete_refused_after_an_uncertain_first_attempt_that_landed_counts_as_deleted(status):
    # The first DELETE got a 502 (it may have been applied), the retry is refused, the recording is gone: ours.
    plan = plan_delete(many(1), reason="audit")
    expectations = [
        Expect("DELETE", "/convergedRecordings/r000", status=502, json={"message": "Bad Gateway", "trackingId": "G"}),
        refused("/convergedRecordings/r000", status, method="DELETE"),
    ]
    if status != 404:
        expectations.append(Expect("GET", "/convergedRecordings/r000", status=404, json=NOT_FOUND))
    client, transport, _sleeps = fake_client(expectations, retries=1)
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "changed"}
