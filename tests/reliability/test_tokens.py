"""Long runs: access tokens expire in the middle (``--expire-tokens-after N``: 401 after N requests per token).

With refresh credentials the run refreshes and ends exactly like a run whose token never expires. Without them it
stops with a clear message, and what it reports as done is exactly what changed at the simulator.
"""

import random

import pytest

from tests.reliability import harness
from tests.reliability.scenarios import CHANGED_OUTCOMES, SCENARIOS, latest_report, run_reference

DATA = ["--generate", "2500", "--seed", "7", "--owners", "30", "--days", "365"]
PLAYBOOK = "long_retention.yml"
TASKS = ("Trash recordings older than 30 days", "Purge recycle-bin recordings older than 200 days")
REFRESH_ENV = {
    "WEBEX_CLIENT_ID": harness.CLIENT_ID,
    "WEBEX_CLIENT_SECRET": harness.CLIENT_SECRET,
    "WEBEX_REFRESH_TOKEN": "sim-admin-refresh",
}
# The roles refresh each token with its own refresh token: the admin's comes from WEBEX_REFRESH_TOKEN above (the
# default of *_admin_refresh_token when WEBEX_ADMIN_REFRESH_TOKEN is not set), the compliance officer's from
# WEBEX_COMPLIANCE_REFRESH_TOKEN (the default of *_compliance_refresh_token; never WEBEX_REFRESH_TOKEN).
ROLE_REFRESH_ENV = dict(REFRESH_ENV, WEBEX_COMPLIANCE_REFRESH_TOKEN="sim-compliance-refresh")
_REFERENCE = {}


def reference(work_dir):
    """Final state of the run with a token that never expires, and how many list calls precede the first write."""
    if not _REFERENCE:
        with harness.session_cache("long-retention") as cache:
            if cache.value is None:
                cache.value = _reference(work_dir)
            _REFERENCE.update(cache.value)
            for name in ("before", "after"):
                state = _REFERENCE[name]
                _REFERENCE[name] = {"items": dict((k, tuple(v)) for k, v in state["items"].items()), "gone": state["gone"]}
    return _REFERENCE


def _reference(work_dir):
    sim = harness.start_sim(*DATA)
    try:
        before = harness.state(sim)
        run = harness.Playbook(sim, work_dir).run(PLAYBOOK)
        log = sim.requests(log=True)["log"]
        after = harness.state(sim)
    finally:
        sim.stop()
    assert run.rc == 0, run
    first_write = next(index for index, entry in enumerate(log) if entry["method"] == "POST")
    writes = sum(1 for entry in log if entry["method"] == "POST")
    return {"before": before, "after": after, "first_write": first_write, "writes": writes, "requests": len(log)}


def expiry_points():
    """Requests per token: a few fixed points in the default slice, random ones in the long run."""
    points = [pytest.param("mid-writes", id="mid-writes")]
    if harness.LONG:
        points += [pytest.param("random-%d" % n, id="random-%d" % n) for n in range(6)]
    return points


def requests_per_token(point, ref):
    if point == "mid-writes":
        return ref["first_write"] + 2  # the list calls and two write batches, then 401
    rng = random.Random(point)
    return rng.randint(20, max(21, ref["first_write"] + ref["writes"]))


@pytest.mark.parametrize("point", expiry_points())
def test_refresh_credentials_carry_a_long_run_through(work_dir, point):
    ref = reference(work_dir / "reference")
    limit = max(20, requests_per_token(point, ref))  # above the client's concurrency: see docs/reliability.md
    sim = harness.start_sim(*(DATA + ["--expire-tokens-after", str(limit)]))
    try:
        run = harness.Playbook(sim, work_dir, env=REFRESH_ENV).run(PLAYBOOK)
        after = harness.state(sim)
        refreshes = sim.requests()["by_endpoint"].get("POST /v1/access_token", 0)
    finally:
        sim.stop()
    assert run.rc == 0, "the run with refresh credentials failed: %s" % [(e["task"], e["result"].get("msg")) for e in run.failed_tasks()]
    assert refreshes > 0, "the token never expired: the test tests nothing"
    differences = harness.diff_states(ref["after"], after)
    assert not differences, "\n".join(differences[:30])
    harness.record_figures("tokens", target="refresh", point=point, limit=limit, refreshes=refreshes, runs=1, losses=0,
                           recordings=len(ref["before"]["items"]))


@pytest.mark.parametrize("point", expiry_points())
def test_without_refresh_the_run_stops_clearly_and_reports_the_truth(work_dir, point):
    ref = reference(work_dir / "reference")
    limit = requests_per_token(point, ref)
    sim = harness.start_sim(*(DATA + ["--expire-tokens-after", str(limit)]))
    try:
        before = harness.state(sim)
        run = harness.Playbook(sim, work_dir).run(PLAYBOOK)
        after = harness.state(sim)
    finally:
        sim.stop()
    assert run.rc != 0, "the run did not stop although its token expired"
    failed = run.failed_tasks()
    assert len(failed) == 1, failed
    msg = str(failed[0]["result"].get("msg", ""))
    assert "401" in msg and "token" in msg.lower(), "unclear message: %r" % msg
    # Truthful: every recording reported changed did change; every change at the simulator was reported.
    reported = set()
    for task in TASKS:
        for entry in run.named(task):
            for rec in entry["result"].get("recordings") or []:
                if rec.get("outcome") in CHANGED_OUTCOMES:
                    reported.add(rec["id"])
            if entry["status"] == "failed" and entry["result"].get("count") is not None:
                changed_count = sum(1 for rec in entry["result"].get("recordings") or [] if rec.get("outcome") in CHANGED_OUTCOMES)
                assert entry["result"]["count"] == changed_count, "count %s but %s recordings changed" % (entry["result"]["count"], changed_count)
    actually = set(rec_id for rec_id in before["items"] if before["items"][rec_id] != after["items"].get(rec_id))
    assert reported == actually, "reported but unchanged: %s; changed but not reported: %s" % (
        sorted(reported - actually)[:10],
        sorted(actually - reported)[:10],
    )
    harness.record_figures("tokens", target="no-refresh", point=point, limit=limit, runs=1, processed=len(actually), losses=0,
                           recordings=len(before["items"]))


