"""``make demo``: the collection's jobs against a simulated organisation, end to end, in a couple of minutes.

Starts webex-sim with a realistic generated organisation (3,000 recordings, 40 owners, a year), then runs the
collection's playbooks as an administrator would, each one in check mode first and then for real:

1. offboard_user.yml   user007 leaves: archive and verify everything, trash what is verified, journal it
2. retention.yml       a policy with legal holds (an owner and a location) and a quota target: the check-mode run
                       writes the plan, the second run applies exactly that plan
3. storage_report.yml  the storage after all that

and prints a short summary and the report paths. Everything lands in build/demo/. Run from the venv
(``make demo`` does): it needs ansible-playbook on PATH and the collection at build/collections.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "simulator"))

from webex_sim.testing import SimulatorProcess  # noqa: E402

OUT = os.path.join(ROOT, "build", "demo")
REPORTS = os.path.join(OUT, "reports")
ARCHIVE = os.path.join(OUT, "archive")
COLLECTIONS = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or os.path.join(ROOT, "build", "collections")
LEAVER = "user007@example.com"
HELD_OWNER = "user003@example.com"

POLICY = """\
# The demo's retention policy (a vars file for playbooks/retention.yml).
retention_rules:
  - name: customer-assist-90-days
    action: trash
    match:
      service_types: [customerAssist]
      older_than_days: 90
  - name: call-queues-180-days
    action: trash
    match:
      owner_types: [callQueue]
      older_than_days: 180
  - name: everything-after-330-days
    action: trash
    match:
      older_than_days: 330
  - name: recycle-bin-after-200-days
    action: purge
    match:
      statuses: [deleted]
      older_than_days: 200
retention_legal_holds:
  owner_emails: [{held}]
  location_ids: [{location}]
retention_archive_before_trash: false
retention_quota_enabled: true
retention_quota_gb: {quota_gb}
retention_quota_target_gb: {target_gb}
"""


def run_playbook(name, sim, extra_vars, check=False):
    """Run one of the collection's playbooks; returns (seconds, rc, output tail)."""
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_STDOUT_CALLBACK": "default",
            "ANSIBLE_DISPLAY_SKIPPED_HOSTS": "false",
            # The roles take the API URL and tokens from the environment by default.
            "WEBEX_API_URL": sim.base_url,
            "WEBEX_ADMIN_TOKEN": "sim-admin-token",
            "WEBEX_ACCESS_TOKEN": "sim-admin-token",
            "WEBEX_COMPLIANCE_TOKEN": "sim-compliance-token",
            # The playbooks write their reports to $PWD/reports.
            "PWD": OUT,
        }
    )
    command = ["ansible-playbook", "-i", "localhost,", "wxc.recordings." + name, "-e", "ansible_python_interpreter=" + sys.executable]
    for key, value in extra_vars.items():
        command += ["-e", value if key.startswith("@") else json.dumps({key: value})]
    if check:
        command.append("--check")
    started = time.time()
    proc = subprocess.run(command, env=env, cwd=OUT, capture_output=True, text=True, check=False)
    seconds = time.time() - started
    if proc.returncode != 0:
        print(proc.stdout[-6000:], proc.stderr[-3000:], sep="\n")
    return seconds, proc.returncode, proc.stdout


def latest(pattern):
    found = sorted(glob.glob(os.path.join(REPORTS, pattern)))
    return found[-1] if found else None


DEMO_QUOTA_GB = 2
DEMO_TARGET_GB = 1.1


def summary_line(report_json):
    """One line for people: what was done (or, for a dry run, would be), then the storage against the quota."""
    with open(report_json) as handle:
        report = json.load(handle)
    dry_run = report.get("dry_run")
    actions = "; ".join(
        "%s: %s"
        % (
            action,
            ", ".join(
                ("would %s %s" % (action, "{:,}".format(count))) if outcome == "would_change" else "%s %s" % (outcome.replace("_", " "), "{:,}".format(count))
                for outcome, count in sorted(counts.items())
                if outcome != "held"
            ),
        )
        for action, counts in sorted(report["actions"]["by_action"].items())
        if set(counts) - {"held"}
    )
    holds = (report.get("holds") or {}).get("count", 0)
    storage = report["storage"]
    return "%s%s; storage %.2f GB (%s%% of the %s GB quota) -> %.2f GB%s" % (
        actions or ("nothing would be done" if dry_run else "nothing done"),
        "; %s on legal hold %s" % ("{:,}".format(holds), "would be kept" if dry_run else "kept") if holds else "",
        storage["available_bytes"] / 1e9,
        storage["used_percent"],
        "{:g}".format(storage["quota_bytes"] / 1e9),
        storage["after"]["available_bytes"] / 1e9,
        " if run for real" if dry_run else "",
    )


