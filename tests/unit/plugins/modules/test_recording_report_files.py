"""recording_report's files through its real main(): the mode option as YAML delivers it, and an honest ``changed``."""

import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils import _reporting
from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime
from ansible_collections.wxc.recordings.plugins.modules import recording_report
from tests.unit.plugins.modules.module_harness import assert_refused, run_module

INVENTORY = [
    {"id": "r1", "status": "available", "owner_email": "alice@example.com", "size_bytes": 3000, "create_time": "2026-10-01T00:00:00Z"},
    {"id": "r2", "status": "deleted", "owner_email": "bob@example.com", "size_bytes": 500, "create_time": "2026-08-01T00:00:00Z"},
]


def run(monkeypatch, capsys, args, **kwargs):
    return run_module(monkeypatch, capsys, recording_report, args, connection=False, **kwargs).result


def file_mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def frozen_time(monkeypatch):
    """Every report generated at the same instant, so that two runs can render the same bytes."""
    now = parse_datetime("2026-11-01T12:00:00Z")
    monkeypatch.setattr(_reporting, "utc_now", lambda: now)


@pytest.mark.parametrize(
    "mode, expected",
    [
        (420, 0o644),  # `mode: 0644` unquoted: YAML 1.1 reads it as octal, the module gets the int 420
        (384, 0o600),  # `mode: 0600` unquoted: the int 384, refused before the fix
        ("0600", 0o600),
        ("0640", 0o640),
        ("640", 0o640),
    ],
)
def test_mode_as_yaml_delivers_it(monkeypatch, capsys, tmp_path, mode, expected):
    old = os.umask(0o077)
    try:
        result = run(monkeypatch, capsys, dict(dest=str(tmp_path), name="m", recordings=INVENTORY, mode=mode))
    finally:
        os.umask(old)
    assert result.get("failed") is None, result.get("msg")
    assert sorted(result["files"]) == ["csv", "html", "json"]
    for path in result["files"].values():
        assert file_mode(path) == expected, (path, oct(file_mode(path)))


@pytest.mark.parametrize("mode", ["rw-r--r--", "0800", "77777", True])
def test_a_mode_that_is_not_one_is_refused_naming_the_option(monkeypatch, capsys, tmp_path, mode):
    dest = str(tmp_path / "reports")
    result = run_module(monkeypatch, capsys, recording_report, dict(dest=dest, name="m", mode=mode), connection=False)
    assert_refused(result, "mode")
    assert result.result["option"] == "mode"
    assert not os.path.exists(dest)


def test_changed_when_the_files_are_created_then_not_when_they_already_hold_the_report(monkeypatch, capsys, tmp_path, frozen_time):
    args = dict(dest=str(tmp_path), name="storage", recordings=INVENTORY)
    first = run(monkeypatch, capsys, args)
    assert first["changed"] is True
    stamps = dict((path, os.stat(path).st_mtime_ns) for path in first["files"].values())
    second = run(monkeypatch, capsys, args)
    assert second["changed"] is False
    assert dict((path, os.stat(path).st_mtime_ns) for path in second["files"].values()) == stamps, "an identical file was rewritten"


def test_changed_when_only_the_mode_differs(monkeypatch, capsys, tmp_path, frozen_time):
    args = dict(dest=str(tmp_path), name="storage", recordings=INVENTORY, formats=["json"])
    run(monkeypatch, capsys, args)
    result = run(monkeypatch, capsys, dict(args, mode="0640"))
    assert result["changed"] is True and file_mode(result["files"]["json"]) == 0o640


def test_changed_when_the_report_differs(monkeypatch, capsys, tmp_path, frozen_time):
    args = dict(dest=str(tmp_path), name="storage", recordings=INVENTORY, formats=["csv"])
    run(monkeypatch, capsys, args)
    result = run(monkeypatch, capsys, dict(args, recordings=INVENTORY[:1]))
    assert result["changed"] is True
    with open(result["files"]["csv"]) as handle:
        assert "r2" not in handle.read()


def test_check_mode_writes_the_dry_run_report_and_says_it_changed(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "reports")
    result = run(monkeypatch, capsys, dict(dest=dest, name="dry", recordings=INVENTORY, dry_run=True), check_mode=True)
    assert result["changed"] is True
    assert sorted(os.listdir(dest)) == ["dry.csv", "dry.html", "dry.json"]
    assert file_mode(dest) == 0o700
