"""The report renderer: numbers from an inventory and a run's steps, CSV and self-contained HTML."""

import csv
import io
import json
import os
import re
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._client import format_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._report_csv import render_csv
from ansible_collections.wxc.recordings.plugins.module_utils._report_files import write_report
from ansible_collections.wxc.recordings.plugins.module_utils._report_html import render_html
from ansible_collections.wxc.recordings.plugins.module_utils._report_rows import rows_from_steps
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import (
    CSV_COLUMNS,
    build_report,
    human_bytes,
    message_text,
    public,
    read_inventory,
)

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)


def rec(rid, days, status="available", owner="alice@example.com", size=1000, location="hq", topic="Call"):
    """A recording in recording_info's snake_case form."""
    return {
        "id": rid,
        "create_time": format_datetime(NOW - timedelta(days=days)),
        "status": status,
        "owner_email": owner,
        "location_id": location,
        "size_bytes": size,
        "duration_seconds": 10,
        "topic": topic,
    }


INVENTORY = [
    rec("a", 1, size=3000),
    rec("b", 40, size=2000, owner="bob@example.com", location="london"),
    rec("c", 100, size=1000, status="deleted"),
    rec("d", 400, size=500, owner="bob@example.com"),
    rec("p", 5, size=9999, status="purged"),
]


