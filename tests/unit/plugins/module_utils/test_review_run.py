"""The review flow's own decisions: option checks before any request, and the ledger written only after a post."""

import json
import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._review import parse_rules
from ansible_collections.wxc.recordings.plugins.module_utils._review_run import check_params, post_messages, request_counts
from tests.unit.fake_transport import Expect, fake_client

RULES = [{"name": "Refunds", "keywords": ["refund"], "to_person_email": "boss@example.com"}]


def params(tmp_path, **changes):
    base = {
        "rules": RULES,
        "ledger_file": str(tmp_path / "ledger.json"),
        "newer_than_days": 7,
        "max_messages": 50,
        "concurrency": 4,
        "message_access_token": None,
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    "changes, option, message",
    [
        ({"newer_than_days": 0}, "newer_than_days", "newer_than_days must be between 1 and 365 (Webex keeps recordings a year), got 0"),
        ({"newer_than_days": 366}, "newer_than_days", "newer_than_days must be between 1 and 365"),
        ({"max_messages": 0}, "max_messages", "max_messages must be 1 or more, got 0"),
        ({"concurrency": 17}, "concurrency", "concurrency must be between 1 and 16, got 17"),
        ({"message_access_token": " "}, "message_access_token", "message_access_token is empty"),
        ({"rules": [{"name": "x", "room_id": "r"}]}, "rules", "rules[0] (x) selects every recording"),
        ({"ledger_file": "/no/such/folder/ledger.json"}, "ledger_file", "ledger_file: folder /no/such/folder does not exist"),
    ],
)
def test_bad_options_name_the_option(tmp_path, changes, option, message):
    with pytest.raises(OptionError) as raised:
        check_params(params(tmp_path, **changes))
    assert raised.value.option == option and message in raised.value.message


def test_ledger_folder_may_be_missing_in_check_mode_only(tmp_path):
    missing = params(tmp_path, ledger_file=str(tmp_path / "state" / "ledger.json"))
    rules, ledger = check_params(missing, check_mode=True)
    assert [rule.name for rule in rules] == ["Refunds"] and ledger == []
    with pytest.raises(OptionError):
        check_params(missing)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "is not valid JSON"),
        (json.dumps({"format": "wxc.recordings/offboarding-journal/1", "entries": []}), "is not a review ledger"),
        (json.dumps({"format": "wxc.recordings/review-ledger/1", "entries": [{"id": "a"}]}), "entries[0] is not a ledger entry"),
    ],
)
def test_a_foreign_or_broken_ledger_is_refused_before_any_request(tmp_path, content, message):
    (tmp_path / "ledger.json").write_text(content)
    with pytest.raises(OptionError) as raised:
        check_params(params(tmp_path))
    assert raised.value.option == "ledger_file" and message in raised.value.message


def planned(recording_id, destination):
    return {
        "recording_id": recording_id,
        "destination": destination,
        "markdown": "**m** " + recording_id,
        "text": "m " + recording_id,
        "_rules": parse_rules(RULES),
    }


def test_ledger_is_written_after_each_accepted_post_and_a_refusing_destination_is_not_tried_again(tmp_path):
    ledger_path = str(tmp_path / "ledger.json")
    seen = []

    def ledger_ids(_request):
        # What the ledger holds when each message is sent: only the messages before it that Webex accepted.
        if os.path.exists(ledger_path):
            with open(ledger_path) as handle:
                seen.append(sorted(entry["id"] for entry in json.load(handle)["entries"]))
        else:
            seen.append(None)

    client, transport, _sleeps = fake_client(
        [
            Expect(
                "POST", "/messages", json={"id": "m1"}, body_json={"toPersonEmail": "boss@example.com", "text": "m a", "markdown": "**m** a"}, check=ledger_ids
            ),
            Expect("POST", "/messages", status=404, json={"message": "Room not found", "trackingId": "T1"}, check=ledger_ids),
            Expect("POST", "/messages", json={"id": "m3"}, check=ledger_ids),
        ]
    )
    plan = [planned("a", "person:boss@example.com"), planned("b", "room:wrong"), planned("c", "room:wrong"), planned("d", "person:boss@example.com")]
    earlier = [{"id": "old", "destination": "room:x", "rules": ["Refunds"]}]
    entries, failures = post_messages(client, plan, earlier, ledger_path, now=None)
    transport.assert_done()
    assert seen == [None, ["a", "old"], ["a", "old"]]  # the earlier entries are kept
    assert [(e["id"], e["destination"], e["message_id"]) for e in entries[1:]] == [
        ("a", "person:boss@example.com", "m1"),
        ("d", "person:boss@example.com", "m3"),
    ]
    with open(ledger_path) as handle:
        assert [e["id"] for e in json.load(handle)["entries"]] == ["old", "a", "d"]
    assert stat.S_IMODE(os.stat(ledger_path).st_mode) == 0o600
    assert list(failures) == ["room:wrong"] and "HTTP 404" in failures["room:wrong"] and "T1" in failures["room:wrong"]
    assert [e.get("posted") for e in plan] == [True, False, False, True]
    assert plan[2]["error"] == "not tried: space wrong refused an earlier message in this run"
    assert "tok-SECRET-canary" not in json.dumps(failures)
    assert request_counts(client)["messages"] == 3


def test_a_server_error_on_a_post_is_not_repeated(tmp_path):
    client, transport, _sleeps = fake_client([Expect("POST", "/messages", status=502, json={"message": "Bad gateway", "trackingId": "T2"})])
    _entries, failures = post_messages(client, [planned("a", "room:r")], [], str(tmp_path / "ledger.json"))
    transport.assert_done()  # one attempt: a repeat could post the message twice
    assert "HTTP 502" in failures["room:r"] and not os.path.exists(str(tmp_path / "ledger.json"))
