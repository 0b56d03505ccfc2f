"""The request a plan shows (``planned_calls``) is the request sent: one object, sent by ``WebexClient.send(call)``."""

import json

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._delete import plan_delete
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan
from ansible_collections.wxc.recordings.plugins.module_utils._reassign import plan_reassign
from ansible_collections.wxc.recordings.plugins.module_utils._results import plan_result
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PURGE, RESTORE, TRASH, plan_transition
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import many, recording

NEW = "manager@example.com"


def sent_as_shown(shown):
    """An expectation built from one ``planned_calls`` entry: the request must have exactly its method, path, query
    and body (no body where none is shown)."""

    def check(request):
        body = json.loads(request.body) if request.body else None
        assert body == shown.get("body"), "sent %r, planned_calls shows %r" % (body, shown.get("body"))

    return Expect(shown["method"], shown["path"], status=204, query=shown.get("params") or {}, headers={"trackingId": "T"}, check=check)


PLANS = {
    "trash in batches of 100": lambda: plan_transition(TRASH, many(150)),
    "trash an owner's all": lambda: plan_transition(TRASH, many(3), whole_owner=("owner_email", "alice@example.com")),
    "trash a user's own": lambda: plan_transition(TRASH, many(2), whole_owner=("me", None)),
    "restore": lambda: plan_transition(RESTORE, many(2, status="deleted")),
    "purge": lambda: plan_transition(PURGE, many(2, status="deleted")),
    "reassign by ids": lambda: plan_reassign(many(2), NEW),
    "reassign an owner's all": lambda: plan_reassign(many(2), NEW, whole_owner=("owner_email", "alice@example.com")),
    "reassign a virtual line's all": lambda: plan_reassign(
        [recording("v1", owner_type="virtualLine", owner_id="vl-1")], NEW, whole_owner=("owner_id", "vl-1")
    ),
    "delete with reason and comment": lambda: plan_delete(many(2), reason="audit", comment="case 42"),
    "delete without a body": lambda: plan_delete(many(1)),
}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_every_planned_call_is_sent_exactly_as_planned_calls_shows_it(name):
    plan = PLANS[name]()
    shown = plan_result(plan, check_mode=True)["planned_calls"]
    assert shown, "the plan has no calls"
    client, transport, _sleeps = fake_client([sent_as_shown(call) for call in shown])
    apply_plan(client, plan)
    transport.assert_done()
    assert [change.outcome for change in plan.changes] == ["changed"] * len(plan.changes)


def test_the_sent_request_is_the_planned_object_itself_not_a_second_copy():
    """Change the planned call after planning: what is sent follows, because nothing rebuilds the body."""
    plan = plan_transition(TRASH, many(3))
    call = plan.calls[0]
    call.json["recordingIds"].remove("r001")
    call.recording_ids.remove("r001")
    client, transport, _sleeps = fake_client([sent_as_shown(call.describe())])
    apply_plan(client, plan)
    transport.assert_done()
    assert json.loads(transport.seen[0].body) == {"recordingIds": ["r000", "r002"]}


def test_a_planned_query_is_shown_and_sent():
    plan = plan_delete(many(1), reason="audit")
    plan.calls[0].params = {"hint": "x"}
    shown = plan_result(plan, check_mode=True)["planned_calls"]
    assert shown == [{"method": "DELETE", "path": "/convergedRecordings/r000", "params": {"hint": "x"}, "body": {"reason": "audit"}}]
    client, transport, _sleeps = fake_client([sent_as_shown(shown[0])])
    apply_plan(client, plan)
    transport.assert_done()
