"""recording_info: options, enrichment with details and metadata, the results file."""

import json
import os

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._info import JsonLinesFile, collect_info, enriched, validate_info_options
from ansible_collections.wxc.recordings.plugins.module_utils._selection import selection_argument_spec
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import recording


def params(**options):
    values = dict((name, None) for name in selection_argument_spec())
    values.update(access_level="admin", details=False, metadata=False, show_all_types=False, summary_only=False, results_file=None, concurrency=1)
    values.update(options)
    return values


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"show_all_types": True}, "show_all_types"),
        ({"summary_only": True, "details": True}, "details"),
        ({"summary_only": True, "metadata": True}, "metadata"),
        ({"summary_only": True, "results_file": "/tmp/x.jsonl"}, "results_file"),
        ({"results_file": "/no/such/folder/x.jsonl"}, "results_file"),
    ],
)
def test_info_options_are_checked(options, option):
    with pytest.raises(OptionError) as caught:
        validate_info_options(params(**options))
    assert caught.value.option == option


def test_details_and_metadata_are_added_and_a_vanished_recording_keeps_its_listed_fields():
    listed = [recording("r1"), recording("r2")]
    details = dict(recording("r1"), temporaryDirectDownloadLinks={"audioDownloadLink": "https://dl/1"})
    client, transport, _sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/r1", json=details),
            Expect(
                "GET",
                "/convergedRecordings/r1/metadata",
                query={"showAllTypes": "true"},
                json={"ownerEmail": "alice@example.com", "serviceData": {"callId": "c"}},
            ),
            Expect("GET", "/convergedRecordings/r2", status=404, json={"message": "Not Found", "trackingId": "NF"}),
            Expect("GET", "/convergedRecordings/r2/metadata", status=204),
        ],
        concurrency=1,
    )
    out = [facts for _raw, facts in enriched(client, listed, details=True, metadata=True, show_all_types=True, concurrency=1)]
    transport.assert_done()
    assert out[0]["temporary_direct_download_links"] == {"audio_download_link": "https://dl/1"}
    assert out[0]["metadata"] == {"owner_email": "alice@example.com", "service_data": {"call_id": "c"}}
    assert "temporary_direct_download_links" not in out[1] and out[1]["metadata"] is None


def test_recordings_fetched_by_id_are_not_fetched_again_for_details():
    client, transport, _sleeps = fake_client([])
    out = list(enriched(client, [recording("r1")], details=True, detailed=True))
    assert len(out) == 1 and transport.seen == []


def test_collect_info_by_ids_summarises_and_writes_the_file_atomically(tmp_path):
    path = str(tmp_path / "out.jsonl")
    client, transport, _sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/a", json=recording("a", created="2026-01-01T00:00:00Z", size=5)),
            Expect("GET", "/convergedRecordings/b", json=recording("b", created="2026-02-01T00:00:00Z", size=7, status="deleted")),
            Expect("GET", "/convergedRecordings/c", status=404, json={"message": "Not Found", "trackingId": "NF"}),
        ],
        concurrency=1,
    )
    result = collect_info(client, params(recording_ids=["a", "b", "c"], results_file=path))
    transport.assert_done()
    assert "recordings" not in result and result["results_file"] == path
    assert result["count"] == 2 and result["not_found"] == ["c"]
    assert result["summary"]["total_size_bytes"] == 12 and result["summary"]["by_status"] == {"available": 1, "deleted": 1}
    with open(path) as handle:
        assert [json.loads(line)["id"] for line in handle] == ["b", "a"]
    assert not os.path.exists(path + ".part")


def test_a_discarded_results_file_leaves_nothing_behind(tmp_path):
    path = str(tmp_path / "out.jsonl")
    output = JsonLinesFile(path)
    output.write({"id": "x"})
    output.discard()
    assert os.listdir(str(tmp_path)) == []
