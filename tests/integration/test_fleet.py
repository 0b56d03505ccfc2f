"""One run across six simulated Webex orgs (issue 14): inventory wxc.recordings.webex_orgs from a partner token, each
org's token minted by the Service App (lookup wxc.recordings.service_app_token), the storage report and one retention
rule per org, and the fleet report.

Org 2 has not authorized the Service App (403 on the token call); org 4's tokens are rejected (401, and its refresh
token too). Every healthy org must end in the right state with the right numbers, the failed ones are reported with
their reason, the run ends non-zero naming them, and no token appears in any output at -vvvv, in any report or in
the inventory cache. Then the same run as two --limit slices in parallel, merged by playbooks/fleet_report.yml,
must give per-org results equal to the single run's.
"""

import calendar
import json
import os
import re
import subprocess
import sys
import time

import pytest

from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
PLAYBOOKS = os.path.join(ROOT, "playbooks")

UNAUTHORIZED, BROKEN = 2, 4
SIM_ARGS = ["--orgs", "6", "--generate", "60", "--seed", "5", "--days", "20", "--owners", "6"]
SIM_ARGS += ["--unauthorized-orgs", str(UNAUTHORIZED), "--broken-orgs", str(BROKEN)]
PARTNER_TOKEN = "sim-partner-token"
CLIENT_ID = "sim-service-app-client-id"
CLIENT_SECRET = "sim-service-app-client-secret"
# Every token the simulator mints starts with this (fleet.py); none may appear anywhere.
MINTED_PREFIX = "sim-sa-"
SECRETS = (PARTNER_TOKEN, CLIENT_SECRET, MINTED_PREFIX)
RULE_DAYS = 10
POLICY = {
    "wxc_fleet_roles": ["storage_report", "retention"],
    "retention_rules": [{"name": "older-than-%d-days" % RULE_DAYS, "action": "trash", "match": {"older_than_days": RULE_DAYS}}],
    "retention_archive_before_trash": False,
}


@pytest.fixture(scope="module")
def fleet_sim():
    with SimulatorProcess(*SIM_ARGS) as sim:
        yield sim


@pytest.fixture
def sim(fleet_sim):
    fleet_sim.reset()
    return fleet_sim


def hosts_of(sim):
    """Inventory host names by org index (the org's name as the inventory slugs it)."""
    return [re.sub(r"[^a-z0-9]+", "_", org["name"].lower()).strip("_") for org in sim.orgs()["items"]]


def write_inventory(tmp_path):
    cache = tmp_path / "inventory-cache"
    path = tmp_path / "customers.webex_orgs.yml"
    path.write_text("plugin: wxc.recordings.webex_orgs\ncache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % cache)
    return str(path), cache


def fleet_env(sim):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("WEBEX_"):
            del env[name]
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_HOST_KEY_CHECKING": "0",
            "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
            "WEBEX_API_URL": sim.base_url,
            "WEBEX_PARTNER_TOKEN": PARTNER_TOKEN,
            "WEBEX_SERVICE_APP_CLIENT_ID": CLIENT_ID,
            "WEBEX_SERVICE_APP_CLIENT_SECRET": CLIENT_SECRET,
            "WEBEX_SERVICE_APP_TOKEN": PARTNER_TOKEN,
        }
    )
    return env


def command(inventory, report_dir, playbook="fleet.yml", limit=None, verbosity=0, extra=None):
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory, "-f", "6"]
    variables = dict(POLICY, wxc_report_dir=str(report_dir), storage_report_retries=1, retention_retries=1)
    variables.update(extra or {})
    cmd += ["-e", json.dumps(variables)]
    if limit:
        cmd += ["--limit", limit]
    if verbosity:
        cmd.append("-" + "v" * verbosity)
    cmd.append(os.path.join(PLAYBOOKS, playbook))
    return cmd


def run(cmd, env, cwd):
    return subprocess.run(cmd, env=env, cwd=str(cwd), capture_output=True, text=True, timeout=900, check=False)


def fleet_report(report_dir):
    with open(os.path.join(str(report_dir), "fleet.json")) as handle:
        return json.load(handle)


def epoch(text):
    return calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S"))


def comparable(report):
    """Per-org results without what differs between two runs of the same thing (times, trackingIds)."""
    rows = {}
    for row in report["orgs"]:
        row = dict(row)
        row.pop("finished")
        row["reason"] = re.sub(r"\[trackingId: [^\]]+\]|WXCREC_[0-9a-f-]+|SIM_[0-9a-f-]+", "", row["reason"])
        rows[row["org"]] = row
    return rows


def all_text_under(folder):
    texts = []
    for parent, _dirs, files in os.walk(str(folder)):
        for name in files:
            with open(os.path.join(parent, name), "rb") as handle:
                texts.append((os.path.join(parent, name), handle.read().decode("utf-8", "replace")))
    return texts


