"""Interruptions: SIGKILL the whole ansible-playbook process group at a random point, then run again.

Kill points: when the simulator's request log reaches a random count (any API call, including between batches),
after a random delay, or while a download is in progress (a ``.part`` file exists). Right after each kill, no file
under its final name may be incomplete. The run after the kills converges to the fault-free run's final state, with
every recording that left the live state archived and verified, and no ``.part`` file left behind.

test_archive_damage.py plants the damage directly and checks the next run finds it.
"""

import os
import random
import time

import pytest

from tests.reliability import harness
from tests.reliability.scenarios import SCENARIOS, run_reference

TRIGGERS = ("requests", "delay", "download", "write")


# The default slice kills each scenario once, in the middle of a download or at a random request; the long run
# kills every scenario 2-3 times per test, with every trigger and more seeds.
DEFAULT_TRIGGER = {"modules": "download", "offboarding": "write", "retention": "requests"}


def _params():
    params = []
    for name in sorted(SCENARIOS):
        for seed in harness.seeds(SCENARIOS[name].default_seeds, SCENARIOS[name].long_seeds):
            for trigger in TRIGGERS:
                if harness.LONG or trigger == DEFAULT_TRIGGER.get(name, "requests"):
                    params.append(pytest.param(name, seed, trigger, id="%s-%s-seed%d" % (name, trigger, seed)))
    return params


def kill_condition(trigger, rng, request_log, archive_dir, reference_requests):
    began = time.time()
    if trigger == "requests":
        target = rng.randint(1, max(1, reference_requests - 1))
        counter = harness.LineCounter(request_log)
        return "after %d requests" % target, lambda: counter() >= target
    if trigger == "delay":
        delay = rng.uniform(1.0, 8.0)
        return "after %.1fs" % delay, lambda: time.time() - began >= delay
    if trigger == "write":
        # Right after the server answered a write (a batch trashed, reassigned or purged): before the playbook can
        # record it anywhere (journal, report, manifest).
        counter = harness.LineCounter(request_log)

        def written():
            counter()
            return counter.writes > 0

        return "right after a write", written
    # "download": the first time a .part file exists, after skipping a random number of sightings.
    skip = [rng.randint(0, 20)]

    def downloading():
        if harness.any_part_file(archive_dir):
            skip[0] -= 1
            return skip[0] < 0
        return False

    return "during a download", downloading


@pytest.mark.parametrize("scenario_name, seed, trigger", _params())
def test_killed_runs_converge(work_dir, scenario_name, seed, trigger):
    scenario = SCENARIOS[scenario_name]
    reference = run_reference(scenario, seed, os.path.join(str(work_dir), "reference"))
    run_dir = os.path.join(str(work_dir), "interrupted")
    archive_dir = scenario.archive_dir(run_dir)
    request_log = os.path.join(str(work_dir), "requests.jsonl")
    rng = random.Random("%s/%s/%s" % (scenario_name, seed, trigger))
    kills = rng.randint(2, 3) if harness.LONG else 1
    sim = harness.start_sim(*scenario.sim_args(seed), request_log=request_log)
    killed_at = []
    problems = []
    try:
        before = harness.state(sim)
        assert before == reference.before
        for _kill in range(kills):
            with open(request_log, "w"):
                pass  # the counter starts from zero for each run
            what, condition = kill_condition(trigger, rng, request_log, archive_dir, reference.requests)
            killed = scenario.run_and_kill(sim, run_dir, condition)
            killed_at.append(what if killed.killed else "not killed: the run ended first (rc=%s)" % killed.rc)
            wrong = harness.files_looking_complete_but_wrong(archive_dir, reference.recordings)
            if wrong:
                problems.append("after the kill %s, files look complete but are not:\n%s" % (what, "\n".join(wrong)))
        final = scenario.run(sim, run_dir)
        after = harness.state(sim)
        # And once more, as the next night's job would: nothing left to do.
        again = scenario.run(sim, run_dir)
        after_again = harness.state(sim)
    finally:
        sim.stop()
    if final.rc != 0:
        problems.append("the run after the kill (%s) failed: %s" % (killed_at, [(e["task"], e["result"].get("msg")) for e in final.failed_tasks()]))
    differences = harness.diff_states(reference.after, after)
    if differences:
        problems.append("killed %s, then run again: final state differs from an uninterrupted run:\n%s" % (killed_at, "\n".join(differences[:30])))
    losses = scenario.check_archive(run_dir, before, after, reference.recordings)
    if losses:
        problems.append("killed %s: recordings left the live state without a verified archive:\n%s" % (killed_at, "\n".join(losses[:30])))
    if again.rc != 0:
        problems.append("the run after the converging one failed: %s" % [(e["task"], e["result"].get("msg")) for e in again.failed_tasks()])
    if after_again != after:
        problems.append("the run after the converging one changed things: %s" % harness.diff_states(after, after_again)[:10])
    changed_again = [entry["task"] for entry in again.results if entry["result"].get("changed")]
    if changed_again:
        problems.append("the run after the converging one reports changes: %s" % changed_again)
    report_problems = scenario.check_report(final, run_dir, before, after, complete=False)
    if report_problems:
        problems.append("killed %s: the last run's report does not match reality:\n%s" % (killed_at, "\n".join(report_problems[:30])))
    harness.record_figures(
        "interruptions",
        target=scenario_name,
        trigger=trigger,
        seed=seed,
        runs=kills + 2,
        kills=sum(1 for what in killed_at if not what.startswith("not killed")),
        killed_at=killed_at,
        recordings=len(before["items"]),
        processed=sum(1 for rec_id in before["items"] if before["items"][rec_id] != after["items"].get(rec_id)),
        losses=len(losses),
        failed=bool(problems),
    )
    assert not problems, "\n".join(problems)
