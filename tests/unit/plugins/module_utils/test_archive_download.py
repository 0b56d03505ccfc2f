"""Streaming downloads and the archiver's request sequence, over a faked HTTP transport (a requests adapter).

Everything above the socket is real: the client's session, retries and errors, the ``.part`` files, the manifest.
"""

import hashlib
import io
import json
import os
import stat
import time

import pytest
from urllib3.exceptions import ProtocolError

from ansible_collections.wxc.recordings.plugins.module_utils._archive_plan import diff_of
from ansible_collections.wxc.recordings.plugins.module_utils._archiver import Archiver
from ansible_collections.wxc.recordings.plugins.module_utils._download import DownloadError, stream_to_file
from ansible_collections.wxc.recordings.plugins.module_utils._errors import ArchiveError
from ansible_collections.wxc.recordings.plugins.module_utils._files import part_path
from tests.unit.fake_transport import Expect, FakeTransport, fake_client

BASE = "https://webexapis.example/v1"
DL = "https://dl.example/downloads"
TOKEN = "tok-SECRET-canary"
RID = "r1"
AUDIO = bytes(range(256)) * 40  # 10,240 bytes
VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:05.000\nhello\n"
NOTES = b"<html><body>notes</body></html>"
METADATA = {"id": RID, "orgId": "o1", "serviceData": {"callSessionId": "c1"}}

RECORDING = {
    "id": RID,
    "topic": "Weekly sync: Q1/Q2",
    "createTime": "2026-01-01T10:00:00Z",
    "ownerId": "u1",
    "ownerEmail": "alice@example.com",
    "ownerType": "user",
    "format": "MP3",
    "sizeBytes": len(AUDIO),
    "status": "available",
}
BASE_PATH = "alice@example.com/2026/01/2026-01-01_r1"


def sha(data):
    return hashlib.sha256(data).hexdigest()


class BrokenRaw:
    """A urllib3-like body that sends ``data`` and then loses the connection."""

    def __init__(self, data):
        self.data = data

    def stream(self, chunk_size, decode_content=True):
        yield self.data
        raise ProtocolError("Connection broken: connection reset by peer")

    def close(self):
        pass


class StreamingTransport(FakeTransport):
    """FakeTransport whose responses can stream a body (``Expect.body``) instead of holding it in memory."""

    def send(self, request, **kwargs):
        exp = self.expected[0] if self.expected else None
        body = getattr(exp, "body", None)
        response = super().send(request, **kwargs)
        if body is not None:
            response.raw = BrokenRaw(body.data) if isinstance(body, Broken) else io.BytesIO(body)
            response._content = False
            response._content_consumed = False
        return response


class Broken:
    def __init__(self, data):
        self.data = data


def client_with(expectations):
    client, _transport, sleeps = fake_client([], base_url=BASE)
    transport = StreamingTransport(BASE, expectations)
    client.session.mount("https://", transport)
    client.session.mount("http://", transport)
    return client, transport, sleeps


def no_auth(request):
    assert "Authorization" not in request.headers, "a direct link must be fetched without the token"


def with_auth(request):
    assert request.headers.get("Authorization") == "Bearer " + TOKEN


def download(url, body, length=None, check=None, status=200):
    headers = {"Content-Length": str(len(body) if length is None else length)} if not isinstance(body, Broken) else {"Content-Length": str(length)}
    exp = Expect("GET", url, status=status, headers=headers, check=check)
    exp.body = body
    return exp


def links(generation=1, **fields):
    out = {"expiration": "2026-01-01T13:00:00.000Z"}
    for kind, field in (
        ("audio", "audioDownloadLink"),
        ("transcript", "transcriptDownloadLink"),
        ("suggested_notes", "suggestedNotesDownloadLink"),
    ):
        if fields.get(kind, False):
            out[field] = "%s/SIGNED%d-%s/%s" % (DL, generation, RID, kind)
    return out


def details(generation=1, **fields):
    return dict(RECORDING, temporaryDirectDownloadLinks=links(generation, **fields))


def link(kind, generation=1):
    return "%s/SIGNED%d-%s/%s" % (DL, generation, RID, kind)


def archiver(client, dest, **kwargs):
    kwargs.setdefault("concurrency", 1)
    return Archiver(client, str(dest), **kwargs)


def read(dest, relative):
    with open(os.path.join(str(dest), *relative.split("/")), "rb") as handle:
        return handle.read()


# ---------------------------------------------------------------------- stream_to_file


