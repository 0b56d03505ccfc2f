"""Reassign plans: who is skipped, which call form, and the journal that moves recordings back."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan
from ansible_collections.wxc.recordings.plugins.module_utils._reassign import journal, plan_reassign, validate_new_owner
from ansible_collections.wxc.recordings.plugins.module_utils._results import plan_result
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import many, recording

NEW = "manager@example.com"


def test_recordings_already_with_the_new_owner_are_skipped_case_insensitively():
    plan = plan_reassign([recording("a", owner="alice@example.com"), recording("m", owner="Manager@Example.com")], NEW)
    assert [(c.id, c.outcome) for c in plan.changes] == [("a", "would_change"), ("m", "unchanged")]
    assert plan.changes[0].after == {"status": "available", "owner_email": NEW}
    assert [call.body for call in plan.calls] == [{"reassignOwnerEmail": NEW, "recordingIds": ["a"]}]


@pytest.mark.parametrize(
    ("whole_owner", "owner_type", "owner_id", "body"),
    [
        (("owner_email", "alice@example.com"), "user", None, {"reassignOwnerEmail": NEW, "ownerEmail": "alice@example.com"}),
        (("owner_id", "vl-1"), "virtualLine", "vl-1", {"reassignOwnerEmail": NEW, "ownerID": "vl-1"}),
        # a workspace selected by email: ownerEmail takes users only, so its id is used
        (("owner_email", "lobby@example.com"), "place", "ws-1", {"reassignOwnerEmail": NEW, "ownerID": "ws-1"}),
        (None, "user", None, {"reassignOwnerEmail": NEW, "recordingIds": ["r000", "r001", "r002"]}),
    ],
)
def test_call_forms(whole_owner, owner_type, owner_id, body):
    owner = whole_owner[1] if whole_owner and whole_owner[0] == "owner_email" else "alice@example.com"
    plan = plan_reassign(many(3, owner=owner, owner_type=owner_type, owner_id=owner_id), NEW, whole_owner=whole_owner)
    assert [call.body for call in plan.calls] == [body]
    assert plan.calls[0].recording_ids == ["r000", "r001", "r002"]


def test_ids_are_batched_by_100():
    plan = plan_reassign(many(250), NEW)
    assert [len(call.body["recordingIds"]) for call in plan.calls] == [100, 100, 50]


def test_the_journal_lists_what_moves_from_whom():
    recordings = [
        recording("a", owner="alice@example.com", owner_id="id-a"),
        recording("v", owner="line@example.com", owner_type="virtualLine", owner_id="id-v", status="deleted"),
        recording("m", owner=NEW),
    ]
    plan = plan_reassign(recordings, NEW)
    expected = [
        {"id": "a", "previous_owner_email": "alice@example.com", "previous_owner_id": "id-a", "previous_owner_type": "user", "new_owner_email": NEW},
        {"id": "v", "previous_owner_email": "line@example.com", "previous_owner_id": "id-v", "previous_owner_type": "virtualLine", "new_owner_email": NEW},
    ]
    assert journal(plan, check_mode=True) == {"journal": expected}
    # after apply, only what did move
    client, transport, _sleeps = fake_client([Expect("POST", "/convergedRecordings/reassign", status=204, headers={"trackingId": "T"})])
    apply_plan(client, plan)
    assert journal(plan, check_mode=False) == {"journal": expected}
    result = plan_result(plan, check_mode=False, diff_mode=True)
    assert result["diff"]["before"]["a"].startswith("available, owner alice@example.com")
    assert result["diff"]["after"]["a"].startswith("available, owner manager@example.com")


def test_a_failed_call_is_read_back_and_the_journal_keeps_only_what_moved():
    plan = plan_reassign(many(2), NEW)
    client, transport, _sleeps = fake_client(
        [
            Expect("POST", "/convergedRecordings/reassign", status=500, json={"message": "oops", "trackingId": "E"}),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000", owner=NEW)),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001")),
        ],
        retries=0,
        concurrency=1,
    )
    apply_plan(client, plan)
    transport.assert_done()
    assert [(c.id, c.outcome) for c in plan.changes] == [("r000", "changed"), ("r001", "failed")]
    assert [entry["id"] for entry in journal(plan, check_mode=False)["journal"]] == ["r000"]


@pytest.mark.parametrize("value", [None, "", "manager", "manager@", "a b@example.com"])
def test_new_owner_email_is_checked(value):
    with pytest.raises(OptionError) as caught:
        validate_new_owner({"new_owner_email": value})
    assert caught.value.option == "new_owner_email"


def test_new_owner_email_equal_to_owner_email_is_refused_naming_both():
    with pytest.raises(OptionError) as caught:
        validate_new_owner({"new_owner_email": "Dave@Example.com", "owner_email": " dave@example.com"})
    assert caught.value.option == "new_owner_email"
    assert "new_owner_email" in caught.value.message and "owner_email already" in caught.value.message
    assert validate_new_owner({"new_owner_email": "erin@example.com", "owner_email": "dave@example.com"}) == "erin@example.com"
