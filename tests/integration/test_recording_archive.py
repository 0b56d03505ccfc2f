"""wxc.recordings.recording_archive against the simulator, through ansible-playbook.

The simulator serves deterministic audio (``webex_sim.content.audio_sha256``), so the archive is checked against
what the server holds, not only against the module's own manifest.
"""

import hashlib
import json
import os
import stat

import pytest

from webex_sim.content import audio_sha256
from webex_sim.testing import SimulatorProcess

PLAYBOOK = "targets/recording_archive.yml"
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "fixtures", "org.yml")
COMPLIANCE_TOKEN = "sim-compliance-token"
ADMIN_TOKEN = "sim-admin-token"
DOWNLOADS = "GET /downloads/{token}/{artifact}"
DETAILS = "GET /v1/convergedRecordings/{recordingId}"
METADATA = "GET /v1/convergedRecordings/{recordingId}/metadata"


def sha_of(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def available(sim):
    return [r for r in sim.recordings() if r["status"] == "available"]


def smallest(recordings, **flags):
    matching = [r for r in recordings if all(r["_sim"][k] == v for k, v in flags.items())]
    return sorted(matching, key=lambda r: (r["sizeBytes"], r["id"]))


def pick(sim):
    """Small recordings with every mix of artefacts: notes (all five files), transcript only, audio only, prevented."""
    recs = available(sim)
    notes = smallest(recs, notes=True, transcript=True, preventDownload=False)[0]
    transcript = smallest(recs, notes=False, transcript=True, preventDownload=False)[0]
    plain = smallest(recs, notes=False, transcript=False, preventDownload=False)[:2]
    prevented = smallest(recs, preventDownload=True)[0]
    return [notes, transcript] + plain + [prevented]


def expected_kinds(recording):
    kinds = ["audio"]
    if recording["_sim"]["transcript"]:
        kinds.append("transcript")
    if recording["_sim"]["notes"]:
        kinds += ["suggested_notes", "short_notes", "action_items"]
    return kinds + ["metadata"]


def downloads(sim):
    return sim.requests()["by_endpoint"].get(DOWNLOADS, 0)


def test_check_mode_writes_nothing_and_reports_the_bytes(sim, run_playbook, tmp_path):
    dest = tmp_path / "archive"
    owned = [r for r in available(sim) if r["ownerEmail"] == "compliance@example.com" and not r["_sim"]["preventDownload"]]
    assert owned, "the fixture's compliance officer owns available recordings"
    run = run_playbook(PLAYBOOK, {"dest": str(dest), "owner": "compliance@example.com"}, check=True, diff=True, token=COMPLIANCE_TOKEN)
    assert run.rc == 0, run
    result = run.result("Archive")
    assert result["changed"] is True
    assert result["count"] == len(owned)
    assert result["total_bytes"] == result["bytes_to_download"] == sum(r["sizeBytes"] for r in owned)
    assert result["unknown_size_files"] == sum(len(expected_kinds(r)) - 1 for r in owned)
    assert result["bytes_downloaded"] == 0
    by_id = dict((r["id"], r) for r in result["recordings"])
    for recording in owned:
        planned = by_id[recording["id"]]
        assert planned["outcome"] == "would_download" and planned["archived"] is False
        assert [f["kind"] for f in planned["files"]] == expected_kinds(recording)
        assert all(f["outcome"] == "would_download" for f in planned["files"])
    assert ".mp3 (%d bytes)" % owned[0]["sizeBytes"] in result["diff"]["after"]
    assert not dest.exists()
    counts = sim.requests()["by_endpoint"]
    assert DOWNLOADS not in counts and METADATA not in counts


def test_archive_verifies_and_a_second_run_downloads_nothing(sim, run_playbook, tmp_path):
    dest = tmp_path / "archive"
    chosen = pick(sim)
    prevented = chosen[-1]
    variables = {"dest": str(dest), "ids": [r["id"] for r in chosen], "verify_after": True}
    run = run_playbook(PLAYBOOK, variables, diff=True, token=COMPLIANCE_TOKEN)
    assert run.rc == 0, run
    result = run.result("Archive")
    assert result["changed"] is True
    assert result["count"] == len(chosen) - 1 and result["failed_count"] == 0 and result["skipped_count"] == 1
    by_id = dict((r["id"], r) for r in result["recordings"])
    skipped = by_id[prevented["id"]]
    assert skipped["outcome"] == "skipped" and skipped["archived"] is False and "Prevent Downloading" in skipped["reason"]

    manifest = json.loads((dest / "manifest.json").read_text())
    rows = dict(((row["recording_id"], row["kind"]), row) for row in manifest["files"])
    for recording in chosen[:-1]:
        archived = by_id[recording["id"]]
        assert archived["outcome"] == "downloaded" and archived["archived"] is True
        assert [f["kind"] for f in archived["files"]] == expected_kinds(recording)
        for item in archived["files"]:
            path = os.path.join(str(dest), *item["path"].split("/"))
            row = rows[(recording["id"], item["kind"])]
            assert sha_of(path) == item["sha256"] == row["sha256"]
            assert os.path.getsize(path) == item["bytes"] == row["bytes"]
            assert row["file"] == item["path"]
            assert mode_of(path) == 0o600
            assert not os.path.exists(path + ".part")
            if item["kind"] == "audio":
                assert item["sha256"] == audio_sha256(recording["id"], recording["sizeBytes"])
                assert item["path"].startswith(recording["ownerEmail"] + "/" + recording["createTime"][:4] + "/")
        assert manifest["recordings"][recording["id"]]["complete"] is True
    assert prevented["id"] not in manifest["recordings"]
    assert result["bytes_downloaded"] == sum(item["bytes"] for r in result["recordings"] for item in r["files"])
    csv_lines = (dest / "manifest.csv").read_text().splitlines()
    assert csv_lines[0] == "recording_id,owner_email,create_time,kind,file,bytes,sha256,archived_at"
    assert len(csv_lines) == 1 + len(manifest["files"])
    for manifest_file in ("manifest.json", "manifest.csv"):
        assert mode_of(str(dest / manifest_file)) == 0o600
    for folder, _dirs, _files in os.walk(str(dest)):
        assert mode_of(folder) == 0o700, folder
    assert all(line.endswith(")") for line in result["diff"]["after"].splitlines())
    assert run.result("Verify")["mismatch_count"] == 0

    sim.clear_requests()
    again = run_playbook(PLAYBOOK, variables, token=COMPLIANCE_TOKEN)
    assert again.rc == 0, again
    second = again.result("Archive")
    assert second["changed"] is False and second["count"] == 0 and second["bytes_downloaded"] == 0
    assert all(r["outcome"] == "verified" for r in second["recordings"] if r["id"] != prevented["id"])
    counts = sim.requests()["by_endpoint"]
    assert DOWNLOADS not in counts and METADATA not in counts, counts
    # Archived recordings are not even looked up: only the prevented one, and one archived one asked whether
    # this token gets links at all (they look the same as an admin token's answer).
    assert counts.get(DETAILS, 0) == len(chosen) + 2


def test_a_corrupted_or_truncated_file_is_fetched_again(sim, run_playbook, tmp_path):
    dest = tmp_path / "archive"
    chosen = pick(sim)[:2]
    variables = {"dest": str(dest), "ids": [r["id"] for r in chosen]}
    assert run_playbook(PLAYBOOK, variables, token=COMPLIANCE_TOKEN).rc == 0
    manifest = json.loads((dest / "manifest.json").read_text())
    audio = [row for row in manifest["files"] if row["recording_id"] == chosen[0]["id"] and row["kind"] == "audio"][0]
    transcript = [row for row in manifest["files"] if row["recording_id"] == chosen[1]["id"] and row["kind"] == "transcript"][0]
    audio_path = os.path.join(str(dest), *audio["file"].split("/"))
    transcript_path = os.path.join(str(dest), *transcript["file"].split("/"))
    with open(audio_path, "r+b") as handle:
        handle.truncate(audio["bytes"] // 2)
    with open(transcript_path, "r+b") as handle:
        handle.write(b"X")  # same size, other content

    verify = run_playbook(PLAYBOOK, {"dest": str(dest), "verify_only": True}, token=COMPLIANCE_TOKEN)
    assert verify.rc == 0, verify
    checked = verify.result("Verify")
    assert checked["changed"] is False and checked["mismatch_count"] == 2
    assert sorted(f["outcome"] for r in checked["recordings"] for f in r["files"] if f["outcome"] != "verified") == ["mismatch", "mismatch"]

    sim.clear_requests()
    run = run_playbook(PLAYBOOK, variables, diff=True, token=COMPLIANCE_TOKEN)
    assert run.rc == 0, run
    result = run.result("Archive")
    assert result["changed"] is True and result["count"] == 2
    fetched = sorted((r["id"], f["kind"]) for r in result["recordings"] for f in r["files"] if f["outcome"] == "downloaded")
    assert fetched == sorted([(chosen[0]["id"], "audio"), (chosen[1]["id"], "transcript")])
    assert downloads(sim) == 2
    assert sha_of(audio_path) == audio["sha256"] and sha_of(transcript_path) == transcript["sha256"]
    assert audio["file"] in result["diff"]["before"]


def test_an_admin_token_is_refused_naming_the_token_it_needs(sim, run_playbook, tmp_path):
    dest = tmp_path / "archive"
    ids = [r["id"] for r in pick(sim)[:2]]
    # The admin token declared as what it is: refused before any lookup of links.
    run = run_playbook(PLAYBOOK, {"dest": str(dest), "ids": ids, "level": "admin"}, token=ADMIN_TOKEN)
    assert run.rc != 0
    message = run.result("Archive")["msg"]
    assert "admin tokens never receive download links" in message and "compliance officer's token" in message
    # The admin token passed off as a compliance officer's: Webex gives it no links, which is just as clear.
    run = run_playbook(PLAYBOOK, {"dest": str(dest), "ids": ids}, token=ADMIN_TOKEN)
    assert run.rc != 0
    message = run.result("Archive")["msg"]
    assert "no download links for any of the 2 selected recordings" in message and "compliance officer's token" in message
    assert not dest.exists()
    assert downloads(sim) == 0


def test_custom_modes_and_layout(sim, run_playbook, tmp_path):
    dest = tmp_path / "archive"
    recording = pick(sim)[1]
    variables = {
        "dest": str(dest),
        "ids": [recording["id"]],
        "template": "{owner_id}/{date}/{topic}_{id}",
        "tz": "Pacific/Auckland",
        "file_mode": "0640",
        "dir_mode": "0750",
    }
    run = run_playbook(PLAYBOOK, variables, token=COMPLIANCE_TOKEN)
    assert run.rc == 0, run
    files = run.result("Archive")["recordings"][0]["files"]
    assert files[0]["path"].startswith(recording["ownerId"] + "/")
    assert files[0]["path"].endswith("_" + recording["id"] + ".mp3")
    for item in files:
        assert mode_of(os.path.join(str(dest), *item["path"].split("/"))) == 0o640
    for folder, _dirs, _files in os.walk(str(dest)):
        assert mode_of(folder) == 0o750, folder


@pytest.fixture
def short_link_sim():
    # Links live 2 s and every request takes 0.3 s: the links fetched while selecting 8 recordings one at a time
    # have expired when their downloads start; a fresh link survives the 0.3 s until its download is served.
    # (--link-ttl 1 would be too short: the simulator rounds the expiry down to a whole second.)
    with SimulatorProcess("--fixture", FIXTURE, "--link-ttl", "2", "--latency-ms", "300") as simulator:
        yield simulator


def test_expired_links_are_refreshed(short_link_sim, run_playbook, tmp_path):
    dest = tmp_path / "archive"
    recordings = smallest(available(short_link_sim), preventDownload=False)[:8]
    variables = {"dest": str(dest), "ids": [r["id"] for r in recordings], "concurrency": 1}
    run = run_playbook(PLAYBOOK, variables, token=COMPLIANCE_TOKEN, env={"WEBEX_API_URL": short_link_sim.base_url})
    assert run.rc == 0, run
    result = run.result("Archive")
    assert result["failed_count"] == 0 and result["count"] == len(recordings)
    log = short_link_sim.requests(log=True)["log"]
    expired = [entry for entry in log if entry["path"].startswith("/downloads/") and entry["status"] == 403]
    assert expired, "no link expired: the test did not test anything"
    details = short_link_sim.requests()["by_endpoint"][DETAILS]
    assert details >= len(recordings) + len(expired)  # one lookup per recording, one more per expired link
    for recording in recordings:
        audio = [f for r in result["recordings"] if r["id"] == recording["id"] for f in r["files"] if f["kind"] == "audio"][0]
        assert audio["sha256"] == audio_sha256(recording["id"], recording["sizeBytes"])
