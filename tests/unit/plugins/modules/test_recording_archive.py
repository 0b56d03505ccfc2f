"""recording_archive: the module's real main() against ordered HTTP expectations, downloads included (module_harness).

Download links are absolute URLs on another host; the harness's transport streams their bytes.
"""

import hashlib
import json
import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_archive
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import TOKEN, assert_refused, download, get_recording, run_module
from tests.unit.recording_factory import recording

DL = "https://dl.example/downloads"
AUDIO = bytes(range(256)) * 8
VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:05.000\nhello\n"
NOTES = b"<html><body>notes</body></html>"
METADATA = {"id": "r1", "serviceData": {"callSessionId": "c1"}}
BASE_PATH = "alice@example.com/2026/11/2026-11-02_r1"


def details(**links):
    body = {"expiration": "2026-11-30T23:00:00.000Z"}
    for kind, field in (("audio", "audioDownloadLink"), ("transcript", "transcriptDownloadLink"), ("suggested_notes", "suggestedNotesDownloadLink")):
        if links.get(kind):
            body[field] = "%s/SIGNED-r1/%s" % (DL, kind)
    return recording("r1", created="2026-11-02T10:00:00Z", size=len(AUDIO), temporaryDirectDownloadLinks=body)


def link(kind):
    return "%s/SIGNED-r1/%s" % (DL, kind)


def no_auth(request):
    assert "Authorization" not in request.headers, "a direct link must be fetched without the token"


def with_auth(request):
    assert request.headers.get("Authorization") == "Bearer " + TOKEN


def first_run():
    return [
        get_recording(details(audio=True, transcript=True, suggested_notes=True)),
        download(link("audio"), AUDIO, check=no_auth),
        download(link("transcript"), VTT, check=no_auth),
        download(link("suggested_notes"), NOTES, check=with_auth),
        Expect("GET", "/convergedRecordings/r1/metadata", json=METADATA),
    ]


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    args = dict(dict(concurrency=1), **args)
    return run_module(monkeypatch, capsys, recording_archive, args, expectations, **kwargs)


def read(dest, relative):
    with open(os.path.join(dest, *relative.split("/")), "rb") as handle:
        return handle.read()


def test_downloads_every_artefact_then_a_second_run_downloads_nothing(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "archive")
    out = run(monkeypatch, capsys, dict(recording_ids=["r1"], dest=dest), first_run())
    result = out.result
    assert (result["changed"], result["count"], result["failed_count"], result["not_found"]) == (True, 1, 0, [])
    (entry,) = result["recordings"]
    assert (entry["id"], entry["outcome"], entry["archived"]) == ("r1", "downloaded", True)
    files = dict((f["kind"], f) for f in entry["files"])
    assert sorted(files) == ["audio", "metadata", "suggested_notes", "transcript"]
    assert files["audio"] == {"kind": "audio", "path": BASE_PATH + ".mp3", "bytes": len(AUDIO), "sha256": hashlib.sha256(AUDIO).hexdigest(),
                              "outcome": "downloaded"}
    assert read(dest, BASE_PATH + ".mp3") == AUDIO and read(dest, BASE_PATH + ".transcript.vtt") == VTT
    assert json.loads(read(dest, BASE_PATH + ".metadata.json")) == METADATA
    assert json.loads(read(dest, "manifest.json"))["recordings"]["r1"]["complete"] is True
    assert stat.S_IMODE(os.stat(os.path.join(dest, BASE_PATH + ".mp3")).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o700
    assert "SIGNED" not in json.dumps(result), "a signed download link reached the result"

    again = run(monkeypatch, capsys, dict(recording_ids=["r1"], dest=dest), [get_recording(details(audio=True, transcript=True, suggested_notes=True))])
    assert (again.result["changed"], again.result["count"], again.result["failed_count"]) == (False, 0, 0)
    assert again.requests == [("GET", "/convergedRecordings/r1")], "an archived recording is neither looked up again nor downloaded"
    assert [(r["outcome"], r["archived"]) for r in again.result["recordings"]] == [("verified", True)]


def test_an_integer_mode_is_the_octal_permission(monkeypatch, capsys, tmp_path):
    """An unquoted ``mode: 0644`` in YAML reaches the module as the integer 420, which is 0o644."""
    dest = str(tmp_path / "archive")
    run(monkeypatch, capsys, dict(recording_ids=["r1"], dest=dest, mode=420, directory_mode="0750"), first_run())
    assert stat.S_IMODE(os.stat(os.path.join(dest, BASE_PATH + ".mp3")).st_mode) == 0o644
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o750


def test_check_mode_downloads_nothing_and_writes_nothing(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "archive")
    out = run(monkeypatch, capsys, dict(recording_ids=["r1"], dest=dest), [get_recording(details(audio=True, transcript=True))], check_mode=True,
              diff=True)
    result = out.result
    assert out.requests == [("GET", "/convergedRecordings/r1")] and not os.path.exists(dest)
    assert (result["changed"], result["count"], result["bytes_to_download"], result["unknown_size_files"]) == (True, 1, len(AUDIO), 2)
    assert result["recordings"][0]["outcome"] == "would_download"


def test_verify_only_checks_the_manifest_without_any_request(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "archive")
    run(monkeypatch, capsys, dict(recording_ids=["r1"], dest=dest), first_run())
    good = run(monkeypatch, capsys, dict(dest=dest, verify_only=True, access_level="admin"))
    assert good.transport.seen == [] and (good.result["changed"], good.result["mismatch_count"]) == (False, 0)
    with open(os.path.join(dest, BASE_PATH + ".mp3"), "ab") as handle:
        handle.write(b"tampered")
    bad = run(monkeypatch, capsys, dict(dest=dest, verify_only=True, access_level="admin"))
    assert bad.transport.seen == [] and bad.result["mismatch_count"] == 1 and bad.result.get("failed") is None
    assert read(dest, BASE_PATH + ".mp3").endswith(b"tampered"), "verify_only changed a file"


def test_an_admin_token_gets_no_links_and_the_task_refuses_before_any_download(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "archive")
    out = run(monkeypatch, capsys, dict(recording_ids=["r1"], dest=dest, access_level="admin"), [get_recording(details())])
    assert out.result["failed"] is True and out.requests == [("GET", "/convergedRecordings/r1")]
    assert "compliance" in out.result["msg"] and not os.path.exists(os.path.join(dest, BASE_PATH + ".mp3"))


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(path_template="{owner_email}/{date}"), "path_template"),
        (dict(mode="rwx"), "mode"),
        (dict(directory_mode="0999"), "directory_mode"),
        (dict(concurrency=33), "concurrency"),
        (dict(timezone="Mars/Olympus"), "timezone"),
        (dict(plan_file="/no/such/plan.json"), "plan_file"),
        (dict(plan_file="/tmp/plan.json", owner_email="a@example.com"), "mutually exclusive: plan_file|owner_email"),
        (dict(access_level="user", owner_email="a@example.com"), "owner_email"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, tmp_path, args, option):
    assert_refused(run(monkeypatch, capsys, dict(dict(dest=str(tmp_path / "archive")), **args)), option)


def test_an_unwritable_results_file_is_refused_before_any_request(monkeypatch, capsys, tmp_path):
    out = run(monkeypatch, capsys, dict(recording_ids=["r1"], dest=str(tmp_path / "archive"), results_file="/no/such/folder/out.jsonl"))
    assert_refused(out, "results_file")
