"""wxc.recordings.recording_info against the simulator: what it returns, what it costs, and its filters."""

import json
import os
from collections import Counter

from sim_helpers import ADMIN_LIST, COMPLIANCE_TOKEN, DETAILS, USER_LIST, calls, ok, recordings_where, writes

PLAYBOOK = "targets/recording_info.yml"


def newest_first(recordings):
    times = [r["create_time"] for r in recordings]
    return times == sorted(times, reverse=True)


def test_every_available_recording_with_a_summary_in_13_list_calls_also_in_check_mode(sim, run_playbook):
    available = recordings_where(sim, status="available")
    assert len(available) == 293
    for check in (False, True):
        sim.clear_requests()
        run = run_playbook(PLAYBOOK, {"scenario": "all"}, check=check)
        result = ok(run, "List every available recording of the organisation")
        assert result["changed"] is False
        assert result["count"] == 293
        assert set(r["id"] for r in result["recordings"]) == set(r["id"] for r in available)
        assert newest_first(result["recordings"])
        summary = result["summary"]
        assert summary["by_status"] == {"available": 293}
        assert summary["by_owner"] == dict(Counter(r["ownerEmail"] for r in available))
        assert summary["by_location"] == dict(Counter(r["serviceData"]["locationId"] for r in available))
        assert summary["total_size_bytes"] == sum(r["sizeBytes"] for r in available)
        assert calls(sim, ADMIN_LIST) == 13
        assert writes(sim) == []
    # snake_case, API names, serviceData flattened
    by_id = dict((r["id"], r) for r in available)
    one = result["recordings"][0]
    api = by_id[one["id"]]
    assert one["owner_email"] == api["ownerEmail"] and one["create_time"] == api["createTime"]
    assert one["size_bytes"] == api["sizeBytes"] and one["duration_seconds"] == api["durationSeconds"]
    assert one["location_id"] == api["serviceData"]["locationId"] and one["call_session_id"] == api["serviceData"]["callSessionId"]
    assert "service_data" not in one and "temporary_direct_download_links" not in one


def test_summary_only_returns_no_recordings(sim, run_playbook):
    sim.clear_requests()
    run = run_playbook(PLAYBOOK, {"scenario": "summary"})
    result = ok(run, "Summarise the organisation's live and trashed recordings")
    assert "recordings" not in result
    assert result["summary"]["by_status"] == {"available": 293, "deleted": 31}
    assert result["count"] == 324
    assert calls(sim, ADMIN_LIST) == 26


def test_results_file_holds_one_json_line_per_recording(sim, run_playbook, tmp_path):
    run = run_playbook(PLAYBOOK, {"scenario": "file"})
    result = ok(run, "Write headquarters' recordings to a file")
    assert "recordings" not in result and result["count"] == 250
    path = result["results_file"]
    assert path == os.path.join(str(tmp_path), "hq.jsonl") and not os.path.exists(path + ".part")
    with open(path) as handle:
        lines = [json.loads(line) for line in handle]
    assert len(lines) == 250 and set(r["location_id"] for r in lines) == {"loc-hq"}
    assert newest_first(lines)


def test_ids_with_metadata_as_compliance_officer_show_every_status_and_links(sim, run_playbook):
    purged = sorted(r["id"] for r in recordings_where(sim, ownerEmail="bob@example.com", status="purged"))[:1]
    downloadable = sorted(r["id"] for r in recordings_where(sim, ownerEmail="alice@example.com", status="available") if not r["_sim"]["preventDownload"])[:2]
    unknown = ["00000000-0000-4000-8000-000000000000"]
    sim.clear_requests()

    run = run_playbook(
        PLAYBOOK, {"scenario": "ids", "level": "compliance_officer", "lookup_ids": purged + downloadable + unknown}, token=COMPLIANCE_TOKEN
    )

    result = ok(run, "Look up recordings by id with download links and metadata")
    by_id = dict((r["id"], r) for r in result["recordings"])
    assert set(by_id) == set(purged + downloadable)
    assert by_id[purged[0]]["status"] == "purged"
    assert result["not_found"] == unknown
    for rid in downloadable:
        assert by_id[rid]["temporary_direct_download_links"]["audio_download_link"].startswith("http")
        assert by_id[rid]["metadata"]["owner_email"] == "alice@example.com"
        assert "service_data" in by_id[rid]["metadata"]
    assert calls(sim, DETAILS) == 4
    assert calls(sim, "GET /v1/convergedRecordings/{recordingId}/metadata") == 3


