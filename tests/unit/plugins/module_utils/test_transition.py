"""Recycle-bin plans (what is already in state, batching, the *All form) and how they are applied and verified."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan
from ansible_collections.wxc.recordings.plugins.module_utils._report import plan_result
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PURGE, RESTORE, TRASH, plan_transition
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import many, recording

SOFT_DELETE = "/convergedRecordings/softDelete"


def outcomes(plan):
    return dict((change.id, change.outcome) for change in plan.changes)


@pytest.mark.parametrize(
    ("transition", "status", "outcome"),
    [
        (TRASH, "available", "would_change"),
        (TRASH, "deleted", "unchanged"),
        (TRASH, "purged", "unchanged"),
        (RESTORE, "deleted", "would_change"),
        (RESTORE, "available", "unchanged"),
        (RESTORE, "purged", "failed"),
        (PURGE, "deleted", "would_change"),
        (PURGE, "purged", "unchanged"),
        (PURGE, "available", "failed"),
    ],
)
def test_each_status_is_moved_left_alone_or_refused(transition, status, outcome):
    plan = plan_transition(transition, [recording("r1", status=status)])
    assert outcomes(plan) == {"r1": outcome}
    assert len(plan.calls) == (1 if outcome == "would_change" else 0)
    if outcome == "failed":
        assert plan.blocked and status in plan.blocked[0].reason


@pytest.mark.parametrize(("count", "batches"), [(1, [1]), (100, [100]), (101, [100, 1]), (250, [100, 100, 50])])
def test_ids_go_in_batches_of_at_most_100_in_selection_order(count, batches):
    recordings = many(count)
    plan = plan_transition(TRASH, recordings)
    assert [len(call.body["recordingIds"]) for call in plan.calls] == batches
    assert [i for call in plan.calls for i in call.body["recordingIds"]] == [r["id"] for r in recordings]
    assert all(call.method == "POST" and call.path == SOFT_DELETE for call in plan.calls)


def test_only_recordings_not_yet_in_state_are_sent():
    recordings = many(3) + many(2, prefix="d", status="deleted")
    plan = plan_transition(TRASH, recordings)
    assert plan.calls[0].body == {"recordingIds": ["r000", "r001", "r002"]}
    assert [c.outcome for c in plan.changes].count("unchanged") == 2


@pytest.mark.parametrize(
    ("transition", "whole_owner", "owner_type", "body"),
    [
        (TRASH, ("owner_email", "alice@example.com"), "user", {"trashAll": True, "ownerEmail": "alice@example.com"}),
        (RESTORE, ("owner_email", "alice@example.com"), "user", {"restoreAll": True, "ownerEmail": "alice@example.com"}),
        (PURGE, ("owner_email", "alice@example.com"), "user", {"purgeAll": True, "ownerEmail": "alice@example.com"}),
        (TRASH, ("me", None), "user", {"trashAll": True}),
        # the *All forms take users only: a virtual line's recordings go by id
        (TRASH, ("owner_email", "line@example.com"), "virtualLine", {"recordingIds": ["r000", "r001"]}),
        # the recycle-bin calls have no owner-id form
        (TRASH, ("owner_id", "vl-1"), "virtualLine", {"recordingIds": ["r000", "r001"]}),
        (TRASH, None, "user", {"recordingIds": ["r000", "r001"]}),
    ],
)
def test_the_all_form_is_one_call_for_everything_of_one_user(transition, whole_owner, owner_type, body):
    plan = plan_transition(transition, many(2, status=transition.source, owner_type=owner_type), whole_owner=whole_owner)
    assert [call.body for call in plan.calls] == [body]
    assert plan.calls[0].recording_ids == ["r000", "r001"]


def test_nothing_to_move_means_no_call_even_for_a_whole_owner():
    plan = plan_transition(TRASH, many(2, status="deleted"), whole_owner=("owner_email", "alice@example.com"))
    assert plan.calls == []
    assert plan_result(plan, check_mode=True)["changed"] is False


def test_check_mode_result_is_the_plan_with_a_readable_diff():
    plan = plan_transition(TRASH, [recording("r1", created="2026-03-02T09:30:00Z"), recording("r2", status="deleted")])
    result = plan_result(plan, check_mode=True, diff_mode=True)
    assert result["changed"] is True and result["count"] == 1
    assert [r["outcome"] for r in result["recordings"]] == ["would_change", "unchanged"]
    assert result["recordings"][0]["before"] == {"status": "available", "owner_email": "alice@example.com"}
    assert result["recordings"][0]["after"] == {"status": "deleted", "owner_email": "alice@example.com"}
    assert result["planned_calls"] == [{"method": "POST", "path": SOFT_DELETE, "body": {"recordingIds": ["r1"]}}]
    assert result["diff"] == {
        "before": {"r1": "available, owner alice@example.com, created 2026-03-02T09:30:00Z: Call with Bob"},
        "after": {"r1": "deleted, owner alice@example.com, created 2026-03-02T09:30:00Z: Call with Bob"},
    }


def test_apply_sends_exactly_the_planned_calls_and_collects_tracking_ids():
    recordings = many(250)
    plan = plan_transition(TRASH, recordings)
    client, transport, _sleeps = fake_client(
        [
            Expect(
                "POST",
                SOFT_DELETE,
                status=204,
                headers={"trackingId": "T%d" % n},
                body_json={"recordingIds": [r["id"] for r in recordings[n * 100:(n + 1) * 100]]},
            )
            for n in range(3)
        ]
    )
    apply_plan(client, plan)
    transport.assert_done()
    result = plan_result(plan, check_mode=False)
    assert result["changed"] is True and result["count"] == 250
    assert result["tracking_ids"] == ["T0", "T1", "T2"]


def test_a_rejected_batch_is_read_back_done_ones_count_as_changed_the_others_failed():
    # e.g. the first attempt of a retried batch landed for r000, and r001 changed state meanwhile
    plan = plan_transition(TRASH, many(2) + many(1, prefix="x"))
    client, transport, _sleeps = fake_client(
        [
            Expect("POST", SOFT_DELETE, status=400, json={"message": "Recording r000 is deleted", "trackingId": "BAD1"}),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000", status="deleted")),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001", status="available")),
            Expect("GET", "/convergedRecordings/x000", status=404, json={"message": "Not Found", "trackingId": "NF"}),
        ],
        concurrency=1,
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert outcomes(plan) == {"r000": "changed", "r001": "failed", "x000": "failed"}
    assert "BAD1" in plan.change("r001").reason and plan.change("r001").after["status"] == "available"
    assert plan.change("r000").after["status"] == "deleted"
    assert plan_result(plan, check_mode=False)["count"] == 1


def test_purge_counts_a_recording_that_vanished_as_purged():
    plan = plan_transition(PURGE, many(1, status="deleted"))
    client, transport, _sleeps = fake_client(
        [
            Expect("POST", "/convergedRecordings/purge", status=400, json={"message": "no", "trackingId": "P"}),
            Expect("GET", "/convergedRecordings/r000", status=404, json={"message": "Not Found", "trackingId": "NF"}),
        ]
    )
    apply_plan(client, plan)
    assert outcomes(plan) == {"r000": "changed"}


def test_a_refused_token_stops_the_rest_of_the_plan():
    plan = plan_transition(TRASH, many(250))
    client, transport, _sleeps = fake_client([Expect("POST", SOFT_DELETE, status=403, json={"message": "Forbidden", "trackingId": "F1"})])
    apply_plan(client, plan)
    transport.assert_done()  # batches 2 and 3 were never sent
    assert set(c.outcome for c in plan.changes) == {"failed"}
    assert "not sent" in plan.change("r249").reason and "403" in plan.change("r249").reason
    assert [call.sent for call in plan.calls] == [True, False, False]