@pytest.mark.parametrize(
    "step, expected",
    [
        # A mutating module's result: outcomes in the reports' vocabulary, the new owner of a reassign.
        (
            {"action": "reassign", "result": {"recordings": [{"id": "a", "outcome": "changed", "after": {"owner_email": "s@example.com"}}]}},
            [("a", "reassign", "done", "s@example.com")],
        ),
        ({"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "would_change"}]}}, [("a", "trash", "would", None)]),
        (
            {"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "unchanged"}], "not_found": ["x"]}},
            [("a", "trash", "unchanged", None), ("x", "trash", "not_found", None)],
        ),
        # recording_archive's outcomes.
        (
            {"action": "archive", "result": {"recordings": [{"id": "a", "outcome": "downloaded"}, {"id": "b", "outcome": "skipped"}]}},
            [("a", "archive", "done", None), ("b", "archive", "skipped", None)],
        ),
        (
            {"action": "archive", "result": {"recordings": [{"id": "a", "outcome": "would_download"}, {"id": "b", "outcome": "failed"}]}},
            [("a", "archive", "would", None), ("b", "archive", "failed", None)],
        ),
        (
            {"action": "verify", "result": {"recordings": [{"id": "a", "outcome": "verified"}, {"id": "b", "outcome": "mismatch"}]}},
            [("a", "verify", "done", None), ("b", "verify", "failed", None)],
        ),
        # Rows given by the role: several ids with one outcome, or rows with their own action.
        (
            {"action": "trash", "ids": ["a", "b"], "outcome": "refused", "reason": "archive not verified"},
            [("a", "trash", "refused", None), ("b", "trash", "refused", None)],
        ),
        (
            {"action": "plan", "recordings": [{"id": "a", "action": "trash", "outcome": "refused", "reason": "status changed"}]},
            [("a", "trash", "refused", None)],
        ),
        # A skipped task adds nothing.
        ({"action": "trash", "result": {"skipped": True, "changed": False}}, []),
    ],
)
def test_rows_from_steps(step, expected):
    rows = rows_from_steps([step])
    assert [(r["id"], r["action"], r["outcome"], r.get("new_owner_email")) for r in rows] == expected


def test_rows_get_their_rule_and_reason():
    rows = rows_from_steps(
        [{"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "failed", "reason": "HTTP 500"}]}}],
        plan_entries=[{"id": "a", "rule": "old"}],
    )
    assert (rows[0]["rule"], rows[0]["reason"]) == ("old", "HTTP 500")


def test_storage_numbers():
    report = build_report(INVENTORY, quota_gb=10000.0 / 1e9, target_gb=8000.0 / 1e9, now=NOW)
    storage = report["storage"]
    assert (storage["available_count"], storage["available_bytes"]) == (3, 5500)
    assert (storage["deleted_count"], storage["deleted_bytes"], storage["purged_count"]) == (1, 1000, 1)
    assert (storage["quota_bytes"], storage["target_bytes"], storage["used_percent"]) == (10000, 8000, 55.0)
    assert storage["after"]["available_bytes"] == 5500  # no step: nothing moves
    assert report["totals"] == {"count": 4, "bytes": 6500, "owners": 2, "locations": 2}
    assert report["recycle_bin"]["count"] == 1 and report["recycle_bin"]["items"][0]["id"] == "c"


def test_breakdowns():
    report = build_report(INVENTORY, now=NOW)
    assert [(o["owner"], o["count"], o["bytes"], o["available_bytes"], o["deleted_bytes"]) for o in report["by_owner"]] == [
        ("alice@example.com", 2, 4000, 3000, 1000),
        ("bob@example.com", 2, 2500, 2500, 0),
    ]
    assert [(loc["location"], loc["bytes"]) for loc in report["by_location"]] == [("hq", 4500), ("london", 2000)]
    assert [(m["month"], m["bytes"]) for m in report["by_month"]] == [("2025-04", 500), ("2026-02", 1000), ("2026-04", 2000), ("2026-05", 3000)]
    assert [(b["bucket"], b["count"]) for b in report["age_histogram"]] == [
        ("0-30 days", 1),
        ("31-90 days", 1),
        ("91-180 days", 1),
        ("181-270 days", 0),
        ("271-365 days", 0),
        ("over 365 days", 1),
    ]
    assert [r["id"] for r in report["oldest"]] == ["d", "b", "a"]  # available only, oldest first


def test_after_follows_what_was_done_or_would_be():
    steps = [
        {"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "changed"}, {"id": "b", "outcome": "failed"}]}},
        {"action": "purge", "result": {"recordings": [{"id": "c", "outcome": "would_change"}]}},
    ]
    report = build_report(INVENTORY, steps=steps, now=NOW, quota_gb=10000.0 / 1e9)
    after = report["storage"]["after"]
    assert (after["available_count"], after["available_bytes"]) == (2, 2500)  # a trashed; b failed, still there
    assert (after["deleted_count"], after["deleted_bytes"]) == (1, 3000)  # c purged, a in the bin
    assert report["actions"]["by_action"] == {"trash": {"done": 1, "failed": 1}, "purge": {"would": 1}}
    assert report["actions"]["by_outcome"] == {"done": 1, "failed": 1, "would": 1}


def test_csv_lists_actions_or_the_inventory():
    with_steps = build_report(INVENTORY, steps=[{"action": "trash", "ids": ["a"], "outcome": "done"}], now=NOW)
    rows = list(csv.DictReader(io.StringIO(render_csv(with_steps))))
    assert [(r["id"], r["action"], r["outcome"], r["owner_email"], r["size_bytes"]) for r in rows] == [("a", "trash", "done", "alice@example.com", "3000")]
    inventory_only = list(csv.DictReader(io.StringIO(render_csv(build_report(INVENTORY, now=NOW)))))
    assert sorted(r["id"] for r in inventory_only) == ["a", "b", "c", "d", "p"]  # the whole inventory, purged ones too
    assert list(inventory_only[0].keys()) == list(CSV_COLUMNS)


def metrics(html):
    """``{data-metric: data-value}`` of the rendered page."""
    return dict(re.findall(r'data-metric="([^"]+)" data-value="([^"]*)"', html))


def test_html_numbers_are_the_json_numbers():
    report = build_report(INVENTORY, steps=[{"action": "trash", "ids": ["a"], "outcome": "done"}], now=NOW, target_gb=0.5)
    html = render_html(report)
    shown = metrics(html)
    assert shown["storage.available_bytes"] == str(report["storage"]["available_bytes"])
    assert shown["storage.available_count"] == str(report["storage"]["available_count"])
    assert shown["recycle_bin.count"] == "1"
    assert shown["storage.used_percent"] == str(report["storage"]["used_percent"])
    assert shown["storage.after.used_percent"] == str(report["storage"]["after"]["used_percent"])
    assert shown["actions.count"] == "1"
    assert shown["by_owner.0.bytes"] == str(report["by_owner"][0]["bytes"])
    assert shown["age_histogram.3.count"] == "0"
    assert ">%s<" % human_bytes(report["storage"]["available_bytes"]) in html


def test_html_is_self_contained_and_escaped():
    hostile = [rec("x", 1, topic='<script>alert("x")</script>', owner='"><img src=x>')]
    html = render_html(build_report(hostile, now=NOW, facts={"note": "<b>bold</b>"}))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "alert" not in html
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert "<link" not in html and "@import" not in html
    assert html.count("<svg") >= 5


def test_dry_run_is_marked():
    assert "Dry run" in render_html(build_report(INVENTORY, dry_run=True, now=NOW))
    assert "Dry run" not in render_html(build_report(INVENTORY, now=NOW))


def test_write_report_and_read_inventory(tmp_path):
    inventory = tmp_path / "inventory.jsonl"
    # recording_info's snake_case lines and API objects both read.
    api_object = {
        "id": "z",
        "createTime": format_datetime(NOW),
        "status": "available",
        "ownerEmail": "z@example.com",
        "sizeBytes": 7,
        "serviceData": {"locationId": "hq"},
    }
    inventory.write_text(json.dumps(INVENTORY[0]) + "\n\n" + json.dumps(api_object) + "\n")
    read = list(read_inventory(str(inventory)))
    assert [(r["id"], r["owner_email"], r["size_bytes"], r["location_id"]) for r in read] == [
        ("a", "alice@example.com", 3000, "hq"),
        ("z", "z@example.com", 7, "hq"),
    ]
    report = build_report(read, now=NOW)
    files = write_report(report, str(tmp_path), "r", mode=0o640)
    assert sorted(files) == ["csv", "html", "json"]
    for path in files.values():
        assert oct(os.stat(path).st_mode & 0o777) == "0o640"
    with open(files["json"]) as handle:
        assert json.load(handle) == json.loads(json.dumps(public(report)))
    assert not [name for name in os.listdir(str(tmp_path)) if name.endswith(".part")]


def test_message_text():
    report = build_report(INVENTORY, steps=[{"action": "trash", "ids": ["a"], "outcome": "done"}], facts={"leaver": "alice@example.com"}, now=NOW)
    text = message_text(report, {"html": "/srv/r.html"})
    assert "leaver: alice@example.com" in text
    assert "trash: done 1" in text
    assert "Report: /srv/r.html" in text
