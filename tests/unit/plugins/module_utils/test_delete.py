"""Compliance delete: one DELETE per recording, 404 is fine, the reason rule, the comment limit."""

import threading
import time

import pytest
import requests
from requests.adapters import BaseAdapter

from ansible_collections.wxc.recordings.plugins.module_utils._delete import (
    foreign_recordings,
    is_own,
    plan_delete,
    validate_delete_options,
)
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan
from ansible_collections.wxc.recordings.plugins.module_utils._results import plan_result
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import many, recording

ME = {"id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jbw", "emails": ["CO@example.com"]}


def test_one_delete_per_recording_with_reason_and_comment():
    plan = plan_delete(many(3), reason="audit", comment="case 1")
    assert [call.describe() for call in plan.calls] == [
        {"method": "DELETE", "path": "/convergedRecordings/r00%d" % n, "body": {"reason": "audit", "comment": "case 1"}} for n in range(3)
    ]
    assert set(c.after["status"] for c in plan.changes) == {"gone"}
    result = plan_result(plan, check_mode=True, diff_mode=True, gone_after=True)
    assert result["count"] == 3 and set(result["diff"]["before"]) == {"r000", "r001", "r002"} and result["diff"]["after"] == {}


def test_no_body_without_reason_or_comment():
    assert plan_delete(many(1)).calls[0].describe() == {"method": "DELETE", "path": "/convergedRecordings/r000"}


def test_apply_404_is_unchanged_other_errors_are_read_back():
    plan = plan_delete(many(3), reason="audit")
    client, transport, _sleeps = fake_client(
        [
            Expect("DELETE", "/convergedRecordings/r000", status=204, headers={"trackingId": "T0"}, body_json={"reason": "audit"}),
            Expect("DELETE", "/convergedRecordings/r001", status=404, json={"message": "Not Found", "trackingId": "NF"}),
            Expect("DELETE", "/convergedRecordings/r002", status=400, json={"message": "reason is required", "trackingId": "B"}),
            Expect("GET", "/convergedRecordings/r002", json=recording("r002")),
        ],
        concurrency=1,
    )
    apply_plan(client, plan, concurrency=1)
    transport.assert_done()
    assert [(c.id, c.outcome) for c in plan.changes] == [("r000", "changed"), ("r001", "unchanged"), ("r002", "failed")]
    result = plan_result(plan, check_mode=False)
    assert result["changed"] is True and result["count"] == 1 and result["tracking_ids"] == ["T0"]


def test_a_delete_that_failed_but_whose_recording_is_gone_counts_as_deleted():
    plan = plan_delete(many(1), reason="audit")
    client, transport, _sleeps = fake_client(
        [
            Expect("DELETE", "/convergedRecordings/r000", status=502, json={"message": "Bad Gateway", "trackingId": "G"}),
            Expect("GET", "/convergedRecordings/r000", status=404, json={"message": "Not Found", "trackingId": "NF"}),
        ],
        retries=0,
    )
    apply_plan(client, plan)
    assert plan.changes[0].outcome == "changed"


class AnyOrderDeletes(BaseAdapter):
    """Answers every DELETE with 204, in whatever order they come, and counts the most in flight at once."""

    def __init__(self):
        super().__init__()
        self.seen = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()

    def send(self, request, **kwargs):
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(0.02)
        with self.lock:
            self.in_flight -= 1
            self.seen.append((request.method, request.url.rsplit("/", 1)[1]))
        response = requests.Response()
        response.status_code = 204
        response._content = b""
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


def test_deletes_run_with_bounded_concurrency():
    plan = plan_delete(many(20), reason="audit")
    client, _transport, _sleeps = fake_client([], concurrency=4)
    adapter = AnyOrderDeletes()
    client.session.mount("https://", adapter)
    apply_plan(client, plan, concurrency=4)
    assert sorted(adapter.seen) == [("DELETE", "r%03d" % n) for n in range(20)]
    assert 1 < adapter.most_in_flight <= 4
    assert set(c.outcome for c in plan.changes) == {"changed"}


@pytest.mark.parametrize(
    ("recording_kwargs", "own"),
    [
        ({"owner": "co@example.com"}, True),  # email, case-insensitive
        ({"owner": "x@example.com", "owner_id": ME["id"]}, True),
        ({"owner": "alice@example.com"}, False),
    ],
)
def test_own_recordings(recording_kwargs, own):
    item = recording(**recording_kwargs)
    assert is_own(item, ME) is own
    assert foreign_recordings([item], ME) == ([] if own else [item])


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"comment": "x" * 256}, "comment"),
        ({"reason": "  "}, "reason"),
        ({"concurrency": 0}, "concurrency"),
        ({"access_level": "admin"}, "access_level"),
    ],
)
def test_delete_options_are_checked(options, option):
    params = {"comment": None, "reason": None, "concurrency": 8, "access_level": "compliance_officer"}
    params.update(options)
    with pytest.raises(OptionError) as caught:
        validate_delete_options(params)
    assert caught.value.option == option


def test_a_comment_of_exactly_255_characters_is_fine():
    validate_delete_options({"comment": "x" * 255, "reason": "audit", "concurrency": 1, "access_level": "compliance_officer"})
