"""List and admin list: windows, defaults, filters, validation, ordering, timezone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import (
    A1,
    A2,
    A3_DELETED,
    A4_PURGED,
    A5_OLD,
    A6_VERY_OLD,
    A7_PREVENT,
    ADMIN,
    ALICE,
    ALICE_ID,
    B1,
    B2_DELETED,
    C1,
    CO,
    CO1,
    CQ1,
    D1,
    HQ,
    LONDON,
    PLACE1,
    VL1,
    Api,
)

from webex_sim.testing import SimulatorProcess

LIST = "/convergedRecordings"
ADMIN_LIST = "/admin/convergedRecordings"


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now() -> datetime:
    return datetime.now(UTC)


def test_user_default_window_is_last_7_days_own_available(api):
    assert api.ids(LIST, ALICE) == [A1, A7_PREVENT, A2]


def test_admin_default_window_is_the_org(api):
    # B1, PLACE1 and CO1 share `-1d`: createTime descending, ties by id descending.
    expected = [CQ1, A1, C1, VL1, A7_PREVENT, D1, PLACE1, CO1, B1, A2]
    assert api.ids(ADMIN_LIST, ADMIN, params={"max": 100}) == expected


def test_status_deleted_is_the_recycle_bin(api):
    assert api.ids(LIST, ALICE, params={"status": "deleted"}) == [A3_DELETED]
    assert api.ids(ADMIN_LIST, ADMIN, params={"status": "deleted"}) == [A3_DELETED, B2_DELETED]


def test_purged_only_for_compliance_officer(api):
    assert api.get(ADMIN_LIST, ADMIN, params={"status": "purged"}).status_code == 403
    assert api.get(LIST, ALICE, params={"status": "purged"}).status_code == 400
    assert api.ids(ADMIN_LIST, CO, params={"status": "purged"}, purged=True) == [A4_PURGED]


def test_from_inclusive_to_exclusive(api):
    item = api.get(f"/convergedRecordings/{A2}", ALICE).json()
    t = item["createTime"]
    assert api.ids(LIST, ALICE, params={"from": t, "to": iso(now())}) == [A1, A7_PREVENT, A2]
    at = datetime.fromisoformat(t)
    assert A2 not in api.ids(LIST, ALICE, params={"from": iso(at - timedelta(days=1)), "to": t})
    assert api.ids(LIST, ALICE, params={"from": iso(at - timedelta(days=1)), "to": iso(at + timedelta(seconds=1))}) == [
        A2
    ]


def test_from_only_means_seven_days_after_from(api):
    start = now() - timedelta(days=12)
    # 7 days from `start` ends 5 days ago: only the 10-day-old recording.
    assert api.ids(LIST, ALICE, params={"from": iso(start)}) == [A5_OLD]


def test_to_only_means_seven_days_before_to(api):
    end = now() - timedelta(days=5)
    assert api.ids(LIST, ALICE, params={"to": iso(end)}) == [A5_OLD]


@pytest.mark.parametrize("path,token", [(LIST, ALICE), (ADMIN_LIST, ADMIN)])
def test_windows_over_30_days_rejected_on_both_endpoints(api, path, token):
    end = now()
    resp = api.get(path, token, params={"from": iso(end - timedelta(days=30, seconds=1)), "to": iso(end)})
    assert resp.status_code == 400
    assert "30 days" in resp.json()["message"]
    ok = api.get(path, token, params={"from": iso(end - timedelta(days=30)), "to": iso(end)})
    assert ok.status_code == 200


def test_old_recordings_need_an_old_window(api):
    end = now() - timedelta(days=40)
    assert api.ids(LIST, ALICE, params={"from": iso(end - timedelta(days=10)), "to": iso(end)}) == [A6_VERY_OLD]


@pytest.mark.parametrize("path,token", [(LIST, ALICE), (ADMIN_LIST, ADMIN)])
def test_from_after_to_rejected(api, path, token):
    resp = api.get(path, token, params={"from": iso(now()), "to": iso(now() - timedelta(hours=1))})
    assert resp.status_code == 400


def test_from_equal_to_is_an_empty_window(api):
    t = iso(now())
    assert api.ids(LIST, ALICE, params={"from": t, "to": t}) == []


@pytest.mark.parametrize("value", ["0", "101", "-1", "ten", "10.5", ""])
def test_max_out_of_range_rejected(api, value):
    assert api.get(LIST, ALICE, params={"max": value}).status_code == 400


@pytest.mark.parametrize("value", ["1", "100"])
def test_max_bounds_accepted(api, value):
    assert api.get(ADMIN_LIST, ADMIN, params={"max": value}).status_code == 200


@pytest.mark.parametrize("value", ["2024-13-01T00:00:00Z", "yesterday", "2024-10-04 16:24:25 08:00"])
def test_bad_timestamps_rejected(api, value):
    assert api.get(LIST, ALICE, params={"from": value}).status_code == 400


def test_offsets_and_naive_times_accepted(api):
    end = now().astimezone(datetime.now().astimezone().tzinfo)
    params = {"from": (end - timedelta(days=1)).isoformat(), "to": end.isoformat()}
    assert api.ids(LIST, ALICE, params=params) == [A1, A7_PREVENT]
    naive = {"from": (now() - timedelta(days=1)).replace(tzinfo=None).isoformat(), "to": iso(now())}
    assert api.ids(LIST, ALICE, params=naive) == [A1, A7_PREVENT]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"serviceType": "customerAssist"}, [CQ1]),
        ({"ownerType": "virtualLine"}, [VL1]),
        ({"ownerType": "place"}, [PLACE1]),
        ({"ownerType": "callQueue"}, [CQ1]),
        ({"storageRegion": "GB"}, [B1, PLACE1]),
        ({"storageRegion": "DE"}, [C1]),
        ({"locationId": LONDON}, [B1, PLACE1]),
        ({"topic": "LOBBY"}, [PLACE1]),
        ({"topic": "call with"}, [CQ1, A1, C1, A7_PREVENT, D1, B1, A2]),
        ({"ownerEmail": "ALICE@example.com"}, [A1, A7_PREVENT, A2]),
        ({"ownerId": ALICE_ID}, [A1, A7_PREVENT, A2]),
        ({"ownerEmail": "nobody@example.com"}, []),
        (
            {"format": "MP3", "ownerType": "user", "locationId": HQ, "serviceType": "calling", "topic": "confidential"},
            [A7_PREVENT],
        ),
    ],
)
def test_admin_filters(api, params, expected):
    ids = api.ids(ADMIN_LIST, ADMIN, params={"max": 100, **params})
    assert sorted(ids) == sorted(expected)


def test_user_filters_and_admin_only_params_ignored_for_users(api):
    assert api.ids(LIST, ALICE, params={"topic": "BOB"}) == [A1]
    # ownerEmail is an admin-list parameter: the user list ignores it and still shows only the caller's own.
    assert api.ids(LIST, ALICE, params={"ownerEmail": "bob@example.com"}) == [A1, A7_PREVENT, A2]


@pytest.mark.parametrize(
    "param,value",
    [
        ("status", "trash"),
        ("status", ""),
        ("serviceType", "meeting"),
        ("format", "mp3"),
        ("ownerType", "USER"),
        ("storageRegion", "United States"),
    ],
)
@pytest.mark.parametrize("path,token", [(LIST, ALICE), (ADMIN_LIST, ADMIN)])
def test_bad_enum_values_rejected(api, path, token, param, value):
    assert api.get(path, token, params={param: value}).status_code == 400


def test_unknown_query_parameters_ignored(api):
    assert api.ids(LIST, ALICE, params={"sortBy": "topic", "foo": "bar"}) == [A1, A7_PREVENT, A2]


def test_list_items_never_have_links(api):
    for path, token in ((LIST, ALICE), (ADMIN_LIST, CO)):
        for item in api.get(path, token, params={"max": 100}).json()["items"]:
            assert "temporaryDirectDownloadLinks" not in item


def test_timezone_header_changes_offsets(api):
    utc = api.get(LIST, ALICE).json()["items"][0]
    shanghai = api.get(LIST, ALICE, headers={"timezone": "Asia/Shanghai"}).json()["items"][0]
    admin = api.get(ADMIN_LIST, ADMIN, headers={"timezone": "America/New_York"}).json()["items"][0]
    assert utc["createTime"].endswith("Z")
    assert shanghai["createTime"].endswith("+08:00")
    assert admin["createTime"][-6:] in ("-05:00", "-04:00")
    assert datetime.fromisoformat(utc["createTime"]) == datetime.fromisoformat(shanghai["createTime"])
    assert datetime.fromisoformat(utc["timeRecorded"]) == datetime.fromisoformat(shanghai["timeRecorded"])


@pytest.mark.parametrize("path,token", [(LIST, ALICE), (ADMIN_LIST, ADMIN)])
def test_unknown_timezone_rejected(api, path, token):
    resp = api.get(path, token, headers={"timezone": "Europe/Atlantis"})
    assert resp.status_code == 400
    assert "timezone" in resp.json()["message"]


def test_timezone_query_parameter_is_not_honoured(api):
    """wxc_sdk sends `timezone` as a query parameter; the spec defines a header, so the simulator ignores it."""
    item = api.get(LIST, ALICE, params={"timezone": "Asia/Shanghai"}).json()["items"][0]
    assert item["createTime"].endswith("Z")


def test_recording_fields(api):
    item = next(i for i in api.get(ADMIN_LIST, ADMIN, params={"max": 100}).json()["items"] if i["id"] == VL1)
    assert item["ownerType"] == "virtualLine"
    assert item["ownerEmail"] == "frontdesk-vl@example.com"
    assert set(item["serviceData"]) == {"locationId", "callSessionId"}
    assert item["format"] == "MP3"


def test_order_ties_broken_by_id(tmp_path):
    fixture = {
        "people": [{"email": "u@example.com", "token": "u"}],
        "recordings": [
            {"id": rid, "owner": "u@example.com", "create_time": "-1h"} for rid in ("r-b", "r-a", "r-c", "r-0")
        ],
    }
    path = tmp_path / "ties.json"
    path.write_text(json.dumps(fixture))
    with SimulatorProcess("--fixture", str(path)) as sim:
        api = Api(sim)
        assert api.ids(LIST, "u") == ["r-c", "r-b", "r-a", "r-0"]