def test_six_orgs_two_failing(sim, tmp_path):
    hosts = hosts_of(sim)
    healthy = [i for i in range(6) if i not in (UNAUTHORIZED, BROKEN)]
    before = dict((i, sim.recordings(org=i)) for i in range(6))
    inventory, cache = write_inventory(tmp_path)
    report_dir = tmp_path / "reports"

    proc = run(command(inventory, report_dir, verbosity=4), fleet_env(sim), tmp_path)
    output = proc.stdout + proc.stderr

    # The run ends non-zero, naming the failed orgs with their cause.
    assert proc.returncode != 0, output[-5000:]
    assert "2 of 6 orgs failed: %s, %s" % tuple(sorted((hosts[UNAUTHORIZED], hosts[BROKEN]))) in output
    report = fleet_report(report_dir)
    assert report["totals"]["orgs"] == 6 and report["totals"]["ok"] == 4
    reasons = dict((f["org"], f["reason"]) for f in report["failed"])
    assert sorted(reasons) == sorted((hosts[UNAUTHORIZED], hosts[BROKEN]))
    assert reasons[hosts[UNAUTHORIZED]].startswith("the Service App is not authorized for this org")
    assert "HTTP 403" in reasons[hosts[UNAUTHORIZED]]
    assert "HTTP 400" in reasons[hosts[BROKEN]] and "refresh_token" in reasons[hosts[BROKEN]]
    for name in ("fleet.json", "fleet.csv", "fleet.html"):
        assert os.path.isfile(os.path.join(str(report_dir), name))

    # Every healthy org ends in the right state, with the right numbers; the failed ones are untouched.
    rows = dict((row["org"], row) for row in report["orgs"])
    now = time.time()
    for i in range(6):
        after = dict((r["id"], r["status"]) for r in sim.recordings(org=i))
        if i not in healthy:
            assert after == dict((r["id"], r["status"]) for r in before[i]), "org %d changed" % i
            continue
        available = [r for r in before[i] if r["status"] == "available"]
        row = rows[hosts[i]]
        assert row["status"] == "ok"
        assert row["used_bytes"] == sum(r["sizeBytes"] for r in available)
        assert row["recordings"] == len(available)
        assert row["quota_bytes"] == 100 * 1000**3
        trashed = [r["id"] for r in available if after[r["id"]] == "deleted"]
        assert row["by_action"] == ({"trash": {"changed": len(trashed)}} if trashed else {})
        for rec in available:
            age_days = (now - epoch(rec["createTime"])) / 86400.0
            if age_days > RULE_DAYS + 0.05:
                assert after[rec["id"]] == "deleted", (i, rec["id"], age_days)
            elif age_days < RULE_DAYS - 0.05:
                assert after[rec["id"]] == "available", (i, rec["id"], age_days)
        assert trashed, "org %d: the rule trashed nothing: the test proves nothing" % i
        # Each org's reports are in its own folder.
        assert any(name.startswith("storage-") for name in os.listdir(str(report_dir / hosts[i])))

    # No token or secret in any output at -vvvv, in any report, or in the inventory cache.
    for secret in SECRETS:
        assert secret not in output, "%s in the -vvvv output" % secret
    for path, text in all_text_under(report_dir):
        for secret in SECRETS:
            assert secret not in text, "%s in %s" % (secret, path)
    cached = all_text_under(cache)
    assert cached and any(sim.orgs()["items"][0]["name"] in text for _path, text in cached)
    for path, text in cached:
        for secret in SECRETS:
            assert secret not in text, "%s in the inventory cache %s" % (secret, path)


