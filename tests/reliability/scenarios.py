"""The unattended runs the fault, interruption and token tests put under stress, and how each one is judged.

A scenario is a playbook, the simulated org it runs against (``--generate`` with a seed) and two judges:
``check_archive`` (nothing left the live state without a verified archive) and ``check_report`` (what the run
reports is what happened at the simulator).
"""

import hashlib
import json
import os

from tests.reliability import harness

LEAVER = "user001@example.com"
SUCCESSOR = "user002@example.com"

# Outcomes that mean "this run changed the recording" in module results.
CHANGED_OUTCOMES = ("changed", "downloaded")


def outcomes(run):
    """``{task: [(recording id, outcome), ...]}`` for every task that returned recordings."""
    found = {}
    for entry in run.results:
        recordings = entry["result"].get("recordings")
        if isinstance(recordings, list) and recordings and isinstance(recordings[0], dict):
            found[entry["task"]] = sorted((rec.get("id"), rec.get("outcome")) for rec in recordings)
    return found


def changed_by(run, task):
    return set(rec_id for rec_id, outcome in outcomes(run).get(task, []) if outcome in CHANGED_OUTCOMES)


class Scenario:
    """One kind of unattended run."""

    name = None
    playbook = None
    recordings = 120
    owners = 8
    days = 365
    token = harness.ADMIN_TOKEN
    extra_vars = {}
    default_seeds = (1,)
    long_seeds = 4
    fault_tests_in_default = True

    def sim_args(self, seed):
        return ["--generate", str(self.recordings), "--seed", str(100 + seed), "--owners", str(self.owners), "--days", str(self.days)]

    def variables(self, extra_vars=None):
        variables = dict(self.extra_vars)
        variables.update(extra_vars or {})
        return variables

    def run(self, sim, work_dir, extra_vars=None, env=None, check=False):
        runner = harness.Playbook(sim, work_dir, token=self.token, env=env)
        return runner.run(self.playbook, extra_vars=self.variables(extra_vars), check=check)

    def run_and_kill(self, sim, work_dir, should_kill, extra_vars=None, env=None):
        runner = harness.Playbook(sim, work_dir, token=self.token, env=env)
        return runner.run_and_kill(self.playbook, should_kill, extra_vars=self.variables(extra_vars))

    def archive_dir(self, work_dir):
        return os.path.join(str(work_dir), "archive")

    def check_archive(self, work_dir, before, after, recordings):
        """Problems of the archive, and every recording that left ``available`` without a verified archive."""
        check = harness.ArchiveCheck(self.archive_dir(work_dir), recordings)
        losses = list(check.problems)
        for rec_id, (status, _owner) in sorted(before["items"].items()):
            if status != "available":
                continue
            now = after["items"].get(rec_id)
            if (now is None or now[0] != "available") and not check.archived(rec_id):
                losses.append("%s: %s -> %s, not archived" % (rec_id, status, now[0] if now else "gone"))
        return losses

    def check_report(self, run, work_dir, before, after, complete=True):  # pylint: disable=unused-argument
        """What the run reported against what happened (``complete``: the run did all of it, no earlier run)."""
        return []


