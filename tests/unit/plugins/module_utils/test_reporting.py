"""The report renderer: numbers from an inventory and a run's steps, CSV and self-contained HTML."""

import base64
import csv
import io
import json
import os
import re
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._report_csv import render_csv
from ansible_collections.wxc.recordings.plugins.module_utils._report_files import write_report
from ansible_collections.wxc.recordings.plugins.module_utils._report_html import render_html
from ansible_collections.wxc.recordings.plugins.module_utils._report_rows import rows_from_steps
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import (
    human_bytes,
    human_value,
    message_lines,
    message_text,
    offboarding_preview,
    preview_lines,
)
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import CSV_COLUMNS, build_report, location_name, location_uuid, public, read_inventory

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
            [("a", "reassign", "changed", "s@example.com")],
        ),
        ({"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "would_change"}]}}, [("a", "trash", "would_change", None)]),
        (
            {"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "unchanged"}], "not_found": ["x"]}},
            [("a", "trash", "unchanged", None), ("x", "trash", "not_found", None)],
        ),
        # recording_archive's outcomes.
        (
            {"action": "archive", "result": {"recordings": [{"id": "a", "outcome": "downloaded"}, {"id": "b", "outcome": "skipped"}]}},
            [("a", "archive", "changed", None), ("b", "archive", "skipped", None)],
        ),
        (
            {"action": "archive", "result": {"recordings": [{"id": "a", "outcome": "would_download"}, {"id": "b", "outcome": "failed"}]}},
            [("a", "archive", "would_change", None), ("b", "archive", "failed", None)],
        ),
        (
            {"action": "verify", "result": {"recordings": [{"id": "a", "outcome": "verified"}, {"id": "b", "outcome": "mismatch"}]}},
            [("a", "verify", "unchanged", None), ("b", "verify", "failed", None)],
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
    assert report["actions"]["by_action"] == {"trash": {"changed": 1, "failed": 1}, "purge": {"would_change": 1}}
    assert report["actions"]["by_outcome"] == {"changed": 1, "failed": 1, "would_change": 1}


def test_csv_lists_actions_or_the_inventory():
    with_steps = build_report(INVENTORY, steps=[{"action": "trash", "ids": ["a"], "outcome": "changed"}], now=NOW)
    rows = list(csv.DictReader(io.StringIO(render_csv(with_steps))))
    assert [(r["id"], r["action"], r["outcome"], r["owner_email"], r["size_bytes"]) for r in rows] == [("a", "trash", "changed", "alice@example.com", "3000")]
    inventory_only = list(csv.DictReader(io.StringIO(render_csv(build_report(INVENTORY, now=NOW)))))
    assert sorted(r["id"] for r in inventory_only) == ["a", "b", "c", "d", "p"]  # the whole inventory, purged ones too
    assert list(inventory_only[0].keys()) == list(CSV_COLUMNS)


def test_csv_topics_never_start_a_formula():
    inventory = [rec("a", 100, topic="=HYPERLINK(\"http://x\",\"y\")"), rec("b", 100, topic="- weekly sync"), rec("c", 100, topic="Plain")]
    rows = list(csv.DictReader(io.StringIO(render_csv(build_report(inventory, now=NOW)))))
    assert dict((r["id"], r["topic"]) for r in rows) == {"a": "'=HYPERLINK(\"http://x\",\"y\")", "b": "'- weekly sync", "c": "Plain"}


def metrics(html):
    """``{data-metric: data-value}`` of the rendered page."""
    return dict(re.findall(r'data-metric="([^"]+)" data-value="([^"]*)"', html))


def test_html_numbers_are_the_json_numbers():
    report = build_report(INVENTORY, steps=[{"action": "trash", "ids": ["a"], "outcome": "changed"}], now=NOW, target_gb=0.5)
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
    report = build_report(INVENTORY, steps=[{"action": "trash", "ids": ["a"], "outcome": "changed"}], facts={"leaver": "alice@example.com"}, now=NOW)
    lines = message_lines(report, {"html": "/srv/r.html"})
    assert message_text(report, {"html": "/srv/r.html"}) == "\n".join(lines)
    assert lines[0] == "Webex Calling recordings"
    assert "Leaver: alice@example.com" in lines
    assert "Trash: trashed 1 recording, 3.00 kB" in lines
    assert lines[-1] == "Report: /srv/r.html"
    assert any(line.startswith("Storage after: 2.50 kB of the 100.00 GB quota") for line in lines)


# A line for people never shows a Python repr, a snake_case key, or a number without separators.
REPR = re.compile(r"[{}\[\]]|'\w+':|\b[a-z]+_[a-z_]+\b|\d{4,}")


def test_message_lines_are_for_people():
    facts = {
        "planned_by_action": {"archive": 0, "trash": 67800},
        "held_by_legal_hold": "1234",
        "tracking_ids": ["t%02d" % n for n in range(25)],
        "purge_enabled": True,
        "downloaded_bytes": 285000000,
        "archive_step_failed": "-",
    }
    lines = message_lines(build_report(INVENTORY, facts=facts, now=NOW))
    assert isinstance(lines, list) and all(isinstance(line, str) and "\n" not in line for line in lines)
    assert "Planned by action: archive 0, trash 67,800" in lines
    assert "Held by legal hold: 1,234" in lines
    assert "Purge enabled: yes" in lines
    assert "Downloaded bytes: 285.00 MB" in lines
    assert "Tracking ids: t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12, t13, t14, t15, t16, t17, t18, t19 and 5 more" in lines
    for line in lines:
        assert not REPR.search(line), line
    # The storage line says which statuses it counts.
    assert "Storage: 5.50 kB of the 100.00 GB quota (0.0%) in 3 recordings available; recycle bin 1 recording, 1.00 kB (not in the quota figure)" in lines
    assert lines[-1] == "Nothing was done."


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("count", 1234567, "1,234,567"),
        ("count", "42000", "42,000"),
        ("size_bytes", 1500, "1.50 kB"),
        ("enabled", "False", "no"),
        ("by_rule", {}, "none"),
        ("by_rule", {"old_calls": 3, "b": 1000}, "b 1,000, old calls 3"),
        ("ids", [], "none"),
        ("note", None, "-"),
        ("note", "as is", "as is"),
    ],
)
def test_human_value(key, value, expected):
    assert human_value(key, value) == expected


def test_dry_run_lines_speak_in_the_conditional():
    steps = [
        {"action": "archive", "result": {"recordings": [{"id": "a", "outcome": "would_download"}]}},
        {"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "would_change"}, {"id": "b", "outcome": "unchanged"}]}},
        {"action": "hold", "recordings": [{"id": "d", "outcome": "held"}]},
    ]
    lines = message_lines(build_report(INVENTORY, steps=steps, dry_run=True, now=NOW))
    assert lines[0] == "Webex Calling recordings - DRY RUN: nothing was changed, numbers say what a real run would do"
    assert "Archive: would archive 1 recording, 3.00 kB" in lines
    assert "Trash: would trash 1 recording, 3.00 kB; 1 recording, 2.00 kB already trashed" in lines
    assert "Legal hold: 1 recording would be kept (not an action)" in lines
    assert any(line.startswith("Storage after, if run for real: 2.50 kB") for line in lines)
    text = "\n".join(lines)
    for past in ("archived 1", "trashed 1", "Actions taken", "were kept", "Nothing was done"):
        assert past not in text


def test_dry_run_facts_are_not_in_the_past_tense():
    facts = {"not_archived": 1, "downloaded_bytes": 2000, "leaver": "a@example.com"}
    dry = message_lines(build_report(INVENTORY, facts=facts, dry_run=True, now=NOW))
    assert ["Downloaded bytes" in line for line in dry] == [False] * len(dry)
    assert "Would not be archived: 1" in dry and "Would download: 2.00 kB" in dry and "Leaver: a@example.com" in dry
    assert "Nothing would be done." in dry
    assert "Would not be archived" in render_html(build_report(INVENTORY, facts=facts, dry_run=True, now=NOW))
    real = message_lines(build_report(INVENTORY, facts=facts, now=NOW))
    assert "Not archived: 1" in real and "Downloaded bytes: 2.00 kB" in real


def test_holds_are_not_actions():
    steps = [
        {"action": "hold", "recordings": [{"id": "a", "outcome": "held"}, {"id": "b", "outcome": "held"}]},
        {"action": "trash", "ids": ["d"], "outcome": "changed"},
    ]
    report = build_report(INVENTORY, steps=steps, now=NOW)
    assert report["actions"]["count"] == 1
    assert report["holds"] == {"count": 2, "ids": ["a", "b"]}
    html = render_html(report)
    assert metrics(html)["holds.count"] == "2" and metrics(html)["actions.count"] == "1"
    assert "On legal hold (kept)" in html
    # The actions chart has no bar for the holds.
    assert "hold held" not in html


def test_a_leavers_trashed_storage_does_not_count_against_the_quota():
    steps = [{"action": "trash", "ids": ["b", "d"], "outcome": "changed"}]  # all of bob's
    report = build_report(INVENTORY, steps=steps, now=NOW)
    owners = dict((o["owner"], o) for o in report["by_owner"])
    assert (owners["bob@example.com"]["available_bytes"], owners["bob@example.com"]["after_available_bytes"]) == (2500, 0)
    assert owners["bob@example.com"]["after_deleted_bytes"] == 2500
    assert [o["owner"] for o in report["by_owner"]] == ["alice@example.com", "bob@example.com"]  # sorted by what still counts
    html = render_html(report)
    shown = metrics(html)
    assert shown["by_owner.1.after_available_bytes"] == "0" and shown["by_owner.1.after_deleted_bytes"] == "2500"
    assert "available: counts against the quota after this run" in html
    assert "Counts available recordings only (status available)" in html
    assert "Total stored (available + recycle bin)" in html


def test_dry_run_report_says_planned_actions_and_keeps_reasons_whole():
    reason = "archive not verified, recording kept: " + "x" * 300
    steps = [{"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "would_change"}, {"id": "b", "outcome": "skipped", "reason": reason}]}}]
    dry = render_html(build_report(INVENTORY, steps=steps, dry_run=True, now=NOW))
    assert "<h2>Planned actions</h2>" in dry and "Actions taken" not in dry
    assert "Planned actions, recording by recording" in dry and "after, if run for real" in dry
    assert reason in dry
    real = render_html(build_report(INVENTORY, steps=steps, now=NOW))
    assert "<h2>Actions taken</h2>" in real and "Planned actions" not in real


LOCATION_HQ = "ciscospark://us/LOCATION/10000000-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    "location_id, expected",
    [
        (base64.b64encode(LOCATION_HQ.encode()).decode(), "10000000-0000-4000-8000-000000000001"),
        (base64.b64encode(LOCATION_HQ.encode()).decode().rstrip("="), "10000000-0000-4000-8000-000000000001"),
        ("10000000-0000-4000-8000-000000000001", "10000000-0000-4000-8000-000000000001"),
        (base64.b64encode(b"ciscospark://us/PEOPLE/abc").decode(), base64.b64encode(b"ciscospark://us/PEOPLE/abc").decode()),
        ("hq", "hq"),
        (None, ""),
    ],
)
def test_location_uuid(location_id, expected):
    assert location_uuid(location_id) == expected


def test_locations_by_name():
    names = {base64.b64encode(b"ciscospark://us/LOCATION/hq-uuid").decode(): "Headquarters"}
    inventory = [rec("a", 1, location="hq-uuid"), rec("b", 1, location="elsewhere")]
    report = build_report(inventory, location_names=names, now=NOW)
    assert [(loc["location"], loc["name"]) for loc in report["by_location"]] == [("elsewhere", "elsewhere"), ("hq-uuid", "Headquarters")]
    assert location_name("hq-uuid", {}) == "hq-uuid"  # no names (the token may not read locations): the id
    html = render_html(report)
    assert ">Headquarters<" in html and "<td>hq-uuid</td>" in html


def test_preview_lines():
    entries = [{"id": "r%d" % n, "action": "trash", "size_bytes": 1000} for n in range(201)] + [{"id": "p", "action": "purge", "size_bytes": 5}]
    assert preview_lines(entries, ["r0", "r1"]) == [
        "Next: archive 2 recordings, 2.00 kB",
        "Next: purge 1 recording, 5 B, in 1 call",
        "Next: trash 201 recordings, 201.00 kB, in 3 calls",
    ]
    assert preview_lines(entries[:1], dry_run=True) == ["Would trash 1 recording, 1.00 kB, in 1 call"]
    assert preview_lines([]) == ["Nothing to do."]


def test_offboarding_preview():
    leaver = [rec("a", 1, size=3000), rec("c", 100, size=1000, status="deleted")]
    assert offboarding_preview(leaver, "archive_and_trash", ["available"]) == [
        "Next: archive 1 recording, 3.00 kB (status available)",
        "Next: trash 1 recording, 3.00 kB (those with a verified archive)",
    ]
    assert offboarding_preview(leaver, "reassign", ["available"], "s@example.com", dry_run=True) == ["Would reassign 2 recordings to s@example.com"]
    assert (
        offboarding_preview(leaver, "archive_and_reassign", ["available", "deleted"])[0] == "Next: archive 2 recordings, 4.00 kB (status available or deleted)"
    )
