"""recording_metadata_export: the module's real main() against ordered HTTP expectations (module_harness).

What it writes (CSV and JSON lines, mode 0600), what it sends (list pages and one metadata GET per new recording),
the incremental state across runs (a recording whose metadata 404s is pending, not dropped, and exported by the next
run; what was exported is never exported again), check mode, and wrong options refused before any request.
"""

import csv
import json
import os
import stat
from datetime import timedelta

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, parse_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_export import COLUMNS
from ansible_collections.wxc.recordings.plugins.modules import recording_metadata_export
from tests.unit.fake_transport import Expect
from tests.unit.listings import ADMIN_LIST, query_of
from tests.unit.plugins.modules.module_harness import assert_refused, run_module, warnings, year
from tests.unit.recording_factory import recording

NOW = utc_now()


def ago(minutes):
    return format_datetime(NOW - timedelta(minutes=minutes))


R1 = recording("r1", created=ago(90), size=1000, duration=60, location="loc-hq", session="s1", topic="Call with ACME")
R2 = recording("r2", created=ago(120), size=2000, duration=30, owner="bob@example.com", location="loc-branch", session="s2")
R3 = recording("r3", created=ago(10), size=3000, duration=90, location="loc-hq", session="s3")


def meta(item, personality="terminator", number="tel:+12025550123"):
    own = {"actor": {"type": "USER", "id": item["ownerId"]}, "number": "sip:2001@example.com", "name": "Owner"}
    remote = {"actor": {"type": "EXTERNAL", "id": "x"}, "number": number, "name": "Customer"}
    calling, called = (remote, own) if personality == "terminator" else (own, remote)
    start = item["createTime"]
    stop = format_datetime(parse_datetime(start) + timedelta(seconds=item["durationSeconds"]))
    return {
        "id": item["id"],
        "ownerName": "Owner",
        "serviceData": {
            "callSessionId": item["serviceData"]["callSessionId"],
            "personality": personality,
            "callingParty": calling,
            "calledParty": called,
            "session": {"startTime": start, "stopTime": stop},
        },
    }


def metadata_get(item, **kwargs):
    return Expect("GET", "/convergedRecordings/%s/metadata" % item["id"], json=meta(item, **kwargs))


def metadata_404(item):
    return Expect("GET", "/convergedRecordings/%s/metadata" % item["id"], status=404, json={"message": "Not Found", "trackingId": "NF"})


def one_window(items, since=None):
    """The listing of one window (a run after the first), checking it starts at ``since`` (a time) at the latest."""

    def check(request):
        query = query_of(request)
        assert query["status"] == "available" and query["max"] == "100", query
        if since is not None:
            assert parse_datetime(query["from"]) <= parse_datetime(since), (query["from"], since)
            assert parse_datetime(query["from"]) >= parse_datetime(since) - timedelta(minutes=1), (query["from"], since)

    return [Expect("GET", ADMIN_LIST, json={"items": list(items)}, check=check)]


