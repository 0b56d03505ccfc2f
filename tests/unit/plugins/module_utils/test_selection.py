"""The selection options: their checks (which option is named), the listings they make, their filters."""

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import listable_statuses, select_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._selection import (
    SELECTION_CRITERIA,
    SELECTION_MUTUALLY_EXCLUSIVE,
    newest_first,
    parse_selection,
    selection_argument_spec,
    validate_selection,
)
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.listings import USER_LIST, year_listing
from tests.unit.recording_factory import FakeModule, recording

NOW = datetime(2026, 11, 24, 12, 0, 0, tzinfo=timezone.utc)
LIST = "/admin/convergedRecordings"


def params(**options):
    values = dict((name, None) for name in selection_argument_spec())
    values["access_level"] = "admin"
    values.update(options)
    return values


def parse(statuses=("available",), **options):
    return parse_selection(params(**options), statuses=list(statuses) if statuses else None, now=NOW)


def test_the_spec_documents_every_option_once_and_the_lists_name_real_options():
    spec = selection_argument_spec()
    for group in SELECTION_MUTUALLY_EXCLUSIVE:
        assert set(group) <= set(spec)
    assert set(SELECTION_CRITERIA) <= set(spec)
    assert spec["access_level"]["default"] == "admin"
    assert "default" not in spec["status"]  # each module has its own


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"recording_ids": ["a", " "]}, "recording_ids"),
        ({"exclude_recording_ids": [""]}, "exclude_recording_ids"),
        ({"owner_email": "alice.example.com"}, "owner_email"),
        ({"owner_emails": ["bob@example.com", "nobody"]}, "owner_emails"),
        ({"owner_emails": []}, "owner_emails"),
        ({"owner_id": " "}, "owner_id"),
        ({"created_after": "yesterday"}, "created_after"),
        ({"created_before": "2026-13-01"}, "created_before"),
        ({"created_after": "2026-03-01T00:00:00Z", "created_before": "2026-02-01T00:00:00Z"}, "created_after"),
        ({"created_after": "2026-03-01T00:00:00Z", "created_before": "2026-03-01T00:00:00Z"}, "created_after"),
        ({"newer_than_days": 10, "older_than_days": 20}, "newer_than_days"),
        ({"older_than_days": -1}, "older_than_days"),
        ({"newer_than_days": -1}, "newer_than_days"),
        ({"min_size_bytes": -1}, "min_size_bytes"),
        ({"min_duration_seconds": -5}, "min_duration_seconds"),
        ({"status": []}, "status"),
        ({"status": ["archived"]}, "status"),
        ({"status": ["purged"]}, "status"),  # admin
        ({"status": ["deleted", "purged"], "access_level": "user"}, "status"),
        ({"owner_email": "bob@example.com", "access_level": "user"}, "owner_email"),
        ({"owner_emails": ["bob@example.com"], "access_level": "user"}, "owner_emails"),
        ({"owner_id": "x", "access_level": "user"}, "owner_id"),
        ({"location_id": " "}, "location_id"),
        ({"topic": ""}, "topic"),
    ],
)
def test_a_wrong_option_is_named(options, option):
    with pytest.raises(OptionError) as caught:
        parse(**options)
    assert caught.value.option == option
    assert option in caught.value.message


def test_validate_selection_fails_the_module_naming_the_option():
    module = FakeModule(params(created_after="soon"))
    with pytest.raises(FakeModule.Exit) as caught:
        validate_selection(module)
    assert caught.value.failed and caught.value.result["option"] == "created_after"
    assert "created_after" in caught.value.result["msg"]


def test_valid_selections_pass():
    assert parse(status=["purged"], access_level="compliance_officer").statuses == ["purged"]
    assert parse(owner_emails=["a@example.com", "A@example.com", "b@example.com"]).owner_emails == ["a@example.com", "b@example.com"]
    assert parse(recording_ids=["a", "b", "a"]).recording_ids == ["a", "b"]