def test_two_limit_slices_in_parallel_equal_one_run(sim, tmp_path):
    hosts = hosts_of(sim)
    inventory, _cache = write_inventory(tmp_path)
    env = fleet_env(sim)

    single = run(command(inventory, tmp_path / "single"), env, tmp_path)
    assert single.returncode != 0
    single_state = dict((i, sim.recordings(org=i)) for i in range(6))

    sim.reset()
    slices = [hosts[:3], hosts[3:]]  # the unauthorized org in one, the broken one in the other
    procs = [
        subprocess.Popen(
            command(inventory, tmp_path / ("slice-%d" % n), limit=",".join(part + ["localhost"])),
            env=env,
            cwd=str(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n, part in enumerate(slices)
    ]
    outputs = [p.communicate(timeout=900)[0] for p in procs]
    # Each slice ends non-zero naming its own failed org only.
    assert procs[0].returncode != 0 and "1 of 3 orgs failed: %s" % hosts[UNAUTHORIZED] in outputs[0]
    assert procs[1].returncode != 0 and "1 of 3 orgs failed: %s" % hosts[BROKEN] in outputs[1]

    merged_dir = tmp_path / "merged"
    sources = [str(tmp_path / "slice-0"), str(tmp_path / "slice-1")]
    merge = run(command(inventory, merged_dir, playbook="fleet_report.yml", extra={"wxc_fleet_sources": sources}), env, tmp_path)
    assert merge.returncode != 0
    assert "2 of 6 orgs failed" in merge.stdout

    assert comparable(fleet_report(merged_dir)) == comparable(fleet_report(tmp_path / "single"))
    assert fleet_report(merged_dir)["totals"] == fleet_report(tmp_path / "single")["totals"]
    assert fleet_report(merged_dir)["duplicates"] == []
    for i in range(6):
        assert dict((r["id"], r["status"]) for r in sim.recordings(org=i)) == dict((r["id"], r["status"]) for r in single_state[i])


def test_a_slice_missing_from_the_merge_is_reported(sim, tmp_path):
    hosts = hosts_of(sim)
    inventory, _cache = write_inventory(tmp_path)
    env = fleet_env(sim)
    first = run(command(inventory, tmp_path / "slice-0", limit=",".join([hosts[0], hosts[1], "localhost"])), env, tmp_path)
    assert first.returncode == 0, first.stdout[-3000:]
    merge = run(
        command(inventory, tmp_path / "merged", playbook="fleet_report.yml", extra={"wxc_fleet_sources": [str(tmp_path / "slice-0")]}),
        env,
        tmp_path,
    )
    assert merge.returncode != 0
    report = fleet_report(tmp_path / "merged")
    missing = dict((f["org"], f["reason"]) for f in report["failed"])
    assert sorted(missing) == sorted(hosts[2:])
    assert all(reason == "no result: the org's run did not finish" for reason in missing.values())


def test_archive_per_org_with_its_own_token(sim, tmp_path):
    """wxc_fleet_roles [archive]: each org's recordings go to <wxc_archive_dest>/<org>, fetched with that org's minted
    token, and the fleet report counts the archive's actions per org."""
    hosts = hosts_of(sim)
    picked = [0, 1]
    inventory, _cache = write_inventory(tmp_path)
    archive_root = tmp_path / "archive"
    extra = {"wxc_fleet_roles": ["archive"], "wxc_archive_dest": str(archive_root), "archive_retries": 1, "archive_selection": {"newer_than_days": 30}}
    done = run(command(inventory, tmp_path / "reports", limit=",".join([hosts[i] for i in picked] + ["localhost"]), extra=extra), fleet_env(sim), tmp_path)
    assert done.returncode == 0, done.stdout[-4000:]
    report = fleet_report(tmp_path / "reports")
    rows = dict((row["org"], row) for row in report["orgs"])
    assert sorted(rows) == sorted(hosts[i] for i in picked)
    for index in picked:
        available = set(r["id"] for r in sim.recordings(org=index) if r["status"] == "available")
        with open(str(archive_root / hosts[index] / "manifest.json")) as handle:
            manifest = json.load(handle)
        archived = set(manifest["recordings"])
        # Its own recordings and no other org's: every one but those Webex gives no download link (Prevent
        # Downloading), which the archive skips and the report counts.
        assert archived and archived <= available, hosts[index]
        row = rows[hosts[index]]
        expected = {"changed": len(archived)}
        if available - archived:
            expected["skipped"] = len(available - archived)
        assert row["status"] == "ok" and row["by_action"]["archive"] == expected, row
    assert sorted(os.listdir(str(archive_root))) == sorted(hosts[i] for i in picked)
    for path, text in all_text_under(tmp_path / "reports") + [("stdout", done.stdout)]:
        for secret in SECRETS:
            assert secret not in text, (path, secret)


def test_an_org_in_a_5xx_storm_fails_alone(tmp_path):
    """An org whose every call answers 5xx (a Webex incident in its region): retried, then reported as failed with the
    cause, while the orgs around it finish; nothing of it changes."""
    storm = 1
    args = ["--orgs", "3", "--generate", "40", "--seed", "7", "--days", "20", "--owners", "4", "--storm-orgs", str(storm)]
    with SimulatorProcess(*args) as storm_sim:
        hosts = hosts_of(storm_sim)
        before = dict((i, storm_sim.recordings(org=i)) for i in range(3))
        inventory, _cache = write_inventory(tmp_path)
        report_dir = tmp_path / "reports"
        proc = run(command(inventory, report_dir), fleet_env(storm_sim), tmp_path)
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0, output[-5000:]
        assert "1 of 3 orgs failed: %s" % hosts[storm] in output, output[-3000:]
        report = fleet_report(report_dir)
        assert (report["totals"]["orgs"], report["totals"]["ok"]) == (3, 2)
        reasons = dict((f["org"], f["reason"]) for f in report["failed"])
        assert list(reasons) == [hosts[storm]]
        assert re.search(r"HTTP 5\d\d", reasons[hosts[storm]]), reasons
        for i in range(3):
            after = dict((r["id"], r["status"]) for r in storm_sim.recordings(org=i))
            unchanged = after == dict((r["id"], r["status"]) for r in before[i])
            # The storm org is untouched; the others ran the rule (they have recordings older than it).
            assert unchanged == (i == storm), (i, unchanged)