def first_run(items, fetches):
    """The retention year (13 windows) with ``items`` in the newest one: the harness' client runs one call at a time,
    so each listed recording's metadata is fetched as it is listed, before the older windows."""
    listing = year("available", items)
    return listing[:1] + list(fetches) + listing[1:]


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_metadata_export, args, expectations, **kwargs)


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def read_jsonl(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle]


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_run_exports_what_has_metadata_and_keeps_a_404_pending(monkeypatch, capsys, tmp_path):
    paths = dict(csv_file=str(tmp_path / "a.csv"), jsonl_file=str(tmp_path / "a.jsonl"), state_file=str(tmp_path / "state.json"))
    out = run(monkeypatch, capsys, dict(paths, redact="last4"), first_run([R1, R2], [metadata_get(R1), metadata_404(R2)]))
    result = out.result
    assert (result["changed"], result["count"], result["listed_count"], result["pending_count"]) == (True, 1, 2, 1)
    assert result["pending"][0]["id"] == "r2" and "404" in result["pending"][0]["reason"]
    assert result["requests"] == {"list_pages": 13, "metadata": 2, "total": 15}
    assert "1 recording(s) have no metadata yet" in result["message"] and "r2" in result["message"]
    rows = read_csv(paths["csv_file"])
    assert rows[0] == list(COLUMNS) and len(rows) == 2
    row = dict(zip(COLUMNS, rows[1]))
    assert (row["recording_id"], row["direction"], row["remote_number"], row["calling_number"], row["duration_seconds"]) == (
        "r1",
        "inbound",
        "****0123",
        "****0123",
        "60",
    )
    assert [line["recording_id"] for line in read_jsonl(paths["jsonl_file"])] == ["r1"]
    assert read_jsonl(paths["jsonl_file"])[0]["size_bytes"] == 1000
    for path in paths.values():
        assert mode_of(path) == 0o600 and not os.path.exists(path + ".part")
    with open(paths["state_file"]) as handle:
        state = json.load(handle)
    assert set(state["seen"]) == {"r1"} and [entry["id"] for entry in state["pending"]] == ["r2"]
    assert result["files_written"] == sorted([paths["csv_file"], paths["jsonl_file"]]) + [paths["state_file"]]

    # The next run lists back to r2 (pending), skips r1 (exported), exports r3 (new) and r2 (its metadata is there now).
    second = run(monkeypatch, capsys, dict(paths, redact="last4"), one_window([R3, R1, R2], since=R2["createTime"]) + [metadata_get(R3), metadata_get(R2)])
    result = second.result
    assert (result["count"], result["listed_count"], result["already_exported_count"], result["pending_count"]) == (2, 3, 1, 0)
    assert result["requests"] == {"list_pages": 1, "metadata": 2, "total": 3}
    assert [line["recording_id"] for line in read_jsonl(paths["jsonl_file"])] == ["r3", "r2"]
    assert [r[0] for r in read_csv(paths["csv_file"])[1:]] == ["r3", "r2"]
    with open(paths["state_file"]) as handle:
        state = json.load(handle)
    assert state["pending"] == [] and "r3" in state["seen"]

    # A third run finds nothing new: an empty export (the header only), no metadata request.
    third = run(monkeypatch, capsys, dict(paths, redact="last4"), one_window([R3]))
    assert (third.result["count"], third.result["already_exported_count"], third.result["requests"]["metadata"]) == (0, 1, 0)
    assert read_csv(paths["csv_file"]) == [list(COLUMNS)] and read_jsonl(paths["jsonl_file"]) == []


def test_a_pending_recording_no_longer_listed_is_reported_as_dropped(monkeypatch, capsys, tmp_path):
    state_file = str(tmp_path / "state.json")
    run(monkeypatch, capsys, dict(jsonl_file=str(tmp_path / "a.jsonl"), state_file=state_file), first_run([R2], [metadata_404(R2)]))
    result = run(monkeypatch, capsys, dict(jsonl_file=str(tmp_path / "a.jsonl"), state_file=state_file), one_window([], since=R2["createTime"])).result
    assert (result["count"], result["dropped_count"], result["dropped"]) == (0, 1, ["r2"])
    assert "no longer listed" in result["message"] and "r2" in result["message"]
    with open(state_file) as handle:
        assert json.load(handle)["pending"] == []


def test_check_mode_lists_and_counts_without_metadata_requests_or_files(monkeypatch, capsys, tmp_path):
    paths = dict(csv_file=str(tmp_path / "a.csv"), state_file=str(tmp_path / "state.json"))
    out = run(monkeypatch, capsys, paths, year("available", [R1, R2]), check_mode=True)
    assert (out.result["changed"], out.result["count"], out.result["files"], out.result["files_written"]) == (False, 2, {}, [])
    assert out.result["requests"] == {"list_pages": 13, "metadata": 0, "total": 13}
    assert out.result["message_lines"][0].startswith("Would export 2 recording(s)")
    assert os.listdir(str(tmp_path)) == []


