"""The metadata export against the simulator: files, modes, redaction, incremental runs, request counts, the role.

The module runs through ansible-playbook (targets/recording_metadata_export.yml) against the fixture org (293 available
recordings); new recordings are created while the simulator runs (``POST /_sim/recordings``) to prove that a second
run exports exactly those. The role runs once through its playbook, with a calls report by direction that headless
Chromium renders (a screenshot with the chart's colour, and the page's numbers equal to the report's JSON).
"""

import csv
import hashlib
import hmac
import json
import os
import re
import stat
import sys
import urllib.request

from sim_helpers import ADMIN_LIST, calls, ok, recordings_where, writes
from test_reports import Metrics, has_colour, json_value, png_pixels, render

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_export import COLUMNS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PLAYBOOK = "targets/recording_metadata_export.yml"
TASK = "Export the call metadata of the recordings not exported yet"
METADATA = "GET /v1/convergedRecordings/{recordingId}/metadata"
NUMBERS = ("calling_number", "called_number", "remote_number")
SALT = "join-key-SECRET-canary"


def create_recordings(sim, count):
    """New recordings, created now (``POST /_sim/recordings``): their API objects."""
    request = urllib.request.Request(
        sim.root_url + "/_sim/recordings", data=json.dumps({"count": count}).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["items"]


def read_csv(path):
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert header == list(COLUMNS)
        return [dict(zip(header, line)) for line in reader]


def read_jsonl(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle]


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_run_exports_everything_with_the_minimum_of_requests_then_only_new_recordings(sim, run_playbook, tmp_path):
    available = dict((r["id"], r) for r in recordings_where(sim, status="available"))
    assert len(available) == 293
    sim.clear_requests()
    result = ok(run_playbook(PLAYBOOK, {"export_name": "first"}), TASK)
    # The minimum: 13 list pages (the year in 30-day windows, under 100 a window) and one metadata GET per recording.
    assert (result["changed"], result["count"], result["pending_count"]) == (True, 293, 0)
    assert (calls(sim, ADMIN_LIST), calls(sim, METADATA), writes(sim)) == (13, 293, [])
    assert result["requests"] == {"list_pages": 13, "metadata": 293, "total": 306}
    paths = [str(tmp_path / "first.csv"), str(tmp_path / "first.jsonl"), str(tmp_path / "state.json")]
    assert result["files_written"] == paths
    for path in paths:
        assert mode_of(path) == 0o600 and not os.path.exists(path + ".part")

    rows = read_csv(paths[0])
    lines = read_jsonl(paths[1])
    assert [row["recording_id"] for row in rows] == [line["recording_id"] for line in lines]
    assert set(row["recording_id"] for row in rows) == set(available) and len(rows) == 293
    directions = set()
    for row, line in zip(rows, lines):
        api = available[row["recording_id"]]
        assert (row["owner_email"], row["location_id"], row["topic"]) == (api["ownerEmail"], api["serviceData"]["locationId"], api["topic"])
        assert (row["call_session_id"], int(row["size_bytes"]), row["create_time"]) == (
            api["serviceData"]["callSessionId"],
            api["sizeBytes"],
            api["createTime"],
        )
        assert line == dict(row, duration_seconds=int(row["duration_seconds"]), size_bytes=int(row["size_bytes"]))
        seconds = (parse_datetime(row["stop_time"]) - parse_datetime(row["start_time"])).total_seconds()
        assert int(row["duration_seconds"]) == seconds == api["durationSeconds"]
        # The remote party is the external one: called on an outbound call, calling on an inbound one.
        remote = row["called_number"] if row["direction"] == "outbound" else row["calling_number"]
        assert row["direction"] in ("inbound", "outbound") and row["remote_number"] == remote
        assert re.match(r"^\+1\d{10}$", row["remote_number"]) and row["remote_name"] == "External Caller"
        directions.add(row["direction"])
    assert directions == {"inbound", "outbound"}

    # New recordings arrive; the next run lists one window and fetches the metadata of those only.
    new = create_recordings(sim, 3)
    sim.clear_requests()
    second = ok(run_playbook(PLAYBOOK, {"export_name": "second"}), TASK)
    assert (second["count"], second["pending_count"], calls(sim, ADMIN_LIST), calls(sim, METADATA)) == (3, 0, 1, 3)
    assert sorted(row["recording_id"] for row in read_csv(str(tmp_path / "second.csv"))) == sorted(r["id"] for r in new)
    assert parse_datetime(second["listed"]["from"]) < parse_datetime(result["watermark"]) < parse_datetime(second["listed"]["to"])

    # Nothing new: an export with the header only, and no metadata request.
    sim.clear_requests()
    third = ok(run_playbook(PLAYBOOK, {"export_name": "third"}), TASK)
    assert (third["count"], third["already_exported_count"], calls(sim, ADMIN_LIST), calls(sim, METADATA)) == (0, 3, 1, 0)
    assert read_csv(str(tmp_path / "third.csv")) == [] and read_jsonl(str(tmp_path / "third.jsonl")) == []


def test_check_mode_lists_counts_and_writes_nothing(sim, run_playbook, tmp_path):
    sim.clear_requests()
    result = ok(run_playbook(PLAYBOOK, {"export_name": "dry"}, check=True), TASK)
    assert (result["changed"], result["count"], result["files"]) == (False, 293, {})
    assert (calls(sim, ADMIN_LIST), calls(sim, METADATA)) == (13, 0)
    assert not [name for name in os.listdir(str(tmp_path)) if name.startswith(("dry", "state"))]


def test_last4_and_hash_redact_every_number_and_the_hash_still_joins(sim, run_playbook, tmp_path):
    branch = {"location": "loc-branch", "incremental": False}
    ok(run_playbook(PLAYBOOK, dict(branch, export_name="plain")), TASK)
    plain = dict((row["recording_id"], row) for row in read_csv(str(tmp_path / "plain.csv")))
    assert plain and set(row["location_id"] for row in plain.values()) == {"loc-branch"}

    ok(run_playbook(PLAYBOOK, dict(branch, export_name="last4", redact="last4")), TASK)
    for row in read_csv(str(tmp_path / "last4.csv")):
        for column in NUMBERS:
            digits = re.sub(r"\D", "", plain[row["recording_id"]][column].split("@")[0])
            assert row[column] == ("****" + digits[-4:] if len(digits) > 4 else "****"), (column, row[column])
        assert row["remote_number"] != plain[row["recording_id"]]["remote_number"]

    run = run_playbook(PLAYBOOK, dict(branch, export_name="hashed", redact="hash", salt=SALT))
    ok(run, TASK)
    assert SALT not in run.stdout and SALT not in json.dumps(run.results)
    hashed = read_csv(str(tmp_path / "hashed.csv"))
    assert len(hashed) == len(plain)
    for row in hashed:
        for column in NUMBERS:
            expected = hmac.new(SALT.encode(), plain[row["recording_id"]][column].encode(), hashlib.sha256).hexdigest()
            assert row[column] == expected
        # Names and sessions are not numbers: as they were.
        assert (row["remote_name"], row["call_session_id"]) == (plain[row["recording_id"]]["remote_name"], plain[row["recording_id"]]["call_session_id"])
    for name in ("plain", "last4", "hashed"):
        assert mode_of(str(tmp_path / (name + ".csv"))) == 0o600


def test_the_role_exports_and_reports_calls_by_direction_rendered_by_chromium(sim, run_playbook, tmp_path):
    exports = str(tmp_path / "exports")
    run = run_playbook(
        os.path.join(ROOT, "playbooks", "metadata_export.yml"),
        {
            "metadata_export_dir": exports,
            "metadata_export_name": "calls",
            "metadata_export_redact": "last4",
            "metadata_export_report_group_by": ["direction"],
            "ansible_python_interpreter": sys.executable,
        },
    )
    assert run.rc == 0, run
    assert sorted(os.listdir(exports)) == sorted(
        ["calls.csv", "calls.jsonl", "metadata-export-state.json", "calls-report.json", "calls-report.csv", "calls-report.html"]
    )
    for name in os.listdir(exports):
        assert mode_of(os.path.join(exports, name)) == 0o600, name
    assert mode_of(exports) == 0o700
    rows = read_csv(os.path.join(exports, "calls.csv"))
    assert len(rows) == 293 and all(re.match(r"^\*{4}(\d{4})?$", row["remote_number"]) for row in rows)
    with open(os.path.join(exports, "calls-report.json")) as handle:
        report = json.load(handle)
    counted = dict((direction, sum(1 for row in rows if row["direction"] == direction)) for direction in ("inbound", "outbound"))
    assert dict((group["direction"], group["count"]) for group in report["groups"]) == counted
    assert report["totals"]["calls"] == 293 and report["totals"]["duration_seconds"] == sum(int(row["duration_seconds"]) for row in rows)
    longest = max(int(row["duration_seconds"]) for row in rows)
    assert report["longest"][0]["duration_seconds"] == longest and len(report["longest"]) == 20

    png, dom = render(os.path.join(exports, "calls-report.html"), tmp_path)
    width, height, pixels_rows = png_pixels(png)
    pixels = [pixel for row in pixels_rows[::4] for pixel in row[::4]]
    assert (width, height) == (1280, 2000)
    assert len(set(pixels)) > 20 and has_colour(pixels, "#1565c0"), "no chart bar on screen"
    parser = Metrics()
    parser.feed(dom)
    shown = dict((path, value) for path, value, _text in parser.found)
    for path in ("totals.calls", "totals.duration_seconds", "groups.0.count", "groups.1.count", "by_direction.inbound", "longest.0.duration_seconds"):
        assert path in shown, "not rendered: %s" % path
        assert shown[path] == str(json_value(report, path)), path


def test_the_role_in_check_mode_counts_and_writes_no_file(sim, run_playbook, tmp_path):
    exports = str(tmp_path / "exports")
    sim.clear_requests()
    run = run_playbook(
        os.path.join(ROOT, "playbooks", "metadata_export.yml"), {"metadata_export_dir": exports, "metadata_export_report_group_by": ["day"]}, check=True
    )
    assert run.rc == 0, run
    assert os.listdir(exports) == [] and (calls(sim, ADMIN_LIST), calls(sim, METADATA)) == (13, 0)
    assert "Would export 293 recording(s)" in run.stdout


def test_the_role_refuses_wrong_variables_before_any_request(sim, run_playbook, tmp_path):
    playbook = os.path.join(ROOT, "playbooks", "metadata_export.yml")
    exports = str(tmp_path / "exports")
    sim.clear_requests()
    salted = run_playbook(playbook, {"metadata_export_dir": exports, "metadata_export_redact_salt": SALT})
    assert salted.rc != 0 and "metadata_export_redact_salt is set but metadata_export_redact is none" in salted.stdout
    assert SALT not in salted.stdout
    misspelled = run_playbook(playbook, {"metadata_export_dir": exports, "metadata_export_redcat": "hash"})
    assert misspelled.rc != 0 and "metadata_export_redcat" in misspelled.stdout and "metadata_export_redact" in misspelled.stdout
    assert sim.requests()["by_endpoint"] == {} and not os.path.exists(exports)
