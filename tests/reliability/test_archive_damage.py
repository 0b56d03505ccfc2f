"""Archive damage between runs: what a kill in the middle of a download leaves (a ``.part`` file, a file cut short
under its final name, a recording whose rows never reached the manifest), and files that changed or vanished since.

The next run must detect every one of them and fetch it again, and never purge a recording whose archive is no longer
intact (the recycle bin is the last copy Webex keeps).
"""

import datetime
import json
import os
import random

from tests.reliability import harness
from tests.reliability.scenarios import SCENARIOS


def plant_damage(dest, rng, ids=None):
    """Damage the archive in ``dest`` (only recordings in ``ids``, when given); return ``{path: what was done}``."""
    manifest_path = os.path.join(dest, "manifest.json")
    with open(manifest_path) as handle:
        manifest = json.load(handle)
    rows = sorted((row for row in manifest["files"] if ids is None or row["recording_id"] in ids), key=lambda row: row["file"])
    audio = [row for row in rows if row["kind"] == "audio" and row["bytes"] > 1000]
    others = [row for row in rows if row["kind"] not in ("audio", "metadata")]
    rng.shuffle(audio)
    assert len(audio) >= 3, "not enough archived recordings to damage"
    truncated, missing, forgotten = audio[0], audio[1], audio[2]
    planted = {}
    with open(os.path.join(dest, truncated["file"]), "r+b") as handle:
        handle.truncate(truncated["bytes"] // 2)
    planted[truncated["file"]] = "cut to half, listed in the manifest"
    os.remove(os.path.join(dest, missing["file"]))
    with open(os.path.join(dest, missing["file"] + ".part"), "wb") as handle:
        handle.write(b"\xff\xf3" * 100)
    planted[missing["file"]] = "gone, a .part of a killed download beside it"
    # A recording whose rows never reached the manifest (killed before the manifest was written), its file cut short.
    manifest["files"] = [row for row in manifest["files"] if row["recording_id"] != forgotten["recording_id"]]
    manifest["recordings"].pop(forgotten["recording_id"], None)
    with open(os.path.join(dest, forgotten["file"]), "r+b") as handle:
        handle.truncate(forgotten["bytes"] // 3)
    planted[forgotten["file"]] = "cut short, its recording not in the manifest"
    with open(manifest_path, "w") as handle:
        json.dump(manifest, handle)
    if others:
        changed = others[rng.randrange(len(others))]
        with open(os.path.join(dest, changed["file"]), "r+b") as handle:
            handle.write(b"X" * min(16, changed["bytes"]))
        planted[changed["file"]] = "same size, different content"
    return planted


def test_offboarding_fetches_damaged_files_again(work_dir):
    scenario = SCENARIOS["offboarding"]
    seed = scenario.default_seeds[0]
    run_dir = os.path.join(str(work_dir), "run")
    dest = scenario.archive_dir(run_dir)
    sim = harness.start_sim(*scenario.sim_args(seed))
    try:
        recordings = harness.recordings_by_id(sim)
        first = scenario.run(sim, run_dir)
        assert first.rc == 0, first
        planted = plant_damage(dest, random.Random(seed))
        assert len(harness.files_looking_complete_but_wrong(dest, recordings)) >= 2, "the planted damage is not visible"
        second = scenario.run(sim, run_dir)
    finally:
        sim.stop()
    assert second.rc == 0, second
    check = harness.ArchiveCheck(dest, recordings)
    assert not check.problems, "after damage (%s), the next run left:\n%s" % (planted, "\n".join(check.problems))
    wrong = harness.files_looking_complete_but_wrong(dest, recordings)
    assert not wrong, "damaged files still look complete after the next run:\n" + "\n".join(wrong)
    for path, what in sorted(planted.items()):
        assert os.path.exists(os.path.join(dest, path)), "%s (%s) was not fetched again" % (path, what)
    harness.record_figures("archive_damage", target="offboarding", seed=seed, runs=2, damaged_files=len(planted), losses=0)


def age_ledger(path, days):
    """Pretend ``days`` have passed: every first-seen time in the recycle-bin ledger moves back."""
    with open(path) as handle:
        ledger = json.load(handle)
    for rec_id, seen in ledger.items():
        when = datetime.datetime.strptime(seen[:19], "%Y-%m-%dT%H:%M:%S") - datetime.timedelta(days=days)
        ledger[rec_id] = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with open(path, "w") as handle:
        json.dump(ledger, handle)


def test_retention_never_purges_what_is_no_longer_archived(work_dir):
    """Run 1 archives and trashes; the archive is damaged; run 2 sees the recycle bin; 31 days later, run 3 purges
    what has been there past the grace period. A recording whose archive is damaged must be fetched again (it is still
    in the recycle bin) or kept, never purged."""
    scenario = SCENARIOS["retention"]
    seed = scenario.default_seeds[0]
    run_dir = os.path.join(str(work_dir), "run")
    dest = scenario.archive_dir(run_dir)
    ledger = os.path.join(scenario.report_dir(run_dir), "retention-recycle-bin-ledger.json")
    sim = harness.start_sim(*scenario.sim_args(seed))
    try:
        recordings = harness.recordings_by_id(sim)
        before = harness.state(sim)
        first = scenario.run(sim, run_dir)
        after_first = harness.state(sim)
        # What run 1 archived and trashed (the recycle bin held other recordings before, never archived by us).
        trashed = set(
            rec_id for rec_id, (status, _owner) in after_first["items"].items() if status == "deleted" and before["items"][rec_id][0] == "available"
        )
        planted = plant_damage(dest, random.Random(seed), ids=trashed)
        second = scenario.run(sim, run_dir)
        age_ledger(ledger, 31)
        third = scenario.run(sim, run_dir)
        after_third = harness.state(sim)
    finally:
        sim.stop()
    for run in (first, second, third):
        assert run.rc == 0, run
    check = harness.ArchiveCheck(dest, recordings)
    purged_now = [rec_id for rec_id in trashed if after_third["items"].get(rec_id, ("gone",))[0] in ("purged", "gone")]
    assert purged_now, "nothing was purged after the grace period: the test tests nothing"
    lost = sorted(rec_id for rec_id in purged_now if not check.archived(rec_id))
    damaged = dict((path, what) for path, what in planted.items() if any(rec_id in path for rec_id in lost))
    harness.record_figures("archive_damage", target="retention", seed=seed, runs=3, damaged_files=len(planted), losses=len(lost),
                           processed=len(purged_now), recordings=len(before["items"]), failed=bool(lost))
    assert not lost, "purged with a damaged archive (%d): %s\ndamage: %s" % (len(lost), lost, damaged)
