"""The metadata export's model (_metadata_export): rows, redaction and the watermark, as tables."""

import hashlib
import hmac

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_export import (
    COLUMNS,
    DEFAULT_HASH_KEY,
    already_exported,
    csv_values,
    dropped_pending,
    empty_state,
    export_row,
    listing_start,
    next_state,
    redact_number,
    validate_state,
)
from tests.unit.recording_factory import recording

NOW = "2026-11-30T12:00:00Z"
YEAR_AGO = "2025-11-30T12:00:00Z"


def party(number, name="", actor_type="EXTERNAL", email=None):
    actor = {"type": actor_type, "id": "actor-" + (name or "x")}
    if email:
        actor["email"] = email
    result = {"actor": actor, "number": number}
    if name:
        result["name"] = name
    return result


OWNER = party("sip:1234@sim.webex.example;user=phone", "Alice", "USER", "alice@example.com")
CUSTOMER = party("tel:+12025550123", "External Caller")


def metadata(personality="originator", start="2026-11-02T10:00:00Z", stop="2026-11-02T10:05:30Z", **service):
    calling, called = (OWNER, CUSTOMER) if (personality or "").lower() != "terminator" else (CUSTOMER, OWNER)
    data = {
        "callSessionId": "sess-meta",
        "locationId": "loc-meta",
        "personality": personality,
        "callingParty": calling,
        "calledParty": called,
        "session": {"startTime": start, "stopTime": stop},
    }
    data.update(service)
    return {"id": "r1", "ownerName": "Alice", "ownerType": "USER", "serviceData": data}


ITEM = recording("r1", created="2026-11-02T10:06:00Z", size=5300, duration=330, location="loc-hq", session="sess-1", topic="Call with ACME")


# ---------------------------------------------------------------------------------------------- redaction


@pytest.mark.parametrize(
    "value, redact, expected",
    [
        ("tel:+12025550123", "none", "+12025550123"),
        ("TEL:+12025550123", "none", "+12025550123"),
        ("sip:1234@sim.webex.example;user=phone", "none", "sip:1234@sim.webex.example;user=phone"),
        ("+44 20 7946 0018", "none", "+44 20 7946 0018"),
        (None, "none", ""),
        ("", "last4", ""),
        (None, "hash", ""),
        ("tel:+12025550123", "last4", "****0123"),
        ("+44 20 7946 0018", "last4", "****0018"),
        # A SIP address: the digits of its user part, never of the host or the parameters.
        ("sip:+14085551234@example.com;user=phone", "last4", "****1234"),
        ("sip:1234@sim.webex.example;user=phone", "last4", "****"),  # four digits or fewer: nothing shown
        ("sip:alice@example.com", "last4", "****"),
        ("12345", "last4", "****2345"),
    ],
)
def test_redact_none_and_last4(value, redact, expected):
    assert redact_number(value, redact) == expected


def test_hash_is_the_hmac_of_the_unredacted_value_and_joins_across_forms():
    salted = redact_number("tel:+12025550123", "hash", "s3cret")
    assert salted == hmac.new(b"s3cret", b"+12025550123", hashlib.sha256).hexdigest()
    # tel: or not, the same number gives the same value: it joins with a CRM's E.164 numbers hashed the same way.
    assert redact_number("+12025550123", "hash", "s3cret") == salted
    assert redact_number("+12025550123", "hash", "other") != salted
    assert redact_number("+12025550124", "hash", "s3cret") != salted
    unsalted = redact_number("+12025550123", "hash")
    assert unsalted == hmac.new(DEFAULT_HASH_KEY.encode(), b"+12025550123", hashlib.sha256).hexdigest() != salted
    assert "0123" not in salted and len(salted) == 64


def test_an_unknown_redaction_names_the_option():
    with pytest.raises(OptionError) as error:
        redact_number("+1", "mask")
    assert error.value.option == "redact" and "redact" in error.value.message


# ---------------------------------------------------------------------------------------------- rows


def test_an_outbound_call_row_in_column_order():
    row = export_row(ITEM, metadata("originator"))
    assert list(row) == list(COLUMNS)
    assert row == {
        "recording_id": "r1",
        "create_time": "2026-11-02T10:06:00Z",
        "owner_email": "alice@example.com",
        "owner_name": "Alice",
        "owner_type": "user",
        "owner_id": "id-alice",
        "location_id": "loc-hq",
        "start_time": "2026-11-02T10:00:00Z",
        "stop_time": "2026-11-02T10:05:30Z",
        "duration_seconds": 330,
        "direction": "outbound",
        "calling_number": "sip:1234@sim.webex.example;user=phone",
        "calling_name": "Alice",
        "called_number": "+12025550123",
        "called_name": "External Caller",
        "remote_number": "+12025550123",
        "remote_name": "External Caller",
        "call_session_id": "sess-meta",
        "topic": "Call with ACME",
        "size_bytes": 5300,
        "service_type": "calling",
        "status": "available",
    }
    assert csv_values(row)[:2] == ["r1", "2026-11-02T10:06:00Z"]


