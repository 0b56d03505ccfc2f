"""recording_archive's not_found_wait through the module's real main() against ordered HTTP expectations: a recording
whose REST data lags its webhook (404) is looked up again after short, growing pauses and archived when it appears,
after the recordings found at once are already in the manifest; one that never appears is reported after the wait."""

import json
import os
import time

from ansible_collections.wxc.recordings.plugins.modules import recording_archive
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import assert_refused, download, get_recording, not_found, run_module
from tests.unit.recording_factory import recording

DL = "https://dl.example/downloads"
AUDIO = b"\x01\x02" * 100


def details(rid):
    links = {"expiration": "2026-11-30T23:00:00.000Z", "audioDownloadLink": "%s/SIGNED-%s/audio" % (DL, rid)}
    return recording(rid, created="2026-11-02T10:00:00Z", size=len(AUDIO), temporaryDirectDownloadLinks=links)


def archived(rid):
    return [
        download("%s/SIGNED-%s/audio" % (DL, rid), AUDIO),
        Expect("GET", "/convergedRecordings/%s/metadata" % rid, json={"id": rid}),
    ]


def manifest_ids(dest):
    path = os.path.join(dest, "manifest.json")
    if not os.path.exists(path):
        return []
    with open(path) as handle:
        return sorted(json.load(handle)["recordings"])


def run(monkeypatch, capsys, args, expectations, pauses):
    def sleep(seconds):
        pauses.append((seconds, manifest_ids(args["dest"])))

    monkeypatch.setattr(time, "sleep", sleep)
    return run_module(monkeypatch, capsys, recording_archive, dict(dict(concurrency=1), **args), expectations)


def test_a_lagging_recording_is_archived_when_it_appears_after_the_others(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "archive")
    pauses = []
    expectations = (
        [not_found("late"), get_recording(details("ok"))]
        + archived("ok")
        + [not_found("late"), get_recording(details("late"))]  # after 0.5 s still 404, after 1 s there
        + archived("late")
    )
    out = run(monkeypatch, capsys, dict(recording_ids=["late", "ok"], dest=dest, not_found_wait=60, not_found_max_delay=5), expectations, pauses)
    result = out.result
    assert pauses == [(0.5, ["ok"]), (1.0, ["ok"])], "the recording found at once is in the manifest before the first pause"
    assert (result["not_found"], result["count"], result["archived_count"], result["failed_count"], result["changed"]) == ([], 2, 2, 0, True)
    assert sorted((r["id"], r["outcome"]) for r in result["recordings"]) == [("late", "downloaded"), ("ok", "downloaded")]
    assert manifest_ids(dest) == ["late", "ok"]


def test_a_recording_that_never_appears_is_reported_after_the_bounded_wait(monkeypatch, capsys, tmp_path):
    dest = str(tmp_path / "archive")
    pauses = []
    expectations = [not_found("gone")] * 4
    out = run(monkeypatch, capsys, dict(recording_ids=["gone"], dest=dest, not_found_wait=1.2, not_found_max_delay=0.5), expectations, pauses)
    assert [seconds for seconds, _ids in pauses] == [0.5, 0.5, 0.2]
    assert out.result["not_found"] == ["gone"] and not out.result.get("failed")


def test_without_not_found_wait_a_404_is_asked_once(monkeypatch, capsys, tmp_path):
    pauses = []
    out = run(monkeypatch, capsys, dict(recording_ids=["gone"], dest=str(tmp_path / "a")), [not_found("gone")], pauses)
    assert pauses == [] and out.result["not_found"] == ["gone"]


def test_bad_wait_options_are_refused_before_any_request(monkeypatch, capsys, tmp_path):
    for option, value in (("not_found_wait", -1), ("not_found_max_delay", 0)):
        out = run(monkeypatch, capsys, {"recording_ids": ["r1"], "dest": str(tmp_path / "a"), option: value}, [], [])
        assert_refused(out, option)
