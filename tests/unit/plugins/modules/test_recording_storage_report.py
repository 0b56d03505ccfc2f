"""recording_storage_report: the module's real main() against ordered HTTP expectations (module_harness).

The location names are looked up in a thread while the listing runs: ``LocationsFirst`` holds the listing's first
request until the lookup has been answered, so the order of the expectations is the order of the requests.
"""

import base64
import json
import os
import threading
from urllib.parse import urlsplit

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_report, recording_storage_report
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import ByStatus, assert_refused, run_module, year
from tests.unit.recording_factory import recording

A1 = recording("a1", created="2026-11-02T00:00:00Z", size=3000, duration=30, location="loc-hq", topic="=cmd|' /C calc'!A0")
A2 = recording("a2", created="2026-10-01T00:00:00Z", size=1000, duration=10, owner="bob@example.com", location="loc-branch")
D1 = recording("d1", status="deleted", created="2026-10-15T00:00:00Z", size=500, duration=5, owner="bob@example.com", location="loc-branch")
NAMES = {"loc-hq": "Headquarters", "loc-branch": "Branch"}


def location_id(uuid):
    return base64.b64encode(("ciscospark://us/LOCATION/%s" % uuid).encode()).decode().rstrip("=")


class LocationsFirst(ByStatus):
    """The location lookup (its own thread) is answered before any listing request is taken."""

    def __init__(self, locations, listing):
        self.answered = threading.Event()
        check = locations.check
        locations.check = lambda request: (check and check(request), self.answered.set())
        self.listings = {"locations": [locations], "listing": list(listing)}

    def next_for(self, request):
        if urlsplit(request.url).path.endswith("/locations"):
            return self.listings["locations"].pop(0)
        assert self.answered.wait(10), "the location lookup was never sent"
        assert self.listings["listing"], "unexpected request %s %s" % (request.method, request.url)
        return self.listings["listing"].pop(0)


def locations(status=200):
    if status != 200:
        return Expect("GET", "/locations", query={"max": "1000"}, status=status, json={"message": "Forbidden", "trackingId": "T-LOC"})
    items = [{"id": location_id(uuid), "name": name} for uuid, name in NAMES.items()]
    return Expect("GET", "/locations", query={"max": "1000"}, json={"items": items})


def listing():
    return year("available", [A1, A2]) + year("deleted", [D1])


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_storage_report, args, expectations, **kwargs)


def report_args(tmp_path, **extra):
    args = dict(dest=str(tmp_path / "reports"), name="storage", status=["available", "deleted"], quota_gb=0.00001, target_gb=0.000008)
    args.update(extra)
    return args


def read_json(path):
    with open(path) as handle:
        return json.load(handle)


def test_lists_and_writes_the_report_of_recording_info_then_recording_report(monkeypatch, capsys, tmp_path):
    inventory = str(tmp_path / "keep" / "storage-inventory.jsonl")
    progress = str(tmp_path / "progress.json")
    args = report_args(tmp_path, inventory_file=inventory, create_folders=True, progress_file=progress)
    out = run(monkeypatch, capsys, args, [LocationsFirst(locations(), listing())])
    result = out.result
    assert out.writes == [] and [path for _method, path in out.requests].count("/locations") == 1
    assert (result["changed"], result["count"], result["inventory_file"]) == (True, 3, inventory)
    assert result["files"] == dict((kind, os.path.join(args["dest"], "storage." + kind)) for kind in ("json", "csv", "html"))
    summary = result["summary"]
    assert (summary["available_count"], summary["available_bytes"], summary["deleted_count"], summary["deleted_bytes"]) == (2, 4000, 1, 500)
    assert (summary["quota_bytes"], summary["used_percent"], summary["actions"]) == (10000, 40.0, 0)
    assert (summary["count"], summary["total_size_bytes"], summary["by_status"]) == (3, 4500, {"available": 2, "deleted": 1})
    assert (summary["oldest_create_time"], summary["newest_create_time"]) == ("2026-10-01T00:00:00Z", "2026-11-02T00:00:00Z")
    assert "by_owner" not in summary, "the report has the owners; the result stays small"
    assert result["locations"] == {"status": "checked", "names": NAMES, "message": ""}
    assert result["message_lines"][0] == "Webex Calling recordings storage" and result["message"] == "\n".join(result["message_lines"])
    assert "Recordings: 3" in result["message_lines"] and "Statuses: available, deleted" in result["message_lines"]

    # The inventory: recording_info's results_file, newest first; mode 0600.
    with open(inventory) as handle:
        rows = [json.loads(line) for line in handle]
    assert [(r["id"], r["location_id"], r["status"]) for r in rows] == [
        ("a1", "loc-hq", "available"),
        ("d1", "loc-branch", "deleted"),
        ("a2", "loc-branch", "available"),
    ]
    assert oct(os.stat(inventory).st_mode & 0o777) == "0o600" and not os.path.exists(inventory + ".part")

    report = read_json(result["files"]["json"])
    assert report["facts"] == {"recordings": 3, "statuses": "available, deleted", "oldest_create_time": "2026-10-01T00:00:00Z"}
    assert dict((item["location"], item["name"]) for item in report["by_location"]) == NAMES
    assert report["storage"]["target_bytes"] == 8000 and report["title"] == "Webex Calling recordings storage"
    done = read_json(progress)
    assert (done["label"], done["phase"], done["done"], done["finished"]) == ("storage report", "listing", 3, True)

    # recording_report, given that inventory and what the role gave it, writes the same report.
    two = dict(dest=str(tmp_path / "two"), name="storage", title="Webex Calling recordings storage", kind="storage", inventory_file=inventory,
               quota_gb=0.00001, target_gb=0.000008, csv_rows="all", location_names=result["locations"]["names"],
               facts=dict(recordings=result["count"], statuses="available, deleted", oldest_create_time=summary["oldest_create_time"]))
    expected = run_module(monkeypatch, capsys, recording_report, two, connection=False).result
    for kind in ("json", "csv", "html"):
        with open(result["files"][kind]) as mine, open(expected["files"][kind]) as theirs:
            assert mine.read().replace(report["generated"], "") == theirs.read().replace(read_json(expected["files"]["json"])["generated"], ""), kind
    assert result["summary"] == dict(expected["summary"], **dict((key, summary[key]) for key in summary if key not in expected["summary"]))