def test_stream_to_file_hashes_while_streaming_and_renames_a_complete_body(tmp_path):
    client, transport, _unused = client_with([download(link("audio"), AUDIO, check=no_auth)])
    target = str(tmp_path / "a.mp3")
    assert stream_to_file(client, link("audio"), target, mode=0o600, chunk_size=1000) == (len(AUDIO), sha(AUDIO))
    assert read(tmp_path, "a.mp3") == AUDIO
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert not os.path.exists(part_path(target))
    transport.assert_done()


def test_content_length_mismatch_keeps_no_file_and_never_renames_over_the_old_one(tmp_path):
    target = str(tmp_path / "a.mp3")
    with open(target, "wb") as handle:
        handle.write(b"previous content")
    client, transport, _unused = client_with([download(link("audio"), AUDIO[:5000], length=len(AUDIO))])
    with pytest.raises(DownloadError) as caught:
        stream_to_file(client, link("audio"), target, label="audio")
    assert caught.value.retryable
    assert "received 5000 bytes, Content-Length announced 10240" in str(caught.value)
    assert not os.path.exists(part_path(target))
    assert read(tmp_path, "a.mp3") == b"previous content"
    transport.assert_done()


def test_error_messages_never_contain_the_signed_link(tmp_path):
    client, _transport, _unused = client_with([Expect("GET", link("audio"), status=404, json={"message": "gone", "trackingId": "T-1"})])
    with pytest.raises(DownloadError) as caught:
        stream_to_file(client, link("audio"), str(tmp_path / "a.mp3"), label="audio")
    assert "SIGNED" not in str(caught.value)
    assert "HTTP 404" in str(caught.value) and "T-1" in str(caught.value)
    assert not caught.value.expired


# ---------------------------------------------------------------------- the archiver


def first_run_expectations():
    return [
        Expect("GET", "/convergedRecordings/r1", json=details(audio=True, transcript=True, suggested_notes=True)),
        download(link("audio"), AUDIO, check=no_auth),
        download(link("transcript"), VTT, check=no_auth),
        download(link("suggested_notes"), NOTES, check=with_auth),
        Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
    ]


def test_first_run_downloads_everything_and_a_second_run_sends_no_request(tmp_path):
    dest = tmp_path / "archive"
    client, transport, _unused = client_with(first_run_expectations())
    result = archiver(client, dest).run([RECORDING])
    transport.assert_done()
    assert result["changed"] and result["count"] == 1 and result["failed_count"] == 0
    (rec,) = result["recordings"]
    assert rec["outcome"] == "downloaded" and rec["archived"] is True
    files = dict((f["kind"], f) for f in rec["files"])
    assert files["audio"] == {"kind": "audio", "path": BASE_PATH + ".mp3", "bytes": len(AUDIO), "sha256": sha(AUDIO), "outcome": "downloaded"}
    assert files["suggested_notes"]["path"] == BASE_PATH + ".suggested_notes.html"
    assert json.loads(read(dest, BASE_PATH + ".metadata.json")) == METADATA
    assert result["bytes_downloaded"] == len(AUDIO) + len(VTT) + len(NOTES) + files["metadata"]["bytes"]
    manifest = json.loads(read(dest, "manifest.json"))
    assert sorted((r["kind"], r["sha256"]) for r in manifest["files"]) == sorted((f["kind"], f["sha256"]) for f in rec["files"])
    assert manifest["recordings"][RID]["complete"] is True
    assert stat.S_IMODE(os.stat(str(dest)).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(str(dest / "alice@example.com" / "2026")).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(os.path.join(str(dest), BASE_PATH + ".mp3")).st_mode) == 0o600

    client, transport, _unused = client_with([])  # any request would fail the test
    again = archiver(client, dest).run([RECORDING])
    assert again["changed"] is False and again["count"] == 0
    assert again["recordings"][0]["outcome"] == "verified" and again["recordings"][0]["archived"] is True
    assert again["total_bytes"] == result["bytes_downloaded"]


def test_expired_link_fetches_the_details_again_and_retries_once(tmp_path):
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),
            Expect("GET", link("audio"), status=403, json={"message": "The download link has expired.", "trackingId": "T-2"}),
            Expect("GET", "/convergedRecordings/r1", json=details(generation=2, audio=True)),
            download(link("audio", generation=2), AUDIO),
            Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
        ]
    )
    result = archiver(client, tmp_path).run([RECORDING])
    transport.assert_done()
    assert result["recordings"][0]["outcome"] == "downloaded"
    assert read(tmp_path, BASE_PATH + ".mp3") == AUDIO


