"""The common result of mutating modules, and how finish_plan exits in each case."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._report import finish_plan
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PURGE, TRASH, plan_transition
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import FakeModule, many, recording

SOFT_DELETE = "/convergedRecordings/softDelete"


def finish(plan, client=None, check_mode=False, diff=False):
    module = FakeModule({}, check_mode=check_mode, diff=diff)
    with pytest.raises(FakeModule.Exit) as caught:
        finish_plan(module, client, plan)
    return caught.value


def test_check_mode_returns_the_plan_and_sends_nothing():
    client, transport, _sleeps = fake_client([])
    end = finish(plan_transition(TRASH, many(3)), client, check_mode=True, diff=True)
    assert not end.failed
    assert end.result["changed"] is True and end.result["count"] == 3
    assert len(end.result["diff"]["before"]) == 3
    assert transport.seen == []


def test_a_blocked_plan_fails_before_any_write_and_reports_no_change():
    client, transport, _sleeps = fake_client([])
    plan = plan_transition(PURGE, [recording("d1", status="deleted"), recording("a1", status="available")])
    end = finish(plan, client)
    assert end.failed and "a1" in end.result["msg"] and "trash them first" in end.result["msg"]
    assert end.result["changed"] is False and end.result["count"] == 0
    assert dict((r["id"], r["outcome"]) for r in end.result["recordings"]) == {"d1": "unchanged", "a1": "failed"}
    assert transport.seen == []


def test_a_partial_failure_fails_the_task_but_reports_what_was_done():
    plan = plan_transition(TRASH, many(150))
    client, transport, _sleeps = fake_client(
        [
            Expect("POST", SOFT_DELETE, status=204, headers={"trackingId": "T1"}),
            Expect("POST", SOFT_DELETE, status=400, json={"message": "Recording r120 is deleted", "trackingId": "BAD"}),
        ]
        + [
            Expect("GET", "/convergedRecordings/r%03d" % n, json=recording("r%03d" % n, status="available" if n == 120 else "deleted"))
            for n in range(100, 150)
        ],
        concurrency=1,
    )
    end = finish(plan, client)
    transport.assert_done()
    assert end.failed
    assert end.result["changed"] is True and end.result["count"] == 149
    assert "failed for 1 of 150" in end.result["msg"] and "r120" in end.result["msg"] and "BAD" in end.result["msg"]
    assert end.result["tracking_ids"] == ["T1"]


def test_success_exits_with_the_outcomes():
    client, transport, _sleeps = fake_client([Expect("POST", SOFT_DELETE, status=204, headers={"trackingId": "T1"})])
    end = finish(plan_transition(TRASH, many(2) + many(1, prefix="d", status="deleted")), client)
    assert not end.failed
    assert [r["outcome"] for r in end.result["recordings"]] == ["changed", "changed", "unchanged"]
    assert "diff" not in end.result