def test_refresh_credentials_alone_obtain_a_token(work_dir):
    """The connection docs: access_token is "not needed when client_id, client_secret and refresh_token are all set;
    a token is then obtained". A job that stores only refresh credentials must run."""
    ref = reference(work_dir / "reference")
    sim = harness.start_sim(*DATA)
    try:
        run = harness.Playbook(sim, work_dir, token=None, env=REFRESH_ENV).run(PLAYBOOK)
        after = harness.state(sim)
        refreshes = sim.requests()["by_endpoint"].get("POST /v1/access_token", 0)
    finally:
        sim.stop()
    assert run.rc == 0, "refresh credentials without an access token: %s" % [(e["task"], e["result"].get("msg")) for e in run.failed_tasks()]
    assert refreshes > 0
    assert not harness.diff_states(ref["after"], after)


@pytest.mark.parametrize("scenario_name", ["offboarding", "retention"])
def test_roles_refresh_and_continue(work_dir, scenario_name):
    """A role's run outlives its tokens (admin and compliance officer): with refresh credentials it ends like a run
    whose tokens never expire. Each token is refreshed with its own refresh token (the roles' *_client_id,
    *_client_secret, *_admin_refresh_token and *_compliance_refresh_token, here from their environment defaults):
    a compliance officer step that refreshed with the admin's refresh token would get an admin token, no download
    links, and archive (so trash) nothing."""
    scenario = SCENARIOS[scenario_name]
    seed = scenario.default_seeds[0]
    ref = run_reference(scenario, seed, str(work_dir / "reference"))
    sim = harness.start_sim(*(scenario.sim_args(seed) + ["--expire-tokens-after", "25"]))
    try:
        run = scenario.run(sim, str(work_dir / "run"), env=ROLE_REFRESH_ENV)
        after = harness.state(sim)
        refreshes = sim.requests()["by_endpoint"].get("POST /v1/access_token", 0)
    finally:
        sim.stop()
    assert refreshes > 0, "no token expired: the test tests nothing"
    assert run.rc == 0, "the run with refresh credentials failed: %s" % [(e["task"], e["result"].get("msg")) for e in run.failed_tasks()]
    differences = harness.diff_states(ref.after, after)
    assert not differences, "with expiring tokens and refresh credentials, the run ends elsewhere (%d differences):\n%s" % (
        len(differences),
        "\n".join(differences[:20]),
    )
    harness.record_figures("tokens", target="role " + scenario_name, refreshes=refreshes, runs=1, losses=0, recordings=len(ref.before["items"]))


def role_expiry_points():
    points = [40]
    if harness.LONG:
        points += [15, 30, 60, 90]
    return points


@pytest.mark.parametrize("scenario_name", ["offboarding", "retention"])
@pytest.mark.parametrize("limit", role_expiry_points())
def test_roles_without_refresh_report_what_they_did(work_dir, scenario_name, limit):
    """Tokens expire in the middle of a role's run and there is nothing to refresh them with: the run stops with a
    clear message, and its report (and journal) say exactly what it did before it stopped."""
    scenario = SCENARIOS[scenario_name]
    seed = scenario.default_seeds[0]
    run_dir = str(work_dir / "run")
    sim = harness.start_sim(*(scenario.sim_args(seed) + ["--expire-tokens-after", str(limit)]))
    try:
        before = harness.state(sim)
        run = scenario.run(sim, run_dir)
        after = harness.state(sim)
    finally:
        sim.stop()
    changed = sorted(rec_id for rec_id in before["items"] if before["items"][rec_id] != after["items"].get(rec_id))
    messages = [str(entry["result"].get("msg", "")) for entry in run.failed_tasks()]
    problems = []
    if run.rc == 0 and changed and not messages:
        problems.append("the run succeeded although its tokens expired (limit %d)" % limit)
    if run.rc != 0 and not any("401" in msg or "token" in msg.lower() for msg in messages):
        problems.append("unclear failure: %s" % messages)
    if changed or latest_report(scenario.report_dir(run_dir)) is not None:
        problems += scenario.check_report(run, run_dir, before, after)
    harness.record_figures("tokens", target="role no-refresh " + scenario_name, limit=limit, runs=1, processed=len(changed),
                           recordings=len(before["items"]), failed=bool(problems), losses=0)
    assert not problems, "%s: tokens expire after %d requests, no refresh; %d recordings changed; failed tasks: %s\n%s" % (
        scenario_name,
        limit,
        len(changed),
        [(entry["task"], str(entry["result"].get("msg"))[:200]) for entry in run.failed_tasks()],
        "\n".join(problems[:20]),
    )
