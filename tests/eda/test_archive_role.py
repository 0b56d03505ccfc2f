"""The archive role's sweep (archive_since_last_run: a watermark with an overlap) and its refresh credentials.

Issue 17, item 4: a compliance officer's token must never be refreshed with the admin's refresh token
(WEBEX_REFRESH_TOKEN); that would give an admin token, no download links and a failed archive.
"""

import datetime
import json

import pytest

from tests.eda import harness

DATA = ["--generate", "30", "--seed", "11", "--days", "3", "--owners", "8"]
CLIENT = {"WEBEX_CLIENT_ID": "sim-client-id", "WEBEX_CLIENT_SECRET": "sim-client-secret"}


@pytest.fixture
def sim():
    simulator = harness.start_sim(*DATA)
    yield simulator
    simulator.stop()


def sweep(sim, tmp_path, **extra):
    variables = {"archive_dest": str(tmp_path / "archive"), "archive_report_dir": str(tmp_path / "reports")}
    variables.update(extra)
    return harness.run_playbook(sim, "sweep.yml", variables)


def watermark(tmp_path):
    with open(str(tmp_path / "archive" / "archive-watermark.json")) as handle:
        return json.load(handle)


def test_since_last_run_archives_what_is_new_with_the_overlap(sim, tmp_path):
    first = sweep(sim, tmp_path)
    assert first.rc == 0, first
    archived_first = first.result("Download and verify every artefact of the selected recordings")
    assert archived_first["archived_count"] > 0
    mark = watermark(tmp_path)
    assert mark["format"] == "wxc.recordings.archive-watermark/1" and mark["started_at"].endswith("Z")

    new_ids = [rid for rid, _at in harness.create_recordings(sim, 3)]
    second = sweep(sim, tmp_path, archive_watermark_overlap_minutes=30)
    assert second.rc == 0, second
    selection = second.result("Select what is new since the last complete run, minus archive_watermark_overlap_minutes")
    expected_after = mark["started_epoch"] - 30 * 60
    assert selection["ansible_facts"]["__archive_sel"]["created_after"] == datetime.datetime.fromtimestamp(
        expected_after, datetime.timezone.utc
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = second.result("Download and verify every artefact of the selected recordings")
    downloaded = sorted(r["id"] for r in result["recordings"] if r["outcome"] == "downloaded")
    assert downloaded == sorted(new_ids), "the sweep archives exactly what is new"
    assert all(r["outcome"] == "verified" for r in result["recordings"] if r["id"] not in new_ids), "nothing archived twice"
    # Only the window since the last run (minus the overlap) was listed, not the whole year again.
    assert result["count"] == 3 and len(result["recordings"]) < archived_first["archived_count"] + 3
    assert watermark(tmp_path)["started_epoch"] >= mark["started_epoch"]
    assert not harness.check_archive(str(tmp_path / "archive"), sim.recordings())


def test_a_dry_run_or_a_failed_run_keeps_the_watermark(sim, tmp_path):
    assert sweep(sim, tmp_path).rc == 0
    mark = watermark(tmp_path)
    harness.create_recordings(sim, 1)
    dry = sweep(sim, tmp_path, archive_dry_run=True)
    assert dry.rc == 0, dry
    assert watermark(tmp_path) == mark, "a dry run must not move the watermark"
    # A run that fails (a token Webex refuses) leaves the watermark where it was.
    harness.create_recordings(sim, 6)
    failed = harness.run_playbook(
        sim, "sweep.yml", {"archive_dest": str(tmp_path / "archive"), "archive_report_dir": str(tmp_path / "r2"), "archive_token": "not-a-token"}
    )
    assert failed.rc != 0
    assert watermark(tmp_path) == mark, "a failed run must not move the watermark"


@pytest.mark.parametrize(
    "env, refreshes_expected",
    [
        # The bug: WEBEX_REFRESH_TOKEN (the admin's) was the fallback of the compliance officer's refresh token.
        (dict(CLIENT, WEBEX_REFRESH_TOKEN="sim-admin-refresh"), False),
        (dict(CLIENT, WEBEX_REFRESH_TOKEN="sim-admin-refresh", WEBEX_COMPLIANCE_REFRESH_TOKEN="sim-compliance-refresh"), True),
    ],
    ids=["admin-refresh-token-is-not-the-compliance-officers", "compliance-officer-refreshes-with-own"],
)
def test_each_token_gets_only_its_own_refresh_token(tmp_path, env, refreshes_expected):
    sim = harness.start_sim(*(DATA + ["--expire-tokens-after", "20"]))
    try:
        run = harness.run_playbook(
            sim, "archive.yml", {"archive_dest": str(tmp_path / "archive"), "archive_report_dir": str(tmp_path / "reports")}, env=env
        )
        log = sim.requests(log=True)["log"]
    finally:
        sim.stop()
    refreshes = [entry for entry in log if entry["path"] == "/v1/access_token"]
    roles = set(entry["role"] for entry in log if entry["path"] != "/v1/access_token")
    assert "admin" not in roles, "a request was made with an admin token: the compliance officer's token was refreshed with the admin's"
    if refreshes_expected:
        assert run.rc == 0, run
        assert refreshes, "the token never expired: the test tests nothing"
        assert not harness.check_archive(str(tmp_path / "archive"), [])
    else:
        assert not refreshes, "the compliance officer's token was refreshed with WEBEX_REFRESH_TOKEN (the admin's)"
        assert run.rc != 0, "the token expired without refresh credentials of its own: the run must stop"
        assert "401" in run.stdout or "token" in run.stdout.lower()