def test_a_link_expired_twice_fails_that_recording_only_after_one_refresh(tmp_path):
    expired = {"message": "The download link has expired.", "trackingId": "T-3"}
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),
            Expect("GET", link("audio"), status=403, json=expired),
            Expect("GET", "/convergedRecordings/r1", json=details(generation=2, audio=True)),
            Expect("GET", link("audio", generation=2), status=403, json=expired),
            Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
        ]
    )
    result = archiver(client, tmp_path).run([RECORDING])
    transport.assert_done()
    (rec,) = result["recordings"]
    assert rec["outcome"] == "failed" and rec["archived"] is False
    assert "HTTP 403" in rec["error"] and "T-3" in rec["error"] and "SIGNED" not in rec["error"]


def test_truncated_body_is_retried_then_reported_and_the_manifest_keeps_what_succeeded(tmp_path):
    short = AUDIO[:4096]
    client, transport, sleeps = client_with(
        [
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),
            download(link("audio"), short, length=len(AUDIO)),
            download(link("audio"), short, length=len(AUDIO)),
            download(link("audio"), short, length=len(AUDIO)),
            Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
        ]
    )
    result = archiver(client, tmp_path).run([RECORDING])
    transport.assert_done()
    assert len(sleeps) == 2  # three attempts in all
    (rec,) = result["recordings"]
    assert rec["outcome"] == "failed" and rec["archived"] is False and result["failed_count"] == 1
    audio = [f for f in rec["files"] if f["kind"] == "audio"][0]
    assert audio["outcome"] == "failed" and "Content-Length announced 10240" in audio["error"]
    assert not os.path.exists(os.path.join(str(tmp_path), BASE_PATH + ".mp3"))
    assert not os.path.exists(os.path.join(str(tmp_path), BASE_PATH + ".mp3.part"))
    manifest = json.loads(read(tmp_path, "manifest.json"))
    assert [r["kind"] for r in manifest["files"]] == ["metadata"]
    assert manifest["recordings"][RID]["complete"] is False


def test_connection_lost_mid_stream_is_retried(tmp_path):
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),
            download(link("audio"), Broken(AUDIO[:3000]), length=len(AUDIO)),
            download(link("audio"), AUDIO),
            Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
        ]
    )
    result = archiver(client, tmp_path).run([RECORDING])
    transport.assert_done()
    assert result["recordings"][0]["outcome"] == "downloaded"
    assert read(tmp_path, BASE_PATH + ".mp3") == AUDIO


def test_a_corrupted_file_is_fetched_again_and_nothing_else(tmp_path):
    client, _transport, _unused = client_with(first_run_expectations())
    archiver(client, tmp_path).run([RECORDING])
    with open(os.path.join(str(tmp_path), BASE_PATH + ".transcript.vtt"), "wb") as handle:
        handle.write(b"WEBVTT\n\ntampered")
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True, transcript=True, suggested_notes=True)),
            download(link("transcript"), VTT),
        ]
    )
    engine = archiver(client, tmp_path)
    result = engine.run([RECORDING])
    transport.assert_done()
    assert result["changed"] and result["count"] == 1
    outcomes = dict((f["kind"], f["outcome"]) for f in result["recordings"][0]["files"])
    assert outcomes == {"audio": "verified", "transcript": "downloaded", "suggested_notes": "verified", "metadata": "verified"}
    assert read(tmp_path, BASE_PATH + ".transcript.vtt") == VTT
    diff = diff_of(result, engine.replaced)
    assert BASE_PATH + ".transcript.vtt" in diff["before"] and BASE_PATH + ".transcript.vtt" in diff["after"]


def test_check_mode_reports_files_and_known_bytes_and_writes_nothing(tmp_path):
    dest = tmp_path / "archive"
    client, transport, _unused = client_with([Expect("GET", "/convergedRecordings/r1", json=details(audio=True, transcript=True))])
    result = archiver(client, dest, check_mode=True).run([RECORDING])
    transport.assert_done()
    assert not dest.exists()
    assert result["changed"] and result["count"] == 1
    assert result["bytes_to_download"] == result["total_bytes"] == len(AUDIO)
    assert result["unknown_size_files"] == 2  # transcript and metadata
    files = [(f["kind"], f["outcome"], f["bytes"]) for f in result["recordings"][0]["files"]]
    assert files == [("audio", "would_download", len(AUDIO)), ("transcript", "would_download", None), ("metadata", "would_download", None)]
    assert result["recordings"][0]["archived"] is False
    assert diff_of(result)["after"].startswith(BASE_PATH + ".mp3 (10240 bytes)\n")


def test_admin_access_level_is_refused_before_any_request(tmp_path):
    client, _transport, _unused = client_with([])
    with pytest.raises(ArchiveError, match="compliance officer's token"):
        archiver(client, tmp_path, access_level="admin").run([RECORDING])


