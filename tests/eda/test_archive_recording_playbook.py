"""The playbook wxc.recordings.archive_recording archives a batch of recording_ids in one module run (what the rulebook
runs per batch of events): recordings whose REST data still lags (404) are waited for with short pauses while the
others are archived; an id that never appears fails the run after the bounded wait, naming it, with the rest archived;
a second run downloads nothing."""

import time

from tests.eda import harness

TASK = "Download every artefact into the archive and its manifest (waiting for recordings that still answer 404)"
LAG_MS = 5000  # long enough that the playbook, even on a loaded machine, asks before the recording appears


def details_lookups(sim, rid):
    """Statuses of GET /convergedRecordings/{rid}, in order."""
    return [e["status"] for e in sim.requests(log=True)["log"] if e["method"] == "GET" and e["path"].endswith("/convergedRecordings/" + rid)]


def test_a_batch_is_archived_in_one_run_waiting_briefly_for_the_lagging_ones(tmp_path):
    sim = harness.start_sim("--generate", "3", "--seed", "5", "--days", "1", "--owners", "2", "--details-lag-ms", str(LAG_MS))
    dest = str(tmp_path / "archive")
    try:
        new = [rid for rid, _at in harness.create_recordings(sim, 3)]
        started = time.time()
        run = harness.run_playbook(
            sim,
            "wxc.recordings.archive_recording",
            {"recording_ids": new + ["never-there"], "archive_dest": dest, "archive_recording_wait_seconds": 6, "archive_recording_retry_delay": 1},
        )
        took = time.time() - started
        archived = sorted(harness.manifest(dest)["recordings"])
        lookups = details_lookups(sim, new[0])
        never = details_lookups(sim, "never-there")
        assert run.rc != 0, "an id that never appears fails the run"
        result = run.result(TASK)
        assert result["not_found"] == ["never-there"] and sorted(r["id"] for r in result["recordings"]) == sorted(new), result
        assert archived == sorted(new), "the batch is archived though one id never appeared"
        assert "1 of 4 recordings still answer 404 after 6 s (archive_recording_wait_seconds): never-there" in run.stdout, run
        # The lag: 404 first, then found after pauses of 0.5 s, 1 s ... (not 5 s); the unknown id asked for at most every second.
        assert lookups[0] == 404 and lookups[-1] == 200 and len(lookups) >= 2, lookups
        assert 7 <= len(never) <= 9 and set(never) == {404}, "0.5 + 1 + 1 + 1 + 1 + 1 + 0.5 s: 8 lookups in the 6 s wait (%s)" % never
        assert took < 30, took

        again = harness.run_playbook(sim, "wxc.recordings.archive_recording", {"recording_ids": ",".join(new), "archive_dest": dest})
        assert again.rc == 0, again
        assert [r["outcome"] for r in again.result(TASK)["recordings"]] == ["verified"] * 3, "nothing is downloaded twice"
        assert "0 archived and verified, 3 already archived and verified (nothing downloaded)" in again.stdout
        assert not harness.check_archive(dest, sim.recordings())
    finally:
        sim.stop()