class ModulePipeline(Scenario):
    """``playbooks/pipeline_modules.yml``: archive, trash the archived, purge, reassign, compliance delete."""

    name = "modules"
    playbook = "pipeline_modules.yml"
    recordings = 150
    # The roles are what IT ops run unattended; in the default slice the module pipeline runs its kill test only.
    fault_tests_in_default = False
    extra_vars = {"leaver": LEAVER, "successor": SUCCESSOR}
    default_seeds = (1,)

    TRASH = "Trash the recordings verified in the archive"
    PURGE = "Purge recycle-bin recordings older than 330 days"
    REASSIGN = "Reassign the leaver's recordings to the successor"
    DELETE = "Delete recycle-bin recordings older than 300 days for good"

    def check_report(self, run, work_dir, before, after, complete=True):
        """Each reported change happened, and each change at the simulator was reported by the task that made it."""
        trashed, purged = changed_by(run, self.TRASH), changed_by(run, self.PURGE)
        reassigned, deleted = changed_by(run, self.REASSIGN), changed_by(run, self.DELETE)
        problems = []
        gone_now = set(after["gone"]) - set(before["gone"])
        for rec_id, (status, owner) in sorted(before["items"].items()):
            now = after["items"].get(rec_id)
            new_status, new_owner = ("gone", owner) if now is None else now
            claims = []
            if status == "available" and new_status != "available":
                claims.append(("trash", trashed))
            if new_status == "purged" and status != "purged":
                claims.append(("purge", purged))
            if rec_id in gone_now:
                claims.append(("delete", deleted))
            if new_owner != owner:
                claims.append(("reassign", reassigned))
            for operation, reported in claims:
                if complete and rec_id not in reported:
                    problems.append("%s: %s -> %s (owner %s -> %s) but not reported by %s" % (rec_id, status, new_status, owner, new_owner, operation))
        for rec_id in sorted(trashed):
            if before["items"].get(rec_id, ("?",))[0] != "available" or after["items"].get(rec_id, ("gone",))[0] == "available":
                problems.append("%s: reported trashed, but %s -> %s" % (rec_id, before["items"].get(rec_id), after["items"].get(rec_id)))
        for rec_id in sorted(purged):
            if rec_id not in gone_now and after["items"].get(rec_id, ("?",))[0] != "purged":
                problems.append("%s: reported purged, but now %s" % (rec_id, after["items"].get(rec_id)))
        for rec_id in sorted(reassigned):
            if rec_id not in gone_now and after["items"][rec_id][1] == before["items"][rec_id][1]:
                problems.append("%s: reported reassigned, but the owner is still %s" % (rec_id, after["items"][rec_id][1]))
        for rec_id in sorted(deleted - gone_now):
            problems.append("%s: reported deleted, but it is still there: %s" % (rec_id, after["items"].get(rec_id)))
        return problems


def latest_report(report_dir):
    """The newest report (``wxc.recordings/report/2``) a role wrote into ``report_dir``, or None."""
    newest = None
    if not os.path.isdir(report_dir):
        return None
    for name in os.listdir(report_dir):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(report_dir, name)) as handle:
                document = json.load(handle)
        except ValueError:
            continue
        if isinstance(document, dict) and document.get("format") == "wxc.recordings/report/2":
            if newest is None or document.get("generated", "") > newest.get("generated", ""):
                newest = document
    return newest


def check_report_rows(report, before, after, archive, complete=True):
    """A role's report against the simulator: each "changed" row happened; with ``complete``, each change was reported.

    ``complete`` is false after an interrupted run: the last report covers only the last run.
    """
    if report is None:
        return ["no report was written"]
    done = {}
    for row in report.get("rows") or []:
        if row.get("outcome") == "changed":
            done.setdefault(row.get("action"), set()).add(row.get("id"))
    problems = []
    gone = set(after["gone"])

    def status_after(rec_id):
        return "gone" if rec_id in gone else after["items"].get(rec_id, ("missing",))[0]

    for rec_id in sorted(done.get("trash", ())):
        if before["items"].get(rec_id, ("?",))[0] != "available" or status_after(rec_id) not in ("deleted", "purged", "gone"):
            problems.append("%s: reported trashed, but %s -> %s" % (rec_id, before["items"].get(rec_id), status_after(rec_id)))
    for rec_id in sorted(done.get("purge", ())):
        if status_after(rec_id) not in ("purged", "gone"):
            problems.append("%s: reported purged, but now %s" % (rec_id, status_after(rec_id)))
    for rec_id in sorted(done.get("reassign", ())):
        if rec_id not in gone and after["items"][rec_id][1] == before["items"][rec_id][1]:
            problems.append("%s: reported reassigned, but the owner is still %s" % (rec_id, after["items"][rec_id][1]))
    for action in ("archive", "verify"):
        for rec_id in sorted(done.get(action, ())):
            if not archive.archived(rec_id):
                problems.append("%s: reported %s done, but the archive does not hold it verified" % (rec_id, action))
    for row in report.get("rows") or []:
        if row.get("outcome") == "held" and before["items"].get(row["id"]) != after["items"].get(row["id"]):
            problems.append("%s: on legal hold, yet %s -> %s" % (row["id"], before["items"].get(row["id"]), after["items"].get(row["id"])))
    if complete:
        for rec_id, (status, owner) in sorted(before["items"].items()):
            new_status, new_owner = status_after(rec_id), after["items"].get(rec_id, (None, owner))[1]
            if status == "available" and new_status != "available" and rec_id not in done.get("trash", ()):
                problems.append("%s: %s -> %s, no trash reported" % (rec_id, status, new_status))
            if new_status == "purged" and status != "purged" and rec_id not in done.get("purge", ()):
                problems.append("%s: %s -> purged, no purge reported" % (rec_id, status))
            if new_owner != owner and rec_id not in done.get("reassign", ()):
                problems.append("%s: owner %s -> %s, no reassign reported" % (rec_id, owner, new_owner))
    return problems


