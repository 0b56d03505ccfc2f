"""Custom reports from the metadata export (_metadata_report): grouping by any column, metrics, the longest calls."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_report import (
    CallReport,
    check_group_by,
    human_duration,
    key_value,
    message_lines,
    row_from_file,
    summary_of,
)


def call(rid, start, seconds, location="loc-hq", direction="inbound", owner="alice@example.com", size=None, create=None):
    return {
        "recording_id": rid,
        "create_time": create or start,
        "start_time": start,
        "duration_seconds": seconds,
        "size_bytes": size if size is not None else seconds * 100,
        "location_id": location,
        "direction": direction,
        "owner_email": owner,
        "remote_number": "+1202555%04d" % seconds,
        "call_session_id": "s-" + rid,
        "topic": "t",
    }


CALLS = [
    call("a", "2026-11-02T09:00:00Z", 60),
    call("b", "2026-11-02T10:00:00Z", 600, location="loc-branch", direction="outbound"),
    call("c", "2026-11-03T23:59:59Z", 30),
    call("d", "2026-11-03T08:00:00Z", 600, direction="outbound", owner="bob@example.com"),
    call("e", "", 5, location="", direction="", create="2026-11-04T01:00:00Z"),
]


def groups(report, *keys):
    return [tuple(group[key] for key in keys) for group in report["groups"]]


@pytest.mark.parametrize(
    "group_by, metric, expected",
    [
        # (label, count, duration, size), ordered by the metric, largest first, then by label.
        (["location"], "count", [("loc-hq", 3, 690, 69000), ("(none)", 1, 5, 500), ("loc-branch", 1, 600, 60000)]),
        (["location"], "duration", [("loc-hq", 3, 690, 69000), ("loc-branch", 1, 600, 60000), ("(none)", 1, 5, 500)]),
        (["direction"], "count", [("inbound", 2, 90, 9000), ("outbound", 2, 1200, 120000), ("(none)", 1, 5, 500)]),
        (["direction"], "size", [("outbound", 2, 1200, 120000), ("inbound", 2, 90, 9000), ("(none)", 1, 5, 500)]),
        (["owner"], "count", [("alice@example.com", 4, 695, 69500), ("bob@example.com", 1, 600, 60000)]),
        # The day of the start; of the creation when the metadata had no start.
        (["day"], "count", [("2026-11-02", 2, 660, 66000), ("2026-11-03", 2, 630, 63000), ("2026-11-04", 1, 5, 500)]),
        (["month"], "count", [("2026-11", 5, 1295, 129500)]),
        (["hour"], "duration", [("10", 1, 600, 60000), ("08", 1, 600, 60000), ("09", 1, 60, 6000), ("23", 1, 30, 3000), ("01", 1, 5, 500)]),
        # Calls per location per day: the combination.
        (
            ["location", "day"],
            "count",
            [
                ("loc-hq / 2026-11-03", 2, 630, 63000),
                ("(none) / 2026-11-04", 1, 5, 500),
                ("loc-branch / 2026-11-02", 1, 600, 60000),
                ("loc-hq / 2026-11-02", 1, 60, 6000),
            ],
        ),
        (
            ["location_id", "direction"],
            "duration",
            [("loc-hq / outbound", 1, 600, 60000), ("loc-branch / outbound", 1, 600, 60000), ("loc-hq / inbound", 2, 90, 9000), ("(none) / (none)", 1, 5, 500)],
        ),
    ],
)
def test_grouping_by_any_column(group_by, metric, expected):
    report = CallReport(group_by, metric).add_all(CALLS).as_dict()
    # Equal metrics are ordered by label, whatever order the calls came in.
    if metric == "duration" and group_by == ["hour"]:
        expected = sorted(expected[:2]) + expected[2:]
    if metric == "duration" and group_by == ["location_id", "direction"]:
        expected = sorted(expected[:2]) + expected[2:]
    assert groups(report, "label", "count", "duration_seconds", "size_bytes") == expected
    assert report["totals"] == {"calls": 5, "duration_seconds": 1295, "size_bytes": 129500, "groups": len(expected)}
    assert sum(group["count"] for group in report["groups"]) == 5
    # Each group names its key under the name it was asked by.
    first = report["groups"][0]
    assert " / ".join(first[name] for name in group_by) == first["label"]


def test_a_time_key_alone_is_also_given_in_time_order():
    report = CallReport(["weekday"], "duration").add_all(CALLS).as_dict()
    # 2026-11-02 is a Monday.
    assert [group["label"] for group in report["timeline"]] == ["Mon", "Tue", "Wed"]
    assert [group["label"] for group in report["groups"]] == ["Mon", "Tue", "Wed"]
    by_location = CallReport(["location"]).add_all(CALLS).as_dict()
    assert "timeline" not in by_location and "timeline" not in CallReport(["location", "day"]).add_all(CALLS).as_dict()


def test_location_names_replace_ids_and_averages_are_rounded():
    report = CallReport(["location"], "count", location_names={"loc-hq": "Headquarters"}).add_all(CALLS).as_dict()
    assert report["groups"][0]["location"] == "Headquarters" and report["groups"][0]["average_duration_seconds"] == 230


@pytest.mark.parametrize(
    "count, expected",
    [
        (0, []),
        (1, ["b"]),
        # Two calls of 600 s: the one read first comes first.
        (2, ["b", "d"]),
        (3, ["b", "d", "a"]),
        (10, ["b", "d", "a", "c", "e"]),
    ],
)
def test_the_longest_calls(count, expected):
    report = CallReport(["location"], longest_count=count).add_all(CALLS).as_dict()
    assert [row["recording_id"] for row in report["longest"]] == expected
    if expected:
        assert set(report["longest"][0]) >= {"recording_id", "start_time", "duration_seconds", "remote_number", "call_session_id"}


def test_rows_read_back_from_csv_have_numbers():
    row = row_from_file({"duration_seconds": "61", "size_bytes": "", "direction": "inbound"})
    assert (row["duration_seconds"], row["size_bytes"]) == (61, 0)
    assert row_from_file({"duration_seconds": "x"})["duration_seconds"] == 0
    report = CallReport(["direction"]).add_all([{"duration_seconds": "61", "size_bytes": "1000", "direction": "inbound"}]).as_dict()
    assert report["totals"] == {"calls": 1, "duration_seconds": 61, "size_bytes": 1000, "groups": 1}


@pytest.mark.parametrize(
    "row, key, expected",
    [
        ({"start_time": "2026-11-02T23:30:00-02:00"}, "day", "2026-11-03"),  # UTC
        ({"start_time": "garbage", "create_time": "2026-11-05T00:00:00Z"}, "day", "2026-11-05"),
        ({}, "day", "(none)"),
        ({"start_time": "2026-11-08T12:00:00Z"}, "weekday", "Sun"),
        ({"topic": "Call"}, "topic", "Call"),
        ({"topic": ""}, "topic", "(none)"),
        ({"size_bytes": 0}, "size_bytes", "0"),
    ],
)
def test_key_values(row, key, expected):
    assert key_value(row, key) == expected


@pytest.mark.parametrize(
    "group_by, text",
    [
        ([], "at least one column"),
        (["country"], "'country' is not a column of the export"),
        (["location", "location_id"], "names location_id twice"),
    ],
)
def test_group_by_errors_name_the_option(group_by, text):
    with pytest.raises(OptionError) as error:
        check_group_by(group_by)
    assert error.value.option == "group_by" and text in error.value.message


def test_an_unknown_metric_names_the_option():
    with pytest.raises(OptionError) as error:
        CallReport(["day"], "average")
    assert error.value.option == "metric"


@pytest.mark.parametrize("seconds, text", [(0, "0 s"), (59, "59 s"), (61, "1 min 01 s"), (3600, "1 h 00 min"), (90061, "25 h 01 min")])
def test_durations_for_people(seconds, text):
    assert human_duration(seconds) == text


def test_summary_and_lines():
    report = CallReport(["direction"], "duration").add_all(CALLS).as_dict(title="Calls")
    assert summary_of(report) == {
        "calls": 5,
        "duration_seconds": 1295,
        "size_bytes": 129500,
        "groups": 3,
        "by_direction": {"inbound": 2, "outbound": 2, "unknown": 1},
        "top_group": "outbound",
    }
    lines = message_lines(report, {"html": "/r/calls.html"})
    assert lines[0] == "Calls" and lines[1] == "Calls: 5, 21 min 35 s in total, 129,500 bytes; 3 groups by direction"
    assert "  outbound: 20 min 00 s" in lines and lines[-1] == "Report: /r/calls.html"
    assert "Longest call: 10 min 00 s, b (2026-11-02T10:00:00Z)" in lines