@pytest.mark.parametrize(
    ("options", "after", "before", "bounded"),
    [
        ({}, NOW - timedelta(days=365), NOW, False),
        ({"older_than_days": 90}, NOW - timedelta(days=365), NOW - timedelta(days=90), True),
        ({"newer_than_days": 7}, NOW - timedelta(days=7), NOW, True),
        ({"newer_than_days": 30, "older_than_days": 7}, NOW - timedelta(days=30), NOW - timedelta(days=7), True),
        ({"created_after": "2026-06-01"}, datetime(2026, 6, 1, tzinfo=timezone.utc), NOW, True),
        ({"created_after": "2026-06-01T00:00:00+02:00", "created_before": "2026-06-02T00:00:00Z"},
         datetime(2026, 5, 31, 22, tzinfo=timezone.utc), datetime(2026, 6, 2, tzinfo=timezone.utc), True),
    ],
)  # fmt: skip
def test_date_bounds(options, after, before, bounded):
    selection = parse(**options)
    assert (selection.list_from, selection.list_to, selection.date_bounded) == (after, before, bounded)


def test_a_lone_upper_bound_before_the_retention_period_selects_nothing_rather_than_failing():
    selection = parse(created_before="2020-01-01T00:00:00Z")
    assert selection.list_from > selection.list_to


@pytest.mark.parametrize(
    ("options", "statuses", "listings"),
    [
        ({}, ["available"], [{"status": "available"}]),
        ({"status": ["available", "deleted"]}, ["available"], [{"status": "available"}, {"status": "deleted"}]),
        ({"owner_emails": ["a@x.io", "b@x.io"]}, ["available", "deleted"],
         [{"status": "available", "owner_email": "a@x.io"}, {"status": "deleted", "owner_email": "a@x.io"},
          {"status": "available", "owner_email": "b@x.io"}, {"status": "deleted", "owner_email": "b@x.io"}]),
        ({"owner_id": "vl-1", "location_id": "loc", "topic": "Sales", "service_type": "calling"}, ["deleted"],
         [{"status": "deleted", "owner_id": "vl-1", "location_id": "loc", "topic": "Sales", "service_type": "calling"}]),
        # client-side filters never reach the query
        ({"min_size_bytes": 1, "call_session_id": "s", "exclude_recording_ids": ["x"]}, ["available"], [{"status": "available"}]),
    ],
)  # fmt: skip
def test_listings_one_per_owner_and_status(options, statuses, listings):
    assert parse(statuses=statuses, **options).listings() == listings


@pytest.mark.parametrize(
    ("options", "whole_owner"),
    [
        ({"owner_email": "alice@example.com"}, ("owner_email", "alice@example.com")),
        ({"owner_emails": ["alice@example.com"]}, ("owner_email", "alice@example.com")),
        ({"owner_id": "vl-1"}, ("owner_id", "vl-1")),
        ({"access_level": "user"}, ("me", None)),
        ({}, None),  # the whole organisation is not "one owner"
        ({"owner_emails": ["a@example.com", "b@example.com"]}, None),
        ({"owner_email": "alice@example.com", "status": ["available"]}, None),  # explicit status
        ({"owner_email": "alice@example.com", "older_than_days": 0}, None),
        ({"owner_email": "alice@example.com", "exclude_recording_ids": ["x"]}, None),
        ({"owner_email": "alice@example.com", "recording_ids": ["x"]}, None),
        ({"owner_email": "alice@example.com", "topic": "Sales"}, None),
        ({"owner_email": "alice@example.com", "min_duration_seconds": 10}, None),
        ({"access_level": "user", "newer_than_days": 3}, None),
    ],
)
def test_whole_owner_only_when_nothing_else_narrows_the_selection(options, whole_owner):
    assert parse(**options).whole_owner() == whole_owner


def test_client_side_filters():
    selection = parse(min_size_bytes=500, min_duration_seconds=30, call_session_id="s1", exclude_recording_ids=["skip"], topic="sales")
    good = recording("ok", size=500, duration=30, session="s1", topic="Weekly SALES call")
    assert selection.matches(good)
    assert not selection.matches(dict(good, id="skip"))
    assert not selection.matches(dict(good, sizeBytes=499))
    assert not selection.matches(dict(good, durationSeconds=29))
    assert not selection.matches(dict(good, serviceData={"callSessionId": "s2"}))
    assert not selection.matches(dict(good, topic="Support"))