def test_a_token_without_any_link_is_refused_before_downloading(tmp_path):
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r1", json=RECORDING),
            Expect("GET", "/convergedRecordings/r2", json=dict(RECORDING, id="r2")),
        ]
    )
    with pytest.raises(ArchiveError, match="no download links for any of the 2 selected recordings.*compliance officer's token"):
        archiver(client, tmp_path / "a").run([RECORDING, dict(RECORDING, id="r2")])
    transport.assert_done()
    assert not (tmp_path / "a").exists()


def test_prevent_download_recordings_are_skipped_with_a_reason(tmp_path):
    other = dict(RECORDING, id="r2", createTime="2026-01-02T10:00:00Z")
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r2", json=other),  # Prevent Downloading: no links
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),
            download(link("audio"), AUDIO),
            Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
        ]
    )
    result = archiver(client, tmp_path).run([other, RECORDING])
    transport.assert_done()
    skipped, done = result["recordings"]
    assert skipped["outcome"] == "skipped" and skipped["archived"] is False and "Prevent Downloading" in skipped["reason"]
    assert done["outcome"] == "downloaded"
    assert result["skipped_count"] == 1 and result["failed_count"] == 0


def test_verify_only_reports_mismatches_without_any_request(tmp_path):
    client, _transport, _unused = client_with(first_run_expectations())
    archiver(client, tmp_path).run([RECORDING])
    os.remove(os.path.join(str(tmp_path), BASE_PATH + ".metadata.json"))
    with open(os.path.join(str(tmp_path), BASE_PATH + ".mp3"), "r+b") as handle:
        handle.write(b"X")  # same size, other content
    client, _transport, _unused = client_with([])
    result = archiver(client, tmp_path).verify(["r1", "r-unknown"])
    assert result["changed"] is False and result["mismatch_count"] == 2
    rec, unknown = result["recordings"]
    assert rec["outcome"] == "mismatch" and rec["archived"] is False
    assert dict((f["kind"], f["outcome"]) for f in rec["files"]) == {
        "audio": "mismatch",
        "transcript": "verified",
        "suggested_notes": "verified",
        "metadata": "missing",
    }
    assert unknown["outcome"] == "not_archived"


def test_details_older_than_an_hour_are_fetched_again_before_downloading(tmp_path):
    ticks = [0.0, 3601.0]  # looked up at 0 s, downloaded after an hour (and stays there)
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),
            Expect("GET", "/convergedRecordings/r1", json=details(generation=2, audio=True)),
            download(link("audio", generation=2), AUDIO),
            Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
        ]
    )
    result = archiver(client, tmp_path, clock=lambda: ticks.pop(0) if len(ticks) > 1 else ticks[0]).run([RECORDING])
    transport.assert_done()
    assert result["recordings"][0]["outcome"] == "downloaded"


def test_details_from_the_selection_are_used_without_another_lookup(tmp_path):
    client, transport, _unused = client_with([download(link("audio"), AUDIO), Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA)])
    result = archiver(client, tmp_path).run([details(audio=True)])
    transport.assert_done()
    assert result["recordings"][0]["outcome"] == "downloaded"
    assert "temporaryDirectDownloadLinks" not in result["recordings"][0]


def test_a_prevented_recording_alone_is_skipped_when_an_archived_one_proves_the_token_gets_links(tmp_path):
    client, _transport, _unused = client_with(first_run_expectations())
    archiver(client, tmp_path).run([RECORDING])
    prevented = dict(RECORDING, id="r2")
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r2", json=prevented),
            Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),  # the probe: this token gets links
        ]
    )
    result = archiver(client, tmp_path).run([prevented, RECORDING])
    transport.assert_done()
    assert [r["outcome"] for r in result["recordings"]] == ["skipped", "verified"]
    assert result["changed"] is False


def test_a_prevented_recording_alone_is_skipped_when_the_manifest_proves_the_token_gets_links(tmp_path):
    # The pipeline "archive, then trash what is archived": on the next run only the prevented recording is
    # selected; the recording archived before (now in the recycle bin) is asked instead, after one that is gone.
    client, _transport, _unused = client_with(first_run_expectations())
    archiver(client, tmp_path).run([RECORDING])
    older = dict(RECORDING, id="r0", createTime="2025-06-01T10:00:00Z")
    client, _transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r0", json=dict(details(audio=True), id="r0", createTime=older["createTime"])),
            download(link("audio"), AUDIO),
            Expect("GET", "/convergedRecordings/r0/metadata", json=METADATA),
        ]
    )
    archiver(client, tmp_path).run([older])
    prevented = dict(RECORDING, id="r2")
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r2", json=prevented),
            Expect("GET", "/convergedRecordings/r1", status=404, json={"message": "not found"}),  # newest: purged since
            Expect("GET", "/convergedRecordings/r0", json=dict(details(audio=True), id="r0", status="deleted")),
        ]
    )
    result = archiver(client, tmp_path).run([prevented])
    transport.assert_done()
    assert [r["outcome"] for r in result["recordings"]] == ["skipped"]
    assert result["changed"] is False


