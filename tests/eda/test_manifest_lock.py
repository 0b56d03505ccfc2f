"""Archive runs into one dest at the same time (one per webhook event) each keep their recordings in the manifest:
the manifest is read again and merged under manifest.lock when written."""

import threading

from ansible_collections.wxc.recordings.plugins.module_utils import _manifest


def update(rid):
    row = {"recording_id": rid, "kind": "audio", "file": "%s.mp3" % rid, "bytes": 1, "sha256": "0" * 64, "archived_at": "2026-01-01T00:00:00.000Z"}
    return {"entry": {"id": rid, "complete": True, "artefacts": ["audio"]}, "rows": [row]}


def test_a_run_that_loaded_the_manifest_earlier_does_not_drop_another_runs_rows(tmp_path):
    dest = str(tmp_path)
    stale = _manifest.load_manifest(dest)  # run A loads an empty manifest
    _manifest.save_updates(dest, [update("b")], 0o600)  # run B finishes first
    assert stale == _manifest.empty_manifest()
    _manifest.save_updates(dest, [update("a")], 0o600)  # run A writes later
    assert sorted(_manifest.load_manifest(dest)["recordings"]) == ["a", "b"]


def test_concurrent_writers_lose_nothing(tmp_path):
    dest = str(tmp_path)
    ids = ["r%03d" % i for i in range(40)]
    threads = [threading.Thread(target=_manifest.save_updates, args=(dest, [update(rid)], 0o600)) for rid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    manifest = _manifest.load_manifest(dest)
    assert sorted(manifest["recordings"]) == ids
    assert sorted(key[0] for key in manifest["files"]) == ids