def test_date_bounds_are_checked_on_create_time():
    selection = parse(created_after="2026-06-01T00:00:00Z", created_before="2026-06-02T00:00:00Z")
    assert selection.matches(recording(created="2026-06-01T00:00:00Z"))  # inclusive
    assert not selection.matches(recording(created="2026-06-02T00:00:00Z"))  # exclusive
    assert not selection.matches(recording(created="2026-05-31T23:59:59Z"))


def test_recordings_fetched_by_id_are_checked_against_every_filter():
    selection = parse(statuses=None, owner_emails=["Alice@Example.com"], location_id="loc-hq", service_type="calling", status=["available"])
    good = recording(owner="alice@example.com")
    assert selection.matches(good, fetched_by_id=True)
    assert not selection.matches(dict(good, status="deleted"), fetched_by_id=True)
    assert not selection.matches(dict(good, ownerEmail="bob@example.com"), fetched_by_id=True)
    assert not selection.matches(dict(good, serviceData={"locationId": "elsewhere"}), fetched_by_id=True)
    assert not selection.matches(dict(good, serviceType="customerAssist"), fetched_by_id=True)
    # a listing already applied those server-side
    assert selection.matches(dict(good, status="deleted"))


def test_newest_first_keeps_input_order_for_equal_times():
    items = [recording("a", created="2026-01-01T00:00:00Z"), recording("b", created="2026-03-01T00:00:00Z"), recording("c", created="2026-01-01T00:00:00Z")]
    assert [r["id"] for r in newest_first(items)] == ["b", "a", "c"]


@pytest.mark.parametrize("list_ids_above", [None, 100])
def test_no_recording_ids_select_nothing_without_a_request(list_ids_above):
    client, transport, _sleeps = fake_client([], concurrency=1)
    selected = select_recordings(client, params(recording_ids=[]), statuses=["available"], now=NOW, list_ids_above=list_ids_above)
    transport.assert_done()
    assert list(selected) == [] and selected.not_found == []
    assert selected.selection.whole_owner() is None  # never the one-call form for "everything"


def test_ids_are_fetched_by_details_404_is_not_found_and_the_result_is_newest_first():
    old = recording("old", created="2026-01-01T00:00:00Z")
    new = recording("new", created="2026-02-01T00:00:00Z", status="deleted")
    client, transport, _sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/old", json=old),
            Expect("GET", "/convergedRecordings/gone", status=404, json={"message": "Not Found", "trackingId": "T1"}),
            Expect("GET", "/convergedRecordings/new", json=new),
        ],
        concurrency=1,
    )
    selected = select_recordings(client, params(recording_ids=["old", "gone", "new", "skip"], exclude_recording_ids=["skip"]), statuses=["available"], now=NOW)
    transport.assert_done()
    # no status given: ids are reported whatever their status (the module default is not applied)
    assert [r["id"] for r in selected] == ["new", "old"]
    assert selected.not_found == ["gone"]


def test_a_year_is_13_windows_per_listing_and_several_listings_merge_newest_first():
    def window_pages(status, owner, items_by_window):
        expectations = []
        for index in range(13):
            query = {"max": "100", "status": status, "ownerEmail": owner}
            expectations.append(Expect("GET", LIST, json={"items": items_by_window.get(index, [])}, check=lambda request, q=query: _has(request, q)))
        return expectations

    a1 = recording("a1", created="2026-11-20T00:00:00Z", owner="a@example.com")
    a2 = recording("a2", created="2026-05-01T00:00:00Z", owner="a@example.com")
    b1 = recording("b1", created="2026-10-01T00:00:00Z", owner="b@example.com")
    client, transport, _sleeps = fake_client(
        window_pages("available", "a@example.com", {0: [a1], 7: [a2]}) + window_pages("available", "b@example.com", {1: [b1, a1]}), concurrency=1
    )
    selected = select_recordings(client, params(owner_emails=["a@example.com", "b@example.com"]), statuses=["available"], now=NOW)
    transport.assert_done()
    assert [r["id"] for r in selected] == ["a1", "b1", "a2"]  # a1 once, newest first


def _has(request, query):
    from urllib.parse import parse_qs, urlsplit

    got = dict((k, v[0]) for k, v in parse_qs(urlsplit(request.url).query).items())
    for key, value in query.items():
        assert got.get(key) == value, (key, got)
    assert "from" in got and "to" in got


