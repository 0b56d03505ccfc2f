"""recording_report: the module's real main() (no HTTP; the harness still fails on any request), files in tmp_path."""

import json
import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils import _reporting
from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime
from ansible_collections.wxc.recordings.plugins.modules import recording_report
from tests.unit.plugins.modules.module_harness import assert_refused, run_module

INVENTORY = [
    {"id": "r1", "status": "available", "owner_email": "alice@example.com", "size_bytes": 3000, "create_time": "2026-10-01T00:00:00Z",
     "location_id": "loc-hq", "topic": "Call one"},
    {"id": "r2", "status": "available", "owner_email": "bob@example.com", "size_bytes": 1000, "create_time": "2026-09-01T00:00:00Z",
     "location_id": "loc-hq", "topic": "Call two"},
    {"id": "r3", "status": "deleted", "owner_email": "bob@example.com", "size_bytes": 500, "create_time": "2026-08-01T00:00:00Z",
     "location_id": "loc-branch", "topic": "Call three"},
]
TRASH_RESULT = {
    "changed": True,
    "recordings": [
        {"id": "r1", "outcome": "changed", "after": {"status": "deleted"}},
        {"id": "r2", "outcome": "failed", "reason": "still available after: HTTP 400"},
    ],
    "not_found": ["r9"],
}


def inventory_file(tmp_path):
    path = str(tmp_path / "inventory.jsonl")
    with open(path, "w") as handle:
        for row in INVENTORY:
            handle.write(json.dumps(row) + "\n")
    return path


def run(monkeypatch, capsys, args, **kwargs):
    return run_module(monkeypatch, capsys, recording_report, args, connection=False, **kwargs)


def file_mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_writes_json_csv_and_html_from_an_inventory_and_a_step(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "reports")
    args = dict(dest=dest, name="run-1", kind="retention", inventory_file=inventory_file(tmp_path), steps=[dict(action="trash", result=TRASH_RESULT)],
                quota_gb=0.00001)
    out = run(monkeypatch, capsys, args)
    result = out.result
    assert result["changed"] is True and out.transport.seen == [], "three files were created"
    assert result["files"] == dict((kind, os.path.join(dest, "run-1." + kind)) for kind in ("json", "csv", "html"))
    summary = result["summary"]
    assert (summary["available_count"], summary["available_bytes"], summary["deleted_count"], summary["deleted_bytes"]) == (2, 4000, 1, 500)
    assert summary["by_action"] == {"trash": {"changed": 1, "failed": 1, "not_found": 1}}
    assert (summary["quota_bytes"], summary["used_percent"], summary["used_percent_after"]) == (10000, 40.0, 10.0), "r1 (3000 bytes) left the quota"
    for path in result["files"].values():
        assert file_mode(path) == 0o600, path
    assert file_mode(dest) == 0o700
    with open(result["files"]["json"]) as handle:
        assert json.load(handle)["kind"] == "retention"
    with open(result["files"]["html"]) as handle:
        html = handle.read()
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_a_second_run_of_the_same_report_changes_nothing(monkeypatch, capsys, tmp_path):
    """Idempotent: generated at the same instant, the second run finds its files as they should be (changed=false)."""
    now = parse_datetime("2026-11-29T12:00:00Z")
    monkeypatch.setattr(_reporting, "utc_now", lambda: now)
    args = dict(dest=str(tmp_path), name="storage", inventory_file=inventory_file(tmp_path))
    first, second = run(monkeypatch, capsys, args).result, run(monkeypatch, capsys, args).result
    assert first["changed"] is True
    assert (second["changed"], second["summary"], second["files"]) == (False, first["summary"], first["files"])


def test_check_mode_writes_the_report_marked_as_a_dry_run(monkeypatch, capsys, tmp_path):
    args = dict(dest=str(tmp_path), name="dry", inventory_file=inventory_file(tmp_path), dry_run=True, formats=["json"],
                steps=[dict(action="trash", result=dict(TRASH_RESULT, recordings=[{"id": "r1", "outcome": "would_change"}], not_found=[]))])
    result = run(monkeypatch, capsys, args, check_mode=True).result
    assert (result["changed"], sorted(result["files"])) == (True, ["json"]), "the dry run's report is written (DOCUMENTATION check_mode)"
    assert result["summary"]["by_action"] == {"trash": {"would_change": 1}}


def test_a_mode_string_sets_the_permissions(monkeypatch, capsys, tmp_path):
    result = run(monkeypatch, capsys, dict(dest=str(tmp_path), name="m", recordings=INVENTORY, formats=["csv"], mode="0640")).result
    assert file_mode(result["files"]["csv"]) == 0o640


def test_an_unquoted_yaml_mode_0644_is_0o644(monkeypatch, capsys, tmp_path):
    result = run(monkeypatch, capsys, dict(dest=str(tmp_path), name="m", recordings=INVENTORY, formats=["csv"], mode=0o644)).result
    assert file_mode(result["files"]["csv"]) == 0o644


def test_an_unquoted_yaml_mode_0600_is_accepted(monkeypatch, capsys, tmp_path):
    result = run(monkeypatch, capsys, dict(dest=str(tmp_path), name="m", recordings=INVENTORY, formats=["csv"], mode=0o600)).result
    assert result.get("failed") is None, result.get("msg")
    assert file_mode(result["files"]["csv"]) == 0o600


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(name="a/b"), "name"),
        (dict(name="r", mode="rw-"), "mode"),
        (dict(name="r", quota_gb=0), "quota_gb"),
        (dict(name="r", top_count=0), "top_count"),
        (dict(name="r", inventory_file="/no/such/inventory.jsonl"), "inventory_file"),
        (dict(name="r", plan_file="/no/such/plan.json"), "plan_file"),
        (dict(name="r", formats=["pdf"]), "formats"),
        (dict(name="r", steps=[dict(result={})]), "action"),
    ],
)
def test_bad_options_fail_before_writing(monkeypatch, capsys, tmp_path, args, option):
    dest = str(tmp_path / "reports")
    assert_refused(run(monkeypatch, capsys, dict(dest=dest, **args)), option)
    assert not os.path.exists(dest), "a refused task wrote the report folder"