def test_check_mode_lists_and_writes_the_report_too(monkeypatch, capsys, tmp_path):
    runs = []
    for check in (False, True):
        args = report_args(tmp_path, dest=str(tmp_path / ("check" if check else "run")), location_names=False)
        runs.append(run(monkeypatch, capsys, args, listing(), check_mode=check))
    normal, dry = runs
    assert dry.requests == normal.requests and dry.writes == []
    assert dry.result["changed"] is True and dry.result["count"] == normal.result["count"] == 3
    assert dry.result["summary"] == normal.result["summary"] and "locations" not in dry.result
    for path in dry.result["files"].values():
        assert os.path.isfile(path)
    report = read_json(dry.result["files"]["json"])
    assert report["dry_run"] is False and report["actions"]["count"] == 0, "a storage report has no actions, in check mode neither"


def test_a_403_on_the_list_fails_with_the_hint_and_leaves_no_file(monkeypatch, capsys, tmp_path):
    inventory = str(tmp_path / "storage-inventory.jsonl")
    error = {"message": "Forbidden", "trackingId": "T-403"}
    refused = [Expect("GET", "/admin/convergedRecordings", status=403, json=error)]
    result = run(monkeypatch, capsys, report_args(tmp_path, inventory_file=inventory), [LocationsFirst(locations(), refused)]).result
    assert result["failed"] is True and (result["error"]["status"], result["error"]["tracking_id"]) == (403, "T-403")
    assert result["msg"].startswith("The token may not read the organisation's recordings (it needs spark-admin:recordings_read")
    assert not os.path.exists(str(tmp_path / "reports")), "no report of a listing that failed"
    assert sorted(os.listdir(str(tmp_path))) == [], "no inventory, no .part left behind"


def test_a_token_that_may_not_read_locations_keeps_the_ids(monkeypatch, capsys, tmp_path):
    out = run(monkeypatch, capsys, report_args(tmp_path), [LocationsFirst(locations(403), listing())])
    result = out.result
    assert result.get("failed") is not True and result["count"] == 3
    assert (result["locations"]["status"], result["locations"]["names"]) == ("not permitted", {})
    assert result["locations"]["message"].startswith("locations not looked up: the token may not read locations (HTTP 403")
    report = read_json(result["files"]["json"])
    assert sorted((item["location"], item["name"]) for item in report["by_location"]) == [("loc-branch", "loc-branch"), ("loc-hq", "loc-hq")]
    assert result["inventory_file"] is None


@pytest.mark.parametrize(
    "extra, option",
    [
        (dict(name="a/b"), "name"),
        (dict(mode="rwx"), "mode"),
        (dict(quota_gb=0), "quota_gb"),
        (dict(oldest_count=0), "oldest_count"),
        (dict(table_limit=0), "table_limit"),
        (dict(status=["purged"]), "status"),
        (dict(status=[]), "status"),
        (dict(access_level="root"), "access_level"),
        (dict(csv_rows="some"), "csv_rows"),
        (dict(inventory_file="/no/such/folder/inventory.jsonl"), "inventory_file"),
        (dict(api_url="webexapis.com"), "api_url"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, tmp_path, extra, option):
    assert_refused(run(monkeypatch, capsys, report_args(tmp_path, **extra)), option)


def test_a_dest_that_is_a_file_fails_before_any_request(monkeypatch, capsys, tmp_path):
    dest = tmp_path / "reports"
    dest.write_text("not a folder")
    assert_refused(run(monkeypatch, capsys, report_args(tmp_path)), "dest", text="is not a folder")