class RoleScenario(Scenario):
    """A role run through a small playbook under ``playbooks/``; judged by its report (and journal)."""

    def report_dir(self, work_dir):
        return os.path.join(str(work_dir), "reports")

    def check_report(self, run, work_dir, before, after, complete=True):
        archive = harness.ArchiveCheck(self.archive_dir(work_dir))
        return check_report_rows(latest_report(self.report_dir(work_dir)), before, after, archive, complete=complete)


class RetentionRole(RoleScenario):
    """``playbooks/retention_role.yml``: rules (purge, trash, archive), a legal hold, a quota target, grace purge."""

    name = "retention"
    playbook = "retention_role.yml"
    default_seeds = (1,)


class OffboardingRole(RoleScenario):
    """``playbooks/offboarding_role.yml``: archive everything a leaver has, verify, trash what is verified."""

    name = "offboarding"
    playbook = "offboarding_role.yml"
    leaver = "user002@example.com"
    extra_vars = {"leaver": leaver}
    default_seeds = (1,)

    def journal(self, work_dir):
        path = os.path.join(self.report_dir(work_dir), "offboarding-%s-journal.json" % self.leaver)
        if not os.path.exists(path):
            return []
        with open(path) as handle:
            return json.load(handle).get("entries") or []

    def check_report(self, run, work_dir, before, after, complete=True):
        problems = RoleScenario.check_report(self, run, work_dir, before, after, complete=complete)
        # The journal is what a rollback replays: every recording this job trashed must be in it, whatever the
        # number of runs it took.
        journaled = set(entry["id"] for entry in self.journal(work_dir) if entry.get("action") == "trash")
        for rec_id, (status, owner) in sorted(before["items"].items()):
            now = after["items"].get(rec_id)
            if owner == self.leaver and status == "available" and now is not None and now[0] == "deleted" and rec_id not in journaled:
                problems.append("%s: trashed, but not in the journal: a rollback would not restore it" % rec_id)
        return problems


SCENARIOS = dict((scenario.name, scenario) for scenario in (ModulePipeline(), RetentionRole(), OffboardingRole()))


class Reference:
    def __init__(self, before, after, run_outcomes, recordings, requests):
        self.requests = requests  # every request the run made (API calls and downloads)
        self.before = before
        self.after = after
        self.outcomes = run_outcomes
        self.recordings = recordings

    def to_json(self):
        return {"before": self.before, "after": self.after, "outcomes": self.outcomes, "recordings": self.recordings, "requests": self.requests}

    @classmethod
    def from_json(cls, data):
        def state_of(value):
            return {"items": dict((k, tuple(v)) for k, v in value["items"].items()), "gone": value["gone"]}

        run_outcomes = dict((task, [tuple(pair) for pair in pairs]) for task, pairs in data["outcomes"].items())
        return cls(state_of(data["before"]), state_of(data["after"]), run_outcomes, data["recordings"], data["requests"])


_REFERENCES = {}


def run_reference(scenario, seed, work_dir, extra_vars=None):
    """The fault-free run of ``scenario`` on the data of ``seed``.

    Cached for the test session: in memory, and on disk under ``harness.SESSION_CACHE`` so that xdist workers run
    each reference once between them.
    """
    key = "%s-seed%s-%s" % (scenario.name, seed, hashlib.sha256(json.dumps(extra_vars or {}, sort_keys=True).encode()).hexdigest()[:12])
    if key not in _REFERENCES:
        with harness.session_cache(key) as cache:
            if cache.value is None:
                cache.value = _run_reference(scenario, seed, work_dir, extra_vars).to_json()
            _REFERENCES[key] = Reference.from_json(cache.value)
    return _REFERENCES[key]


def _run_reference(scenario, seed, work_dir, extra_vars):
    sim = harness.start_sim(*scenario.sim_args(seed))
    try:
        before = harness.state(sim)
        recordings = harness.recordings_by_id(sim)
        run = scenario.run(sim, work_dir, extra_vars)
        after = harness.state(sim)
        requests = sim.requests()["total"]
    finally:
        sim.stop()
    assert run.rc == 0, "the fault-free reference run failed: %r" % run
    problems = scenario.check_report(run, work_dir, before, after) + scenario.check_archive(work_dir, before, after, recordings)
    assert not problems, "the fault-free reference run is wrong already:\n" + "\n".join(problems[:30])
    assert before != after, "the reference run changed nothing: the scenario tests nothing"
    return Reference(before, after, outcomes(run), recordings, requests)