@pytest.mark.parametrize(
    ("options", "statuses", "expected"),
    [
        ({}, ["available"], ["available", "deleted"]),
        ({}, ["deleted"], ["deleted", "available"]),
        ({"status": ["deleted"]}, ["available"], ["deleted", "available"]),
        ({"access_level": "user"}, ["deleted"], ["deleted", "available"]),
        ({"access_level": "compliance_officer"}, ["available"], ["available", "deleted", "purged"]),
        ({"access_level": "compliance_officer", "status": ["purged"]}, ["available"], ["purged", "available", "deleted"]),
    ],
)
def test_ids_are_looked_for_in_the_task_status_first_then_in_every_status_the_caller_can_list(options, statuses, expected):
    assert listable_statuses(parse(statuses=None, recording_ids=["x"], **options), statuses) == expected


def test_listed_items_are_filtered_and_reduced_to_the_fields_asked_for_as_their_page_arrives():
    keep_me = recording("a", created="2026-11-01T00:00:00Z", size=5000)
    too_small = recording("b", created="2026-10-01T00:00:00Z", size=10)
    client, transport, _sleeps = fake_client(year_listing("available", {0: [[keep_me]], 1: [[too_small]]}), concurrency=1)
    selected = select_recordings(client, params(min_size_bytes=1000), statuses=["available"], now=NOW, fields=("id", "createTime", "topic"))
    transport.assert_done()
    assert list(selected) == [{"id": "a", "createTime": "2026-11-01T00:00:00Z", "topic": "Call with Bob"}]


def test_many_ids_are_judged_on_every_filter_like_details_and_a_listed_mismatch_is_not_read_again():
    # 101 of alice's ids plus one of bob's, selected with owner_email alice: bob's recording is found by the listing
    # and left out (as its details would be), it is neither read by id nor "not found"
    alice = [recording("a%03d" % i, created="2026-11-%02dT00:00:00Z" % (1 + i % 20)) for i in range(101)]
    bob = recording("bob-1", owner="bob@example.com", created="2026-11-02T00:00:00Z")
    client, transport, _sleeps = fake_client(
        year_listing("available", {0: [alice[:100], alice[100:] + [bob]]}),
        concurrency=1,
    )
    ids = [r["id"] for r in alice] + ["bob-1"]
    selected = select_recordings(client, params(recording_ids=ids, owner_email="alice@example.com"), statuses=["available"], now=NOW, list_ids_above=100)
    transport.assert_done()
    assert sorted(r["id"] for r in selected) == sorted(r["id"] for r in alice)
    assert selected.not_found == []


def test_many_ids_of_a_user_are_listed_on_the_user_endpoint_and_the_rest_read_by_id():
    mine = [recording("m%03d" % i, created="2026-10-01T00:00:00Z", owner="dave@example.com") for i in range(120)]
    client, transport, _sleeps = fake_client(
        year_listing("available", {5: [mine[:100], mine[100:]]}, path=USER_LIST)
        + [Expect("GET", "/convergedRecordings/foreign-1", status=404, json={"message": "Not Found", "trackingId": "NF"})],
        concurrency=1,
    )
    ids = ["foreign-1"] + [r["id"] for r in mine]
    selected = select_recordings(client, params(recording_ids=ids, access_level="user"), "user", statuses=["available"], now=NOW, list_ids_above=100)
    transport.assert_done()
    assert len(selected) == 120 and selected.not_found == ["foreign-1"]


def test_many_ids_with_no_listable_range_are_read_by_id():
    # a lone upper bound before the retention year: nothing to list, so every id is read as before
    client, transport, _sleeps = fake_client(
        [Expect("GET", "/convergedRecordings/x%03d" % i, status=404, json={"message": "Not Found", "trackingId": "NF"}) for i in range(101)],
        concurrency=1,
    )
    ids = ["x%03d" % i for i in range(101)]
    selected = select_recordings(client, params(recording_ids=ids, created_before="2020-01-01T00:00:00Z"), statuses=["available"], now=NOW, list_ids_above=100)
    transport.assert_done()
    assert list(selected) == [] and selected.not_found == ids