def main():
    started = time.time()
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(REPORTS)
    if not any(os.path.exists(os.path.join(path, "ansible_collections", "wxc", "recordings")) for path in COLLECTIONS.split(os.pathsep)):
        raise SystemExit("wxc.recordings is not in %s: run `make collection` first" % COLLECTIONS)
    results = []
    with SimulatorProcess("--generate", "3000", "--seed", "7", "--owners", "40", "--days", "365") as sim:
        recordings = sim.recordings()
        locations = sorted(set(r["serviceData"]["locationId"] for r in recordings if r.get("serviceData")))
        policy = os.path.join(OUT, "policy.yml")
        with open(policy, "w") as handle:
            handle.write(
                POLICY.replace("{held}", HELD_OWNER)
                .replace("{location}", locations[-1])
                .replace("{quota_gb}", str(DEMO_QUOTA_GB))
                .replace("{target_gb}", str(DEMO_TARGET_GB))
            )
        leaver_count = sum(1 for r in recordings if r["ownerEmail"] == LEAVER and r["status"] != "purged")
        print("webex-sim: %d recordings, %d owners, %d locations at %s" % (len(recordings), 40, len(locations), sim.base_url))
        print("leaver %s has %d recordings; legal holds: owner %s, location %s" % (LEAVER, leaver_count, HELD_OWNER, locations[-1]))
        print(
            "NOTE: the retention run and the storage report use a small quota of %s GB (target %s GB) so that the quota gauges "
            "show something with the simulator's few GB; a real organisation's quota is larger." % (DEMO_QUOTA_GB, DEMO_TARGET_GB)
        )

        offboarding = {
            "offboarding_leaver_email": LEAVER,
            "offboarding_action": "archive_and_trash",
            "offboarding_archive_dest": ARCHIVE,
            # Recordings with "Prevent Downloading" on cannot be archived: they are kept and reported, not an error here.
            "offboarding_fail_on_unarchived": False,
        }
        plan = os.path.join(REPORTS, "retention-plan.json")
        steps = [
            ("offboarding (check mode)", "offboard_user", offboarding, True, "offboarding-*-dry-run.json"),
            ("offboarding", "offboard_user", offboarding, False, "offboarding-*Z.json"),
            ("retention plan (check mode)", "retention", {"@policy": "@" + policy, "retention_plan_file": plan}, True, "retention-*-dry-run.json"),
            ("retention apply plan", "retention", {"@policy": "@" + policy, "retention_apply_plan": plan}, False, "retention-*-apply.json"),
            (
                "storage report",
                "storage_report",
                {"storage_report_quota_gb": DEMO_QUOTA_GB, "storage_report_target_gb": DEMO_TARGET_GB},
                False,
                "storage-*.json",
            ),
        ]
        for label, playbook, extra, check, pattern in steps:
            seconds, rc, _output = run_playbook(playbook, sim, extra, check=check)
            report = latest(pattern)
            line = summary_line(report) if report and rc == 0 else "FAILED (rc %d)" % rc
            results.append((label, seconds, line, report))
            print("%-28s %5.1f s  %s" % (label, seconds, line))
            if rc != 0:
                raise SystemExit(1)
        state = sim.recordings()
    leaver_left = sum(1 for r in state if r["ownerEmail"] == LEAVER and r["status"] == "available")
    held_touched = sum(1 for r in state if r["ownerEmail"] == HELD_OWNER and r["status"] != "available")
    held_before = sum(1 for r in recordings if r["ownerEmail"] == HELD_OWNER and r["status"] != "available")
    print()
    print("leaver's recordings still available (no verified archive): %d" % leaver_left)
    print("held owner's recordings touched by the retention run: %d" % (held_touched - held_before))
    print("archive: %s (manifest.json, manifest.csv)" % ARCHIVE)
    print("reports:")
    for label, _seconds, _line, report in results:
        if report:
            print("  %-26s %s" % (label, report[: -len(".json")] + ".html"))
    print("plan reviewed and applied: %s" % os.path.join(REPORTS, "retention-plan.json"))
    print("demo finished in %.0f s" % (time.time() - started))


if __name__ == "__main__":
    main()
