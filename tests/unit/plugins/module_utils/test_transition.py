"""Recycle-bin plans (what is already in state, batching, the *All form) and how they are applied and verified."""

import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils import _transition
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan
from ansible_collections.wxc.recordings.plugins.module_utils._results import plan_result
from ansible_collections.wxc.recordings.plugins.module_utils._selection import selection_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PLAN_FIELDS, PURGE, RESTORE, TRASH, plan_transition, run_transition
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.listings import year_listing
from tests.unit.recording_factory import FakeModule, many, recording

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


# ---------------------------------------------------------------------------------------------- many ids: listed, not read one by one


def module_params(**options):
    values = dict((name, None) for name in selection_argument_spec())
    values.update(access_level="admin", summary_only=False, results_file=None)
    values.update(options)
    return values


def run_task(monkeypatch, client, transition=TRASH, check_mode=False, diff=False, **options):
    """run_transition as the module runs it, with the real client talking to the fake transport."""
    monkeypatch.setattr(_transition, "client_from_module", lambda module: client)
    module = FakeModule(module_params(**options), check_mode=check_mode, diff=diff)
    with pytest.raises(FakeModule.Exit) as caught:
        run_transition(module, transition)
    return caught.value, module


def hours_ago(count):
    return (datetime.now(timezone.utc) - timedelta(hours=1 + count)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def bulk(status="available", count=148, owners=("alice@example.com", "bob@example.com")):
    """``count`` recordings r000.. newest first, alternating owners, with a topic the plan does not need."""
    return [recording("r%03d" % i, status=status, owner=owners[i % len(owners)], created=hours_ago(i), topic="T%d" % i) for i in range(count)]


def softdelete(ids, tracking_id):
    return Expect("POST", SOFT_DELETE, status=204, headers={"trackingId": tracking_id}, body_json={"recordingIds": ids})


def test_many_ids_are_found_by_one_listing_and_only_the_rest_is_read_by_id(monkeypatch):
    # 148 available, 1 already in the recycle bin, 1 unknown: 150 ids, more than 100
    available = bulk()
    stranger = recording("zz-other", owner="carol@example.com")  # listed, not asked for
    ids = [r["id"] for r in available] + ["d-1", "gone-1"]
    client, transport, _sleeps = fake_client(
        year_listing("available", {0: [available[:100], available[100:120] + [stranger]], 4: [available[120:]]})
        + [
            Expect("GET", "/convergedRecordings/d-1", json=recording("d-1", status="deleted", created=hours_ago(500))),
            Expect("GET", "/convergedRecordings/gone-1", status=404, json={"message": "Not Found", "trackingId": "NF"}),
            softdelete(ids[:100], "T1"),
            softdelete(ids[100:148], "T2"),
        ],
        concurrency=1,
    )
    end, module = run_task(monkeypatch, client, recording_ids=ids)
    transport.assert_done()
    result = end.result
    assert not end.failed and result["changed"] is True and result["count"] == 148
    assert result["not_found"] == ["gone-1"] and "gone-1" in module.warnings[0]
    assert [r["id"] for r in result["recordings"]] == ids[:148] + ["d-1"]  # newest first
    assert result["recordings"][148]["outcome"] == "unchanged"
    assert result["recordings"][0] == {
        "id": "r000",
        "owner_email": "alice@example.com",
        "topic": "T0",
        "create_time": available[0]["createTime"],
        "before": {"status": "available", "owner_email": "alice@example.com"},
        "after": {"status": "deleted", "owner_email": "alice@example.com"},
        "outcome": "changed",
    }
    assert result["tracking_ids"] == ["T1", "T2"]
    assert result["summary"] == {
        "recordings": 149,
        "by_outcome": {"changed": 148, "unchanged": 1},
        "by_owner": {"alice@example.com": {"changed": 74, "unchanged": 1}, "bob@example.com": {"changed": 74}},
    }


def test_many_ids_second_run_lists_the_recycle_bin_too_and_sends_nothing(monkeypatch):
    trashed = bulk(status="deleted")
    ids = [r["id"] for r in trashed] + ["d-1", "gone-1"]
    client, transport, _sleeps = fake_client(
        # nothing of them is available any more: 150 ids unaccounted for, so the recycle bin is listed as well
        year_listing("available", {2: [[recording("other-1")]]})
        + year_listing("deleted", {0: [trashed[:100], trashed[100:]], 9: [[recording("d-1", status="deleted", created=hours_ago(500))]]})
        + [Expect("GET", "/convergedRecordings/gone-1", status=404, json={"message": "Not Found", "trackingId": "NF"})],
        concurrency=1,
    )
    end, _module = run_task(monkeypatch, client, recording_ids=ids)
    transport.assert_done()
    assert not end.failed
    assert end.result["changed"] is False and end.result["count"] == 0 and end.result["planned_calls"] == []
    assert end.result["summary"]["by_outcome"] == {"unchanged": 149}
    assert end.result["not_found"] == ["gone-1"]


def test_many_ids_in_check_mode_with_summary_only_list_plan_and_send_nothing(monkeypatch):
    available = bulk(count=250)
    ids = [r["id"] for r in available]
    client, transport, _sleeps = fake_client(year_listing("available", {1: [available[:100], available[100:200]], 6: [available[200:]]}), concurrency=1)
    end, _module = run_task(monkeypatch, client, check_mode=True, diff=True, recording_ids=ids, summary_only=True)
    transport.assert_done()  # 13 windows + 1 more page, no GET by id, no write
    result = end.result
    assert not end.failed and result["changed"] is True and result["count"] == 250
    assert "recordings" not in result
    assert result["planned_calls"] == [{"method": "POST", "path": SOFT_DELETE, "count": n} for n in (100, 100, 50)]
    assert result["summary"]["by_outcome"] == {"would_change": 250}
    assert result["diff"] == {"before": {"available": 250}, "after": {"deleted": 250}}
    assert result["tracking_ids"] == [] and result["not_found"] == []


def test_one_hundred_ids_are_still_read_one_by_one(monkeypatch):
    available = bulk(count=100)
    client, transport, _sleeps = fake_client(
        [Expect("GET", "/convergedRecordings/%s" % r["id"], json=r) for r in available] + [softdelete([r["id"] for r in available], "T1")],
        concurrency=1,
    )
    end, _module = run_task(monkeypatch, client, recording_ids=[r["id"] for r in available])
    transport.assert_done()
    assert end.result["count"] == 100


def test_restore_of_many_ids_lists_the_recycle_bin_first(monkeypatch):
    trashed = bulk(status="deleted", count=101)
    ids = [r["id"] for r in trashed]
    client, transport, _sleeps = fake_client(
        year_listing("deleted", {3: [trashed[:100], trashed[100:]]})
        + [
            Expect("POST", "/convergedRecordings/restore", status=204, headers={"trackingId": "R1"}, body_json={"recordingIds": ids[:100]}),
            Expect("POST", "/convergedRecordings/restore", status=204, headers={"trackingId": "R2"}, body_json={"recordingIds": ids[100:]}),
        ],
        concurrency=1,
    )
    end, _module = run_task(monkeypatch, client, transition=RESTORE, recording_ids=ids)
    transport.assert_done()
    assert end.result["count"] == 101 and end.result["tracking_ids"] == ["R1", "R2"]


def test_the_selection_holds_only_the_fields_the_plan_needs(monkeypatch):
    listed = bulk(count=3)
    client, transport, _sleeps = fake_client(year_listing("available", {0: [listed]}) + [softdelete(["r000", "r001", "r002"], "T1")], concurrency=1)
    plans = []
    real_plan = _transition.plan_transition

    def spy(transition, recordings, **kwargs):
        plans.append([dict(r) for r in recordings])
        return real_plan(transition, recordings, **kwargs)

    monkeypatch.setattr(_transition, "plan_transition", spy)
    end, _module = run_task(monkeypatch, client)
    transport.assert_done()
    assert end.result["count"] == 3
    assert [sorted(r) for r in plans[0]] == [sorted(PLAN_FIELDS)] * 3
    assert plans[0][0] == dict((field, listed[0][field]) for field in PLAN_FIELDS)


def test_results_file_holds_the_entries_and_the_result_does_not(monkeypatch, tmp_path):
    path = str(tmp_path / "trash.jsonl")
    listed = bulk(count=2) + [recording("d-1", status="deleted", created=hours_ago(50))]
    client, transport, _sleeps = fake_client(year_listing("available", {0: [listed[:2]]}) + [softdelete(["r000", "r001"], "T1")], concurrency=1)
    end, _module = run_task(monkeypatch, client, results_file=path)
    transport.assert_done()
    assert "recordings" not in end.result and end.result["results_file"] == path
    assert end.result["planned_calls"] == [{"method": "POST", "path": SOFT_DELETE, "body": {"recordingIds": ["r000", "r001"]}}]
    with open(path) as handle:
        lines = [json.loads(line) for line in handle]
    assert [(line["id"], line["outcome"], line["after"]["status"]) for line in lines] == [("r000", "changed", "deleted"), ("r001", "changed", "deleted")]
    assert os.listdir(str(tmp_path)) == ["trash.jsonl"]


def test_a_results_file_in_a_missing_folder_fails_naming_the_option_before_any_request(monkeypatch, tmp_path):
    client, transport, _sleeps = fake_client([])
    end, _module = run_task(monkeypatch, client, older_than_days=90, results_file=str(tmp_path / "nope" / "x.jsonl"))
    assert end.failed and end.result["option"] == "results_file" and "does not exist" in end.result["msg"]
    assert transport.seen == []


def test_a_refused_token_stops_the_calls_queued_behind_the_first_ones_even_with_concurrency():
    # 10 batches, 4 workers: the calls already on their way when the first 403 arrives may still go (at most 4);
    # every call still queued behind them (map_bounded queues up to 32) is not sent.
    plan = plan_transition(TRASH, many(1000))
    refused = [Expect("POST", SOFT_DELETE, status=403, json={"message": "Forbidden", "trackingId": "F%d" % n}) for n in range(4)]
    client, transport, _sleeps = fake_client(refused, concurrency=4)
    apply_plan(client, plan, concurrency=4)
    sent = [call.sent and call.error is not None for call in plan.calls]
    assert 1 <= len(transport.seen) <= 4 and sum(sent) == len(transport.seen)
    assert set(c.outcome for c in plan.changes) == {"failed"}
    not_sent = [call for call in plan.calls if call.error is None]
    assert len(not_sent) >= 6
    assert all("not sent" in plan.change(call.recording_ids[0]).reason for call in not_sent)