def test_a_prevented_recording_alone_is_refused_when_no_archived_recording_gets_links(tmp_path):
    client, _transport, _unused = client_with(first_run_expectations())
    archiver(client, tmp_path).run([RECORDING])
    prevented = dict(RECORDING, id="r2")
    client, transport, _unused = client_with(
        [
            Expect("GET", "/convergedRecordings/r2", json=prevented),
            Expect("GET", "/convergedRecordings/r1", json=RECORDING),  # no links for the archived one either
        ]
    )
    with pytest.raises(ArchiveError, match="no download links for any of the 1 selected"):
        archiver(client, tmp_path).run([prevented])
    transport.assert_done()


def two_recordings_expectations(second, while_r2_runs):
    """r1 and ``second`` (r2) looked up, then each downloaded; ``while_r2_runs`` checks as r2's metadata is fetched."""
    return [
        Expect("GET", "/convergedRecordings/r1", json=details(audio=True)),
        Expect("GET", "/convergedRecordings/r2", json=dict(details(audio=True), id="r2", createTime=second["createTime"])),
        download(link("audio"), AUDIO),
        Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
        download(link("audio"), AUDIO),
        Expect("GET", "/convergedRecordings/r2/metadata", json=METADATA, check=while_r2_runs),
    ]


def test_the_manifest_is_written_while_downloading_so_a_killed_run_keeps_what_it_finished(tmp_path):
    seen = []

    def r1_is_in_the_manifest(request):
        # Called while r2 downloads: r1's checkpoint is written by the main thread meanwhile.
        path = os.path.join(str(tmp_path), "manifest.json")
        for _attempt in range(200):
            if os.path.exists(path):
                with open(path) as handle:
                    recordings = json.load(handle)["recordings"]
                if "r1" in recordings:
                    seen.append(sorted(recordings))
                    return
            time.sleep(0.025)
        raise AssertionError("no checkpoint of r1 while r2 was downloading")

    second = dict(RECORDING, id="r2", createTime="2026-01-02T10:00:00Z")
    client, transport, _unused = client_with(two_recordings_expectations(second, r1_is_in_the_manifest))
    result = archiver(client, tmp_path, checkpoint_seconds=0).run([RECORDING, second])
    transport.assert_done()
    assert seen == [["r1"]]  # r2 was not done yet: a checkpoint lists only what is finished
    assert [r["outcome"] for r in result["recordings"]] == ["downloaded", "downloaded"]
    with open(os.path.join(str(tmp_path), "manifest.json")) as handle:
        assert sorted(json.load(handle)["recordings"]) == ["r1", "r2"]


def checkpoint_run(tmp_path, clock):
    """Archive r1 then r2 with checkpoints due every 10 s of ``clock``; the manifest's ids as r2's metadata is fetched."""
    seen = []

    def manifest_while_r2_runs(request):
        path = os.path.join(str(tmp_path), "manifest.json")
        if os.path.exists(path):
            with open(path) as handle:
                seen.append(sorted(json.load(handle)["recordings"]))
        else:
            seen.append(None)

    second = dict(RECORDING, id="r2", createTime="2026-01-02T10:00:00Z")
    client, transport, _unused = client_with(two_recordings_expectations(second, manifest_while_r2_runs))
    result = archiver(client, tmp_path, clock=clock, checkpoint_seconds=10).run([RECORDING, second])
    transport.assert_done()
    assert [r["outcome"] for r in result["recordings"]] == ["downloaded", "downloaded"]
    return seen


def test_checkpoints_follow_the_injected_clock_not_the_wall_clock(tmp_path):
    """Each call of the injected clock is 100 s later: a checkpoint is due after r1, though the test takes milliseconds."""
    ticks = iter(range(0, 100000, 100))
    assert checkpoint_run(tmp_path, lambda: float(next(ticks))) == [["r1"]]


def test_no_checkpoint_before_the_injected_clock_says_so(tmp_path):
    assert checkpoint_run(tmp_path, lambda: 0.0) == [None]
