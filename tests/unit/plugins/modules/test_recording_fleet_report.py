"""recording_fleet_report's real main(): reads the orgs' status files of several slices, writes the fleet report."""

import json
import os
import stat

from ansible_collections.wxc.recordings.plugins.modules import recording_fleet_report
from tests.unit.plugins.modules.module_harness import run_module


def status(folder, org, **doc):
    os.makedirs(os.path.join(folder, org))
    with open(os.path.join(folder, org, "fleet-status.json"), "w") as handle:
        json.dump(dict({"org": org, "org_name": org.title(), "finished": "2026-01-01T00:00:00Z"}, **doc), handle)


def run(monkeypatch, capsys, args):
    return run_module(monkeypatch, capsys, recording_fleet_report, args, connection=False).result


def test_merges_slices_and_names_failed_and_missing_orgs(monkeypatch, capsys, tmp_path):
    one, two = str(tmp_path / "slice-1"), str(tmp_path / "slice-2")
    summary = {"available_count": 2, "available_bytes": 5000, "quota_bytes": 100 * 1000**3, "used_percent": 0.0, "by_action": {}}
    status(one, "acme", status="ok", storage=summary)
    status(two, "globex", status="failed", reason="the Service App is not authorized for this org")
    result = run(monkeypatch, capsys, dict(src=[one, two], dest=str(tmp_path / "out"), expected_orgs=["acme", "globex", "initech"], mode="0640"))
    assert result["changed"] is True
    assert result["summary"]["orgs"] == 3 and result["summary"]["ok"] == 1 and result["summary"]["used_bytes"] == 5000
    assert [f["org"] for f in result["failed_orgs"]] == ["globex", "initech"]
    assert result["message"].startswith("2 of 3 orgs failed: globex, initech")
    for path in result["files"].values():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    with open(result["files"]["json"]) as handle:
        assert [row["org"] for row in json.load(handle)["orgs"]] == ["acme", "globex", "initech"]


def test_a_bad_mode_or_name_fails_naming_the_option_before_writing(monkeypatch, capsys, tmp_path):
    bad_mode = run(monkeypatch, capsys, dict(src=[str(tmp_path)], dest=str(tmp_path / "out"), mode="rwx"))
    assert bad_mode["failed"] is True and bad_mode["option"] == "mode"
    bad_name = run(monkeypatch, capsys, dict(src=[str(tmp_path)], dest=str(tmp_path / "out"), name="../x"))
    assert bad_name["failed"] is True and bad_name["option"] == "name"
    assert not os.path.exists(str(tmp_path / "out"))