@pytest.mark.parametrize(
    "meta, expected",
    [
        # (metadata, (direction, remote_number, remote_name, duration_seconds, call_session_id, location_id))
        (metadata("terminator"), ("inbound", "+12025550123", "External Caller", 330, "sess-meta", "loc-hq")),
        (metadata("ORIGINATOR"), ("outbound", "+12025550123", "External Caller", 330, "sess-meta", "loc-hq")),
        # No personality: the direction is unknown, and so is which party is remote.
        (metadata(None), ("", "", "", 330, "sess-meta", "loc-hq")),
        # No session times: the recording's own length.
        (metadata("originator", start=None, stop=None), ("outbound", "+12025550123", "External Caller", 330, "sess-meta", "loc-hq")),
        (
            metadata("originator", start="2026-11-02T10:00:00Z", stop="2026-11-02T10:00:07.600Z"),
            ("outbound", "+12025550123", "External Caller", 8, "sess-meta", "loc-hq"),
        ),
        # A stop before the start is not a duration: the recording's length.
        (metadata("originator", stop="2026-11-02T09:00:00Z"), ("outbound", "+12025550123", "External Caller", 330, "sess-meta", "loc-hq")),
        (metadata("originator", start="garbage"), ("outbound", "+12025550123", "External Caller", 330, "sess-meta", "loc-hq")),
        # Metadata without a session id: the listed one.
        ({"serviceData": {"personality": "terminator", "callingParty": CUSTOMER}}, ("inbound", "+12025550123", "External Caller", 330, "sess-1", "loc-hq")),
        ({}, ("", "", "", 330, "sess-1", "loc-hq")),
    ],
)
def test_direction_remote_party_duration_and_ids(meta, expected):
    row = export_row(ITEM, meta)
    assert (row["direction"], row["remote_number"], row["remote_name"], row["duration_seconds"], row["call_session_id"], row["location_id"]) == expected


def test_a_party_without_name_is_named_by_its_actor_email():
    meta = metadata("originator", callingParty=party("sip:1@x", "", "USER", "alice@example.com"))
    assert export_row(ITEM, meta)["calling_name"] == "alice@example.com"


def test_the_location_comes_from_the_metadata_when_the_listing_has_none():
    item = dict(ITEM, serviceData={})
    row = export_row(item, metadata("originator"))
    assert (row["location_id"], row["call_session_id"]) == ("loc-meta", "sess-meta")


@pytest.mark.parametrize(
    "redact, salt, calling, called, remote",
    [
        ("none", None, "sip:1234@sim.webex.example;user=phone", "+12025550123", "+12025550123"),
        ("last4", None, "****", "****0123", "****0123"),
        ("hash", "k", "H:sip:1234@sim.webex.example;user=phone", "H:+12025550123", "H:+12025550123"),
    ],
)
def test_redaction_applies_to_every_number_column_and_nothing_else(redact, salt, calling, called, remote):
    def expected(value):
        return hmac.new(b"k", value[2:].encode(), hashlib.sha256).hexdigest() if value.startswith("H:") else value

    row = export_row(ITEM, metadata("originator"), redact, salt)
    assert (row["calling_number"], row["called_number"], row["remote_number"]) == (expected(calling), expected(called), expected(remote))
    # Names, the owner and the session are not numbers: unchanged.
    assert (row["calling_name"], row["called_name"], row["owner_email"], row["call_session_id"]) == (
        "Alice",
        "External Caller",
        "alice@example.com",
        "sess-meta",
    )


# ---------------------------------------------------------------------------------------------- the watermark


def state(listed_to="2026-11-30T00:00:00.000Z", seen=None, pending=None, overlap=60):
    document = empty_state()
    document.update(listed_to=listed_to, overlap_minutes=overlap, seen=seen or {}, pending=pending or [])
    return document


@pytest.mark.parametrize(
    "previous, overlap, earliest, expected",
    [
        # First run: the lower bound the task gives (or the retention year).
        (None, 60, YEAR_AGO, YEAR_AGO),
        (state(listed_to=None), 60, YEAR_AGO, YEAR_AGO),
        # Later runs: the last listing's end less the overlap.
        (state(), 60, YEAR_AGO, "2026-11-29T23:00:00Z"),
        (state(), 0, YEAR_AGO, "2026-11-30T00:00:00Z"),
        # ...moved back to the oldest recording still waiting for its metadata...
        (state(pending=[{"id": "p", "create_time": "2026-11-20T08:00:00Z"}]), 60, YEAR_AGO, "2026-11-20T08:00:00Z"),
        (state(pending=[{"id": "p", "create_time": "2026-11-29T23:30:00Z"}]), 60, YEAR_AGO, "2026-11-29T23:00:00Z"),
        # ...never before the task's lower bound...
        (state(pending=[{"id": "p", "create_time": "2026-11-20T08:00:00Z"}]), 60, "2026-11-25T00:00:00Z", "2026-11-25T00:00:00Z"),
        # ...and never after now (a state from a clock that ran ahead).
        (state(listed_to="2026-12-31T00:00:00Z"), 60, YEAR_AGO, NOW),
    ],
)
def test_where_the_listing_starts(previous, overlap, earliest, expected):
    assert listing_start(previous, NOW, overlap, earliest) == parse_datetime(expected)


