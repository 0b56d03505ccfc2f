"""recording_info: the module's real main() against ordered HTTP expectations (module_harness). Read-only."""

import json

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_info
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import assert_refused, get_recording, not_found, run_module, warnings, year
from tests.unit.recording_factory import recording

R1 = recording("r1", created="2026-11-02T00:00:00Z", size=100, duration=10, location="loc-hq")
R2 = recording("r2", created="2026-11-01T00:00:00Z", size=50, duration=5, owner="bob@example.com", location="loc-branch")


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_info, args, expectations, **kwargs)


def test_lists_the_year_and_summarises(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(), year("available", [R1, R2]))
    result = out.result
    assert (result["changed"], result["count"], result["not_found"]) == (False, 2, [])
    assert [(r["id"], r["owner_email"], r["location_id"], r["call_session_id"]) for r in result["recordings"]] == [
        ("r1", "alice@example.com", "loc-hq", "session-1"),
        ("r2", "bob@example.com", "loc-branch", "session-1"),
    ]
    summary = result["summary"]
    assert (summary["count"], summary["total_size_bytes"], summary["total_duration_seconds"]) == (2, 150, 15)
    assert summary["by_owner"] == {"alice@example.com": 1, "bob@example.com": 1} and summary["by_status"] == {"available": 2}
    assert summary["by_location"] == {"loc-hq": 1, "loc-branch": 1}
    assert out.writes == []


def test_by_ids_with_metadata_reports_unknown_ids(monkeypatch, capsys):
    expectations = [
        get_recording(R1),
        not_found("gone"),
        Expect("GET", "/convergedRecordings/r1/metadata", query={"showAllTypes": "true"}, json={"callActivity": {"callType": "external"}}),
    ]
    result = run(monkeypatch, capsys, dict(recording_ids=["r1", "gone"], metadata=True, show_all_types=True, concurrency=1), expectations).result
    assert (result["changed"], result["count"], result["not_found"]) == (False, 1, ["gone"])
    assert result["recordings"][0]["metadata"] == {"call_activity": {"call_type": "external"}}
    assert warnings(result) == ["1 of the recording_ids are unknown to Webex (HTTP 404), see not_found: gone"]


def test_a_second_run_and_check_mode_give_the_same_read_only_answer(monkeypatch, capsys, tmp_path):
    """Idempotent and check mode: the same requests (reads only), the same result, changed=false."""
    path = str(tmp_path / "info.jsonl")
    runs = [run(monkeypatch, capsys, dict(owner_email="alice@example.com", results_file=path), year("available", [R1], ownerEmail="alice@example.com"),
                check_mode=check) for check in (False, False, True)]
    for out in runs:
        assert out.writes == [] and out.result["changed"] is False and out.result["count"] == 1 and "recordings" not in out.result
        assert out.requests == runs[0].requests
    with open(path) as handle:
        assert [json.loads(line)["id"] for line in handle] == ["r1"]


def test_summary_only(monkeypatch, capsys):
    result = run(monkeypatch, capsys, dict(summary_only=True, status=["available", "deleted"]),
                 year("available", [R1]) + year("deleted", [dict(R2, status="deleted")])).result
    assert "recordings" not in result and result["summary"]["by_status"] == {"available": 1, "deleted": 1}


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(concurrency=0), "concurrency"),
        (dict(show_all_types=True), "show_all_types"),
        (dict(summary_only=True, details=True), "details"),
        (dict(results_file="/no/such/folder/x.jsonl"), "results_file"),
        (dict(status=["purged"]), "status"),
        (dict(access_level="user", owner_email="a@example.com"), "owner_email"),
        (dict(access_level="root"), "access_level"),
        (dict(api_url="webexapis.com"), "api_url"),
        (dict(access_token=None), "access_token"),
        (dict(client_id="client-1", client_secret="client-secret-1"), "refresh_token"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)


def test_an_api_error_fails_with_the_tracking_id(monkeypatch, capsys):
    error = {"message": "Forbidden", "errors": [{"description": "missing scope"}], "trackingId": "T-403"}
    result = run(monkeypatch, capsys, dict(recording_ids=["r1"]), [Expect("GET", "/convergedRecordings/r1", status=403, json=error)]).result
    assert result["failed"] is True and (result["error"]["status"], result["error"]["tracking_id"]) == (403, "T-403")
    assert "GET /convergedRecordings/r1 failed with HTTP 403" in result["msg"]
