"""API objects in snake_case, and summaries."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._records import recording_facts, snake_keys, snake_name, summarize
from tests.unit.recording_factory import recording


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("ownerEmail", "owner_email"),
        ("ownerID", "owner_id"),
        ("createTime", "create_time"),
        ("temporaryDirectDownloadLinks", "temporary_direct_download_links"),
        ("audioDownloadLink", "audio_download_link"),
        ("mLineIndex", "m_line_index"),
        ("showAllTypes", "show_all_types"),
        ("id", "id"),
        ("orgId", "org_id"),
    ],
)
def test_snake_name(name, snake):
    assert snake_name(name) == snake


def test_recording_facts_flatten_service_data_and_convert_nested_keys():
    item = recording("r1", location="loc-1", session="s-1")
    item["temporaryDirectDownloadLinks"] = {"audioDownloadLink": "https://x/audio", "expiration": "2026-01-01T03:00:00Z"}
    facts = recording_facts(item)
    assert facts["location_id"] == "loc-1" and facts["call_session_id"] == "s-1"
    assert "service_data" not in facts
    assert facts["owner_email"] == "alice@example.com" and facts["size_bytes"] == 1000 and facts["create_time"] == "2026-01-01T00:00:00Z"
    assert facts["temporary_direct_download_links"] == {"audio_download_link": "https://x/audio", "expiration": "2026-01-01T03:00:00Z"}


def test_snake_keys_walks_lists():
    assert snake_keys({"callActivity": [{"mediaStreams": [{"streamId": 1}]}]}) == {"call_activity": [{"media_streams": [{"stream_id": 1}]}]}


def test_summary_counts_by_status_owner_and_location():
    items = [
        recording("a", size=100, duration=10, created="2026-01-02T00:00:00Z"),
        recording("b", size=200, duration=20, status="deleted", owner="bob@example.com", location="loc-2", created="2026-01-01T00:00:00Z"),
        recording("c", size=300, duration=30, created="2026-01-03T00:00:00Z"),
    ]
    assert summarize(items) == {
        "count": 3,
        "total_size_bytes": 600,
        "total_duration_seconds": 60,
        "by_status": {"available": 2, "deleted": 1},
        "by_owner": {"alice@example.com": 2, "bob@example.com": 1},
        "by_location": {"loc-2": 1, "loc-hq": 2},
        "oldest_create_time": "2026-01-01T00:00:00Z",
        "newest_create_time": "2026-01-03T00:00:00Z",
    }
    assert summarize([])["count"] == 0