def test_hash_with_a_salt_and_a_mode(monkeypatch, capsys, tmp_path):
    path = str(tmp_path / "a.jsonl")
    result = run(
        monkeypatch, capsys, dict(jsonl_file=path, redact="hash", redact_salt="k-SALT-canary", mode="0640"), first_run([R1], [metadata_get(R1)])
    ).result
    assert "k-SALT-canary" not in json.dumps(result) and warnings(result) == []
    line = read_jsonl(path)[0]
    assert len(line["remote_number"]) == 64 and line["remote_number"] != "+12025550123" and "0123" not in line["remote_number"]
    assert mode_of(path) == 0o640
    unsalted = run(monkeypatch, capsys, dict(jsonl_file=path, redact="hash"), first_run([R1], [metadata_get(R1)])).result
    assert any("redact_salt" in text for text in warnings(unsalted))
    assert read_jsonl(path)[0]["remote_number"] != line["remote_number"]


def test_an_api_error_writes_nothing_and_keeps_the_state(monkeypatch, capsys, tmp_path):
    paths = dict(csv_file=str(tmp_path / "a.csv"), state_file=str(tmp_path / "state.json"))
    run(monkeypatch, capsys, paths, first_run([R1], [metadata_get(R1)]))
    with open(paths["state_file"]) as handle:
        before = handle.read()
    rows_before = read_csv(paths["csv_file"])
    error = {"message": "Forbidden", "trackingId": "T-403"}
    failing = [Expect("GET", "/convergedRecordings/r3/metadata", status=403, json=error)]
    result = run(monkeypatch, capsys, paths, one_window([R3]) + failing).result
    assert result["failed"] is True and result["error"]["tracking_id"] == "T-403"
    with open(paths["state_file"]) as handle:
        assert handle.read() == before
    assert read_csv(paths["csv_file"]) == rows_before
    assert sorted(os.listdir(str(tmp_path))) == ["a.csv", "state.json"]


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(), "csv_file"),
        (dict(csv_file="/no/such/folder/a.csv"), "csv_file"),
        (dict(jsonl_file="/no/such/folder/a.jsonl"), "jsonl_file"),
        (dict(csv_file="{tmp}"), "csv_file"),
        (dict(csv_file="{tmp}/a.csv", state_file="{tmp}/a.csv"), "state_file"),
        (dict(csv_file="{tmp}/a.csv", state_file="{tmp}/foreign.json"), "state_file"),
        (dict(csv_file="{tmp}/a.csv", redact="last4", redact_salt="k-SALT-canary"), "redact_salt"),
        (dict(csv_file="{tmp}/a.csv", redact="mask"), "redact"),
        (dict(csv_file="{tmp}/a.csv", overlap_minutes=-1), "overlap_minutes"),
        (dict(csv_file="{tmp}/a.csv", concurrency=0), "concurrency"),
        (dict(csv_file="{tmp}/a.csv", mode="rw-r--r--"), "mode"),
        (dict(csv_file="{tmp}/a.csv", created_after="yesterday"), "created_after"),
        (dict(csv_file="{tmp}/a.csv", status=["purged"]), "status"),
        (dict(csv_file="{tmp}/a.csv", access_level="user", owner_email="a@example.com"), "owner_email"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, tmp_path, args, option):
    with open(str(tmp_path / "foreign.json"), "w") as handle:
        json.dump({"format": "wxc.recordings.archive-watermark/1"}, handle)
    args = dict((key, value.replace("{tmp}", str(tmp_path)) if isinstance(value, str) else value) for key, value in args.items())
    assert_refused(run(monkeypatch, capsys, args), option)


def test_metadata_answered_204_is_pending_too(monkeypatch, capsys, tmp_path):
    paths = dict(jsonl_file=str(tmp_path / "a.jsonl"), state_file=str(tmp_path / "state.json"))
    empty = Expect("GET", "/convergedRecordings/r1/metadata", status=204)
    result = run(monkeypatch, capsys, paths, first_run([R1], [empty])).result
    assert (result["count"], result["pending_count"], result["pending"][0]["reason"]) == (0, 1, "no metadata yet (HTTP 204)")
    assert read_jsonl(paths["jsonl_file"]) == []
    with open(paths["state_file"]) as handle:
        state = json.load(handle)
    assert state["seen"] == {} and state["pending"][0]["id"] == "r1" and state["pending"][0]["attempts"] == 1