def test_details_give_links_to_a_compliance_officer_but_never_to_an_admin(sim, run_playbook):
    carols = recordings_where(sim, ownerEmail="carol@example.com", status="available")
    for level, token, links in (("compliance_officer", COMPLIANCE_TOKEN, True), ("admin", "sim-admin-token", False)):
        sim.clear_requests()
        run = run_playbook(PLAYBOOK, {"scenario": "details", "level": level}, token=token)
        result = ok(run, "List with details")
        assert result["count"] == len(carols) == 40
        with_links = [r["id"] for r in result["recordings"] if "temporary_direct_download_links" in r]
        expected = [r["id"] for r in carols if not r["_sim"]["preventDownload"]] if links else []
        assert sorted(with_links) == sorted(expected)
        assert calls(sim, DETAILS) == 40


def test_a_user_sees_only_their_own_recordings_through_the_user_endpoint(sim, run_playbook):
    alices = recordings_where(sim, ownerEmail="alice@example.com")
    sim.clear_requests()
    run = run_playbook(PLAYBOOK, {"scenario": "user"}, token="sim-alice-token")
    result = ok(run, "List my own recordings")
    assert set(r["id"] for r in result["recordings"]) == set(r["id"] for r in alices)
    assert calls(sim, USER_LIST) == 26 and calls(sim, ADMIN_LIST) == 0


def test_several_owners_and_a_call_session(sim, run_playbook):
    sim.clear_requests()
    run = run_playbook(PLAYBOOK, {"scenario": "session"})
    result = ok(run, "Filter on what the API cannot filter")
    assert sorted(r["owner_email"] for r in result["recordings"]) == ["alice@example.com", "bob@example.com"]
    # one listing of a year per owner
    assert calls(sim, ADMIN_LIST) == 26


def expected_ids(sim, keep):
    return set(r["id"] for r in recordings_where(sim, status="available") if keep(r))


def run_filters(run_playbook, **options):
    options["scenario"] = "filters"
    return set(r["id"] for r in ok(run_playbook(PLAYBOOK, options), "Filter by topic, type, region, size and dates")["recordings"])


def test_server_side_filters(sim, run_playbook):
    assert run_filters(run_playbook, topic="QUARTERLY") == expected_ids(sim, lambda r: "quarterly" in r["topic"].lower()) != set()
    assert run_filters(run_playbook, service_type="customerAssist", storage_region="GB") == expected_ids(
        sim, lambda r: r["serviceType"] == "customerAssist" and r["storageRegion"] == "GB"
    )
    assert run_filters(run_playbook, owner_type="virtualLine") == expected_ids(sim, lambda r: r["ownerType"] == "virtualLine") != set()


def test_size_and_date_filters(sim, run_playbook):
    assert run_filters(run_playbook, min_size_bytes=5000000) == expected_ids(sim, lambda r: r["sizeBytes"] >= 5000000) != set()
    times = sorted(r["createTime"] for r in recordings_where(sim, status="available"))
    after, before = times[50], times[120]
    sim.clear_requests()
    assert run_filters(run_playbook, created_after=after, created_before=before) == expected_ids(sim, lambda r: after <= r["createTime"] < before)
    # a window shorter than a year takes fewer list calls
    assert calls(sim, ADMIN_LIST) < 13
