"""recording_fleet_status: the module's real main() (the fallback of its action plugin; no HTTP)."""

import json
import os

from ansible_collections.wxc.recordings.plugins.modules import recording_fleet_status
from tests.unit.plugins.modules.module_harness import assert_refused, run_module


def run(monkeypatch, capsys, args, **kwargs):
    return run_module(monkeypatch, capsys, recording_fleet_status, args, connection=False, **kwargs)


def test_writes_idempotently_in_check_mode_too_and_forgets(monkeypatch, capsys, tmp_path):
    org_dir = str(tmp_path / "acme")
    path = os.path.join(org_dir, "fleet-status.json")
    status = {"org": "acme", "status": "ok"}
    runs = [
        run(monkeypatch, capsys, dict(org_dir=org_dir, status=status)).result,
        run(monkeypatch, capsys, dict(org_dir=org_dir, status=status)).result,
        run(monkeypatch, capsys, dict(org_dir=org_dir, status=dict(status, status="failed")), check_mode=True).result,
    ]
    assert [(r["changed"], r["path"]) for r in runs] == [(True, path), (False, path), (True, path)]
    with open(path) as handle:
        assert json.load(handle)["status"] == "failed"
    gone = run(monkeypatch, capsys, dict(org_dir=org_dir, state="absent")).result
    assert gone["changed"] is True and not os.path.exists(path)


def test_a_bad_status_is_refused_naming_it(monkeypatch, capsys, tmp_path):
    assert_refused(run(monkeypatch, capsys, dict(org_dir=str(tmp_path), status={"org": "acme", "status": "done"})), "status")
    assert_refused(run(monkeypatch, capsys, dict(org_dir=str(tmp_path))), "status")
    assert os.listdir(str(tmp_path)) == []