def test_next_state_keeps_only_what_the_next_run_may_list_again():
    previous = state(
        listed_to="2026-11-30T00:00:00.000Z",
        seen={"old": "2026-11-29T23:10:00Z", "edge": "2026-11-29T23:00:00Z"},
    )
    exported = {"new": "2026-11-30T11:30:00Z", "at-watermark": "2026-11-30T11:00:00.000Z", "earlier": "2026-11-30T10:59:59Z"}
    result = next_state(previous, NOW, exported, [], 60, NOW)
    assert result["listed_to"] == "2026-11-30T12:00:00.000Z"
    # The next run lists from 11:00 (inclusive): ids created from then on are kept, older ones forgotten.
    assert result["seen"] == {"at-watermark": "2026-11-30T11:00:00.000Z", "new": "2026-11-30T11:30:00Z"}
    assert result["pending"] == [] and validate_state(result) == result


def test_pending_recordings_are_retried_counted_and_keep_the_window_open():
    first = next_state(None, NOW, {"a": "2026-11-30T11:50:00Z"}, [{"id": "p", "create_time": "2026-11-30T09:00:00Z", "reason": "404"}], 60, NOW)
    assert first["pending"] == [{"id": "p", "create_time": "2026-11-30T09:00:00Z", "reason": "404", "attempts": 1, "first_pending": "2026-11-30T12:00:00.000Z"}]
    assert not already_exported(first, "p") and already_exported(first, "a")
    later = "2026-11-30T13:00:00Z"
    # The next run lists back to the pending one; what it exported since stays seen while the window reaches it.
    second = next_state(first, later, {"b": "2026-11-30T10:00:00Z"}, [{"id": "p", "create_time": "2026-11-30T09:00:00Z", "reason": "404"}], 60, later)
    assert (second["pending"][0]["attempts"], second["pending"][0]["first_pending"]) == (2, "2026-11-30T12:00:00.000Z")
    assert set(second["seen"]) == {"a", "b"}
    assert listing_start(second, later, 60, YEAR_AGO).isoformat().startswith("2026-11-30T09:00:00")
    # Once exported, the window closes again and the old ids are forgotten.
    third = next_state(second, "2026-11-30T14:00:00Z", {"p": "2026-11-30T09:00:00Z"}, [], 60, "2026-11-30T14:00:00Z")
    assert third["pending"] == [] and third["seen"] == {}


@pytest.mark.parametrize(
    "listed, dropped",
    [
        ({"p1", "p2"}, []),
        ({"p1"}, ["p2"]),
        (set(), ["p1", "p2"]),
    ],
)
def test_pending_recordings_no_longer_listed_are_reported_as_dropped(listed, dropped):
    previous = state(pending=[{"id": "p1", "create_time": "2026-11-29T00:00:00Z"}, {"id": "p2", "create_time": "2026-11-29T00:00:00Z"}])
    assert [entry["id"] for entry in dropped_pending(previous, listed)] == dropped
    assert dropped_pending(None, listed) == []


@pytest.mark.parametrize(
    "document, text",
    [
        ([], "not a metadata export state file"),
        ({"format": "something/1"}, "not a metadata export state file"),
        ({"format": "wxc.recordings.metadata-export-state/1", "listed_to": "yesterday"}, "damaged"),
        ({"format": "wxc.recordings.metadata-export-state/1", "seen": []}, "damaged"),
        ({"format": "wxc.recordings.metadata-export-state/1", "seen": {"a": "soon"}}, "damaged"),
        ({"format": "wxc.recordings.metadata-export-state/1", "pending": [{"create_time": NOW}]}, "damaged"),
        ({"format": "wxc.recordings.metadata-export-state/1", "pending": [{"id": "p"}]}, "damaged"),
    ],
)
def test_a_foreign_or_damaged_state_file_names_the_option(document, text):
    with pytest.raises(OptionError) as error:
        validate_state(document)
    assert error.value.option == "state_file" and text in error.value.message and "state_file" in error.value.message


def test_a_minimal_state_file_is_completed():
    assert validate_state({"format": "wxc.recordings.metadata-export-state/1"}) == empty_state()


def test_csv_free_text_never_starts_a_formula_but_numbers_stay_joinable():
    row = dict((column, "") for column in COLUMNS)
    row.update(topic="=HYPERLINK(\"http://x\")", calling_name="@SUM(A1)", remote_name="-2+3", owner_name="Ann", remote_number="+12025550123", size_bytes=7)
    values = dict(zip(COLUMNS, csv_values(row)))
    assert (values["topic"], values["calling_name"], values["remote_name"]) == ("'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'-2+3")
    assert (values["owner_name"], values["remote_number"], values["size_bytes"]) == ("Ann", "+12025550123", 7)
