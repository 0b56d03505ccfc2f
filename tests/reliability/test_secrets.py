"""Secrets: canary tokens, refresh tokens and client secret appear nowhere, at -vvvv, in check and diff mode, through failures.

The org of ``fixtures/canary-org.yml`` has canary strings as its admin and compliance officer tokens, their refresh
tokens and the OAuth client secret. The simulator expires every access token after a few requests, so each module
refreshes (and sends the client secret and refresh token) many times; a refreshed token is the canary plus ``-rN``,
so it is caught too. Searched: stdout, stderr, ansible.log, every task result, every file the run wrote (results
files, archives, manifests, journals, reports) and the simulator's request log.
"""

import os
import re

import pytest

from tests.reliability import harness

CANARY_ORG = os.path.join(harness.FIXTURES, "canary-org.yml")
CANARIES = {
    "admin access token": "CANARYadminACCESSq7Zr2w",
    "admin refresh token": "CANARYadminREFRESHk3Vt9p",
    "compliance officer access token": "CANARYcoACCESSm8Xw4j",
    "compliance officer refresh token": "CANARYcoREFRESHh2Ny6d",
    "client secret": "CANARYclientSECRETb5Lq8u",
}
# Any piece of a canary: the common prefix, and each canary without it (a secret cut at its start).
NEEDLES = ["CANARY"] + [value[len("CANARY"):] for value in CANARIES.values()]
# Ansible masks no_log values inside longer strings: "********-r2" is a refreshed token the module let out.
MASKED_REFRESHED_TOKEN = re.compile(r"\*{8}-r\d+")

CANARY_ENV = {
    "CANARY_ADMIN_TOKEN": CANARIES["admin access token"],
    "CANARY_CO_TOKEN": CANARIES["compliance officer access token"],
    "CANARY_CO_REFRESH": CANARIES["compliance officer refresh token"],
    "CANARY_ADMIN_REFRESH": CANARIES["admin refresh token"],
    "CANARY_CLIENT_SECRET": CANARIES["client secret"],
}


def find_canaries(name, data):
    """``["<where>: <needle> ..."]`` for every needle found in ``data`` (str or bytes)."""
    found = []
    text = data.decode("latin-1") if isinstance(data, bytes) else str(data)
    for needle in NEEDLES:
        index = text.find(needle)
        if index >= 0:
            found.append("%s: %r at %d: ...%s..." % (name, needle, index, text[max(0, index - 80):index + 60].replace("\n", " ")))
    match = MASKED_REFRESHED_TOKEN.search(text)
    if match:
        context = text[max(0, match.start() - 80):match.end() + 20]
        found.append("%s: a refreshed token (masked only because it starts with the canary): ...%s..." % (name, context))
    return found


def scan_run(run, work_dir, request_log):
    """Every place a canary could land after one playbook run."""
    leaks = find_canaries("stdout", run.stdout) + find_canaries("stderr", run.stderr)
    for path in harness.walk_files(str(work_dir)):
        with open(path, "rb") as handle:
            leaks += find_canaries(os.path.relpath(path, str(work_dir)), handle.read())
    if os.path.exists(request_log):
        with open(request_log, "rb") as handle:
            leaks += find_canaries("simulator request log", handle.read())
    return leaks


def canary_run(work_dir, playbook, sim_args=(), check=False, diff=True, extra_vars=None):
    """Run ``playbook`` at -vvvv against a fresh canary simulator; return (run, leaks, sim state)."""
    request_log = os.path.join(str(work_dir), "sim-requests.jsonl")
    sim = harness.start_sim("--fixture", CANARY_ORG, "--expire-tokens-after", "20", *sim_args, request_log=request_log)
    try:
        env = dict(CANARY_ENV)
        env["ANSIBLE_LOG_PATH"] = os.path.join(str(work_dir), "ansible.log")
        runner = harness.Playbook(sim, work_dir, token=CANARIES["admin access token"], env=env)
        run = runner.run(playbook, extra_vars=extra_vars, check=check, diff=diff, verbosity=4)
        requests = sim.requests()
    finally:
        sim.stop()
    return run, scan_run(run, work_dir, request_log), requests


MODES = [
    pytest.param({"check": True}, [], id="check-diff"),
    pytest.param({"check": False}, [], id="apply-diff"),
    pytest.param({"check": False}, harness.fault_args(0.3, 7, ("500", "503", "429", "reset")), id="apply-faults", marks=pytest.mark.long),
]


@pytest.mark.parametrize("mode, sim_args", MODES)
def test_modules_leak_no_secret(work_dir, mode, sim_args):
    run, leaks, requests = canary_run(work_dir, "secrets_modules.yml", sim_args=sim_args, check=mode["check"])
    assert run.results, "the playbook did not run: %r" % run
    # The run really exercised the secrets: refreshes happened, and modules reached the API.
    assert requests["by_endpoint"].get("POST /v1/access_token", 0) > 0, requests
    assert not leaks, "canaries leaked:\n" + "\n".join(leaks[:40])
    failed = set(entry["task"] for entry in run.failed_tasks())
    meant_to_fail = set(entry["task"] for entry in run.results if entry["task"].startswith("Fail - "))
    if not sim_args:
        assert failed <= meant_to_fail, "unexpected failures: %s\n%r" % (failed - meant_to_fail, run)
    if not mode["check"]:
        # (In check mode the reassign to a non-user cannot fail: no write is sent.)
        assert meant_to_fail <= failed, "tasks meant to fail did not: %s" % (meant_to_fail - failed)
    harness.record_figures("secrets", target="modules-" + ("check" if mode["check"] else "apply"), runs=1, requests=requests["total"], leaks=len(leaks))


# The defaults of the roles' refresh variables (*_client_id, *_client_secret, *_admin_refresh_token); the compliance
# officer's refresh token goes through the roles' variables (playbooks/secrets_roles.yml).
ROLE_REFRESH_ENV = {
    "WEBEX_CLIENT_ID": "sim-client-id",
    "WEBEX_CLIENT_SECRET": CANARIES["client secret"],
    "WEBEX_REFRESH_TOKEN": CANARIES["admin refresh token"],
}


@pytest.mark.parametrize("check", [pytest.param(True, id="check-diff", marks=pytest.mark.long), pytest.param(False, id="apply-diff")])
def test_roles_leak_no_secret(work_dir, check):
    request_log = os.path.join(str(work_dir), "sim-requests.jsonl")
    sim = harness.start_sim("--fixture", CANARY_ORG, "--expire-tokens-after", "20", request_log=request_log)
    try:
        env = dict(CANARY_ENV)
        env.update(ROLE_REFRESH_ENV)
        env["ANSIBLE_LOG_PATH"] = os.path.join(str(work_dir), "ansible.log")
        run = harness.Playbook(sim, work_dir, token=None, env=env).run("secrets_roles.yml", check=check, diff=True, verbosity=4)
        requests = sim.requests()
    finally:
        sim.stop()
    leaks = scan_run(run, work_dir, request_log)
    assert run.results, "the playbook did not run: %r" % run
    assert not leaks, "canaries leaked:\n" + "\n".join(leaks[:40])
    failures = [entry["task"] for entry in run.results if entry["task"].endswith("failed")]
    assert "Offboarding to a virtual line failed" in failures or check, failures
    roles_ran = set(entry["task"].split(" : ")[0] for entry in run.results if " : " in entry["task"])
    assert len(roles_ran) >= 4, roles_ran
    harness.record_figures("secrets", target="roles-" + ("check" if check else "apply"), runs=1, requests=requests["total"], leaks=len(leaks),
                           failed_roles=failures)
