"""recording_report with metadata_file: a calls report from the metadata export (the module's real main(), no HTTP)."""

import csv
import json
import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._metadata_export import COLUMNS
from ansible_collections.wxc.recordings.plugins.modules import recording_report
from tests.unit.plugins.modules.module_harness import assert_refused, run_module


def row(rid, start, seconds, location, direction, size=1000):
    values = dict((column, "") for column in COLUMNS)
    values.update(recording_id=rid, start_time=start, create_time=start, duration_seconds=seconds, location_id=location, direction=direction, size_bytes=size)
    return values


ROWS = [
    row("a", "2026-11-02T09:00:00Z", 60, "loc-hq", "inbound"),
    row("b", "2026-11-02T10:00:00Z", 600, "loc-branch", "outbound", 5000),
    row("c", "2026-11-03T09:00:00Z", 30, "loc-hq", "outbound"),
]


def export_files(tmp_path):
    """The same rows as the export writes them: JSON lines (the first two) and CSV (the third)."""
    jsonl = str(tmp_path / "calls-1.jsonl")
    with open(jsonl, "w") as handle:
        for values in ROWS[:2]:
            handle.write(json.dumps(values) + "\n")
    csv_path = str(tmp_path / "calls-2.csv")
    with open(csv_path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerow([ROWS[2][column] for column in COLUMNS])
    return [jsonl, csv_path]


def run(monkeypatch, capsys, args, **kwargs):
    return run_module(monkeypatch, capsys, recording_report, args, connection=False, **kwargs)


def test_calls_per_location_from_json_lines_and_csv_together(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "reports")
    args = dict(
        dest=dest, name="calls", metadata_file=export_files(tmp_path), group_by=["location"], metric="duration", location_names={"loc-hq": "Headquarters"}
    )
    result = run(monkeypatch, capsys, args).result
    assert result["changed"] is True
    assert result["summary"] == {
        "calls": 3,
        "duration_seconds": 690,
        "size_bytes": 7000,
        "groups": 2,
        "by_direction": {"inbound": 1, "outbound": 2},
        "top_group": "loc-branch",
    }
    with open(os.path.join(dest, "calls.json")) as handle:
        document = json.load(handle)
    assert [(g["location"], g["count"], g["duration_seconds"]) for g in document["groups"]] == [("loc-branch", 1, 600), ("Headquarters", 2, 90)]
    assert [r["recording_id"] for r in document["longest"]] == ["b", "a", "c"]
    with open(os.path.join(dest, "calls.csv")) as handle:
        assert handle.read().splitlines() == [
            "location,count,duration_seconds,size_bytes,average_duration_seconds",
            "loc-branch,1,600,5000,600",
            "Headquarters,2,90,2000,45",
        ]
    with open(os.path.join(dest, "calls.html")) as handle:
        page = handle.read()
    assert 'data-metric="groups.0.duration_seconds" data-value="600"' in page and "10 min 00 s" in page
    assert 'data-metric="totals.calls" data-value="3"' in page and "Headquarters" in page
    for kind in ("json", "csv", "html"):
        assert stat.S_IMODE(os.stat(os.path.join(dest, "calls." + kind)).st_mode) == 0o600
    assert result["message_lines"][-1] == "Report: %s" % os.path.join(dest, "calls.html")
    # The same report again: the files are rewritten only for the time it was generated (the JSON and HTML carry it).
    again = run(monkeypatch, capsys, args).result
    with open(os.path.join(dest, "calls.csv")) as handle:
        assert handle.read().splitlines()[1] == "loc-branch,1,600,5000,600"
    assert again["summary"] == result["summary"]


def test_calls_per_day_are_charted_in_time_order(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "r")
    run(monkeypatch, capsys, dict(dest=dest, name="days", metadata_file=export_files(tmp_path), group_by=["day"], formats=["json", "html"]))
    with open(os.path.join(dest, "days.json")) as handle:
        document = json.load(handle)
    assert [g["day"] for g in document["timeline"]] == ["2026-11-02", "2026-11-03"]
    with open(os.path.join(dest, "days.html")) as handle:
        assert 'data-metric="timeline.1.count" data-value="1"' in handle.read()
    assert sorted(os.listdir(dest)) == ["days.html", "days.json"]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(group_by=["country"]), "group_by"),
        (dict(group_by=[]), "group_by"),
        (dict(metric="average"), "metric"),
        (dict(longest_count=-1), "longest_count"),
        (dict(inventory_file="{tmp}/calls-1.jsonl"), "inventory_file"),
        (dict(steps=[{"action": "trash", "ids": ["x"]}]), "steps"),
        (dict(metadata_file=["{tmp}/missing.jsonl"]), "metadata_file"),
        (dict(mode="rwx"), "mode"),
    ],
)
def test_bad_calls_report_options_name_the_option_and_write_nothing(monkeypatch, capsys, tmp_path, args, option):
    files = export_files(tmp_path)
    full = dict(dest=str(tmp_path / "out"), name="calls", metadata_file=files)
    full.update(
        dict(
            (
                k,
                [x.replace("{tmp}", str(tmp_path)) for x in v]
                if isinstance(v, list) and v and isinstance(v[0], str)
                else (v.replace("{tmp}", str(tmp_path)) if isinstance(v, str) else v),
            )
            for k, v in args.items()
        )
    )
    assert_refused(run(monkeypatch, capsys, full), option)
    assert not os.path.exists(str(tmp_path / "out"))
