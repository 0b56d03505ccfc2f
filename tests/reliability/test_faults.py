"""Faults: 20 % of the API requests fail (429 with Retry-After, 500/502/503/504, connection resets, answers slower
than the client's timeout after the server acted); every run must end exactly where a fault-free run with the same
data ends, report the same outcomes, and never trash a recording that is not archived and verified.
"""

import os

import pytest

from tests.reliability import harness
from tests.reliability.scenarios import SCENARIOS, outcomes, run_reference

FAULT_RATE = 0.2


# Every kind at once, and "slow" alone: the server applied the call, the client timed out and must find out.
KIND_SETS = {"all": harness.ALL_FAULT_KINDS, "slow": ("slow",)}


def _params():
    params = []
    for name in sorted(SCENARIOS):
        for seed in harness.seeds(SCENARIOS[name].default_seeds, SCENARIOS[name].long_seeds):
            for kinds in sorted(KIND_SETS):
                if not harness.LONG and (kinds == "slow" or not SCENARIOS[name].fault_tests_in_default):
                    continue  # "all" includes slow answers; the slow-only variant runs in the long run
                params.append(pytest.param(name, seed, kinds, id="%s-%s-seed%d" % (name, kinds, seed)))
    return params


@pytest.mark.parametrize("scenario_name, seed, kinds", _params())
def test_faults_end_like_a_fault_free_run(work_dir, scenario_name, seed, kinds):
    scenario = SCENARIOS[scenario_name]
    reference = run_reference(scenario, seed, os.path.join(str(work_dir), "reference"))
    faulty_dir = os.path.join(str(work_dir), "faulty")
    sim = harness.start_sim(*(scenario.sim_args(seed) + harness.fault_args(FAULT_RATE, seed, KIND_SETS[kinds])))
    try:
        before = harness.state(sim)
        recordings = harness.recordings_by_id(sim)
        run = scenario.run(sim, faulty_dir, {"client_timeout": harness.CLIENT_TIMEOUT})
        after = harness.state(sim)
        requests_seen = harness.v1_requests(sim)
    finally:
        sim.stop()
    faults = harness.injected_faults(FAULT_RATE, seed, KIND_SETS[kinds], requests_seen)
    assert before == reference.before, "the two simulators do not hold the same data"
    problems = []
    if run.rc != 0:
        problems.append("the run failed under faults: %s" % [(e["task"], e["result"].get("msg")) for e in run.failed_tasks()])
    differences = harness.diff_states(reference.after, after)
    if differences:
        problems.append("final state differs from the fault-free run:\n" + "\n".join(differences[:30]))
    if outcomes(run) != reference.outcomes:
        problems.append("reported outcomes differ from the fault-free run:\n" + harness.diff_outcomes(reference.outcomes, outcomes(run)))
    losses = scenario.check_archive(faulty_dir, before, after, recordings)
    if losses:
        problems.append("recordings trashed or deleted without a verified archive:\n" + "\n".join(losses[:30]))
    report_problems = scenario.check_report(run, faulty_dir, before, after)
    if report_problems:
        problems.append("the report does not match reality:\n" + "\n".join(report_problems[:30]))
    harness.record_figures(
        "faults",
        target=scenario_name,
        kinds=kinds,
        seed=seed,
        runs=1,
        requests=requests_seen,
        faults=sum(faults.values()),
        faults_by_kind=faults,
        recordings=len(before["items"]),
        processed=sum(1 for rec_id in before["items"] if before["items"][rec_id] != after["items"].get(rec_id)),
        losses=len(losses),
        failed=bool(problems),
    )
    assert not problems, "\n".join(problems)
