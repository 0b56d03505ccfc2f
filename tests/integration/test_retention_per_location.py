"""Retention per location, in parallel, from an inventory (docs/docsite/rst/awx.rst "Retention per location").

One inventory host per location with its ``retention_location_ids``, the collection's retention playbook run against
the group with ``-f 2``: each host lists (``locationId``) and trashes only its location's recordings, writes its own
report, and the third location of the org is never touched.
"""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import yaml

from tests.integration.conftest import ROOT, playbook_env
from tests.integration.test_reports import png_pixels, render, visible_text

OLDER_THAN_DAYS = 200
LIST = "/v1/admin/convergedRecordings"


def created(recording):
    return datetime.strptime(recording["createTime"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)


def test_two_locations_side_by_side_each_acting_only_on_its_own(sim, tmp_path):
    before = dict((r["id"], r) for r in sim.recordings())
    cutoff = datetime.now(timezone.utc) - timedelta(days=OLDER_THAN_DAYS)
    expected = set(
        i
        for i, r in before.items()
        if r["status"] == "available" and r["serviceData"]["locationId"] in ("loc-hq", "loc-branch") and created(r) < cutoff - timedelta(minutes=5)
    )
    borderline = set(i for i, r in before.items() if abs((created(r) - cutoff).total_seconds()) < 300)
    assert expected and any(r["serviceData"]["locationId"] == "loc-remote" and r["status"] == "available" and created(r) < cutoff for r in before.values())
    inventory = tmp_path / "locations.yml"
    inventory.write_text(
        yaml.safe_dump(
            {
                "webex_locations": {
                    "hosts": {
                        "hq": {"retention_location_ids": ["loc-hq"], "ansible_connection": "local"},
                        "branch": {"retention_location_ids": ["loc-branch"], "ansible_connection": "local"},
                    }
                }
            }
        )
    )
    policy = {
        "wxc_hosts": "webex_locations",
        "retention_rules": [{"name": "older-than-%d-days" % OLDER_THAN_DAYS, "action": "trash", "match": {"older_than_days": OLDER_THAN_DAYS}}],
        "retention_archive_before_trash": False,
        "retention_report_dir": str(tmp_path / "reports"),
    }
    env = playbook_env(sim)
    env["WXC_RESULTS_FILE"] = str(tmp_path / "results.json")
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory), "-f", "2"]
    command += ["-e", json.dumps(policy), os.path.join(ROOT, "playbooks", "retention.yml")]
    sim.clear_requests()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=str(tmp_path), check=False)
    with open(str(tmp_path / "stdout.txt"), "w") as handle:
        handle.write(proc.stdout + proc.stderr)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]

    after = dict((r["id"], r) for r in sim.recordings())
    trashed = set(i for i in before if before[i]["status"] == "available" and after[i]["status"] == "deleted")
    assert trashed - borderline == expected - borderline, (len(trashed), len(expected), proc.stdout[-5000:])
    untouched = [i for i in before if i not in expected and i not in borderline]
    assert [i for i in untouched if after[i]["status"] != before[i]["status"]] == []

    # Every listing asked Webex for one location; both locations were listed; the third never.
    listings = [entry for entry in sim.requests(log=True)["log"] if entry["method"] == "GET" and entry["path"] == LIST]
    assert listings and all(entry["query"].get("locationId") in ("loc-hq", "loc-branch") for entry in listings), listings[:3]
    assert set(entry["query"]["locationId"] for entry in listings) == {"loc-hq", "loc-branch"}

    # Each host wrote its own report, limited to its location, and says so.
    with open(str(tmp_path / "results.json")) as handle:
        results = json.load(handle)
    plans = dict(
        (entry["host"], entry["result"]["plan"]) for entry in results if entry["task"].startswith("wxc.recordings.retention : Plan")
    )
    assert plans["hq"]["limited_to"] == {"location_ids": ["loc-hq"], "owner_emails": []}
    assert plans["branch"]["limited_to"] == {"location_ids": ["loc-branch"], "owner_emails": []}
    assert plans["hq"]["count"] + plans["branch"]["count"] == len(expected | (trashed & borderline))
    # One report folder given for the whole group (-e retention_report_dir): each host's files carry its name, so
    # two hosts starting in the same second never overwrite each other's plan (nor share the recycle-bin ledger).
    names = os.listdir(str(tmp_path / "reports"))
    for host, location in (("hq", "loc-hq"), ("branch", "loc-branch")):
        pages = [name for name in names if name.endswith("-%s.html" % host)]
        assert len(pages) == 1, names
        # As a person sees it, in headless Chromium (tests/integration/test_reports.py): the quota section states
        # what was listed and that the run was limited, and the page is not blank.
        (tmp_path / host).mkdir()
        png, dom = render(str(tmp_path / "reports" / pages[0]), tmp_path / host)
        text = visible_text(dom)
        quota = text[text.index("Quota") :]
        assert quota.index("Listing basis: this run listed only the available recordings created ") < quota.index("Limited to the recordings at")
        assert "Limited to the recordings at location(s) %s: the rest of the organisation is in no figure here." % location in text
        assert "Trash: trashed %d recordings" % plans[host]["count"] in text
        width, height, rows = png_pixels(png)
        pixels = [pixel for row in rows[::4] for pixel in row[::4]]
        assert (width, height) == (1280, 2000) and len(set(pixels)) > 20, "the report looks blank"


def test_a_limited_run_refuses_the_quota_before_any_request(run_playbook, sim, tmp_path):
    sim.clear_requests()
    run = run_playbook(
        os.path.join(ROOT, "playbooks", "retention.yml"),
        {"retention_location_ids": ["loc-hq"], "retention_quota_enabled": True, "retention_report_dir": str(tmp_path / "r")},
    )
    assert run.rc != 0
    assert "retention_location_ids or retention_owner_emails limit the run to part of the organisation" in run.stdout, run
    assert sim.requests()["by_endpoint"] == {} or sum(sim.requests()["by_endpoint"].values()) == 0
