"""The unattended runs the fault, interruption and token tests put under stress, and how each one is judged.

A scenario is a playbook, the simulated org it runs against (``--generate`` with a seed) and two judges:
``check_archive`` (nothing left the live state without a verified archive) and ``check_report`` (what the run
reports is what happened at the simulator).
"""

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
    recordings = 150
    owners = 8
    days = 365
    token = harness.ADMIN_TOKEN
    extra_vars = {}
    default_seeds = (1,)
    long_seeds = 6

    def sim_args(self, seed):
        return ["--generate", str(self.recordings), "--seed", str(100 + seed), "--owners", str(self.owners), "--days", str(self.days)]

    def variables(self, work_dir, extra_vars=None):
        variables = dict(self.extra_vars)
        variables.update(extra_vars or {})
        return variables

    def run(self, sim, work_dir, extra_vars=None, env=None, check=False):
        runner = harness.Playbook(sim, work_dir, token=self.token, env=env)
        return runner.run(self.playbook, extra_vars=self.variables(work_dir, extra_vars), check=check)

    def run_and_kill(self, sim, work_dir, should_kill, extra_vars=None, env=None):
        runner = harness.Playbook(sim, work_dir, token=self.token, env=env)
        return runner.run_and_kill(self.playbook, should_kill, extra_vars=self.variables(work_dir, extra_vars))

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

    def check_report(self, run, work_dir, before, after):  # pylint: disable=unused-argument
        return []


class ModulePipeline(Scenario):
    """``playbooks/pipeline_modules.yml``: archive, trash the archived, purge, reassign, compliance delete."""

    name = "modules"
    playbook = "pipeline_modules.yml"
    extra_vars = {"leaver": LEAVER, "successor": SUCCESSOR}
    default_seeds = (1,)

    TRASH = "Trash the recordings verified in the archive"
    PURGE = "Purge recycle-bin recordings older than 330 days"
    REASSIGN = "Reassign the leaver's recordings to the successor"
    DELETE = "Delete recycle-bin recordings older than 300 days for good"

    def variables(self, work_dir, extra_vars=None):
        variables = Scenario.variables(self, work_dir, extra_vars)
        return variables

    def check_report(self, run, work_dir, before, after):
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
                if rec_id not in reported:
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


SCENARIOS = dict((scenario.name, scenario) for scenario in (ModulePipeline(),))


class Reference:
    def __init__(self, before, after, run_outcomes, recordings):
        self.before = before
        self.after = after
        self.outcomes = run_outcomes
        self.recordings = recordings


_REFERENCES = {}


def scenario_sim_args(scenario, seed):
    return scenario.sim_args(seed)


def run_reference(scenario, seed, work_dir, extra_vars=None):
    """The fault-free run of ``scenario`` on the data of ``seed`` (cached per test process)."""
    key = (scenario.name, seed, repr(sorted((extra_vars or {}).items())))
    if key not in _REFERENCES:
        sim = harness.start_sim(*scenario.sim_args(seed))
        try:
            before = harness.state(sim)
            recordings = harness.recordings_by_id(sim)
            run = scenario.run(sim, work_dir, extra_vars)
            after = harness.state(sim)
        finally:
            sim.stop()
        assert run.rc == 0, "the fault-free reference run failed: %r" % run
        problems = scenario.check_report(run, work_dir, before, after) + scenario.check_archive(work_dir, before, after, recordings)
        assert not problems, "the fault-free reference run is wrong already:\n" + "\n".join(problems[:30])
        assert before != after, "the reference run changed nothing: the scenario tests nothing"
        _REFERENCES[key] = Reference(before, after, outcomes(run), recordings)
    return _REFERENCES[key]
