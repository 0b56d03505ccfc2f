"""Small helpers the integration tests share: the simulator's state and request counts, in test-friendly shapes."""

import contextlib
import os

import yaml

from webex_sim.testing import SimulatorProcess

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "org.yml")

COMPLIANCE_TOKEN = "sim-compliance-token"

ADMIN_LIST = "GET /v1/admin/convergedRecordings"
USER_LIST = "GET /v1/convergedRecordings"
DETAILS = "GET /v1/convergedRecordings/{recordingId}"
SOFT_DELETE = "POST /v1/convergedRecordings/softDelete"
RESTORE = "POST /v1/convergedRecordings/restore"
PURGE = "POST /v1/convergedRecordings/purge"
REASSIGN = "POST /v1/convergedRecordings/reassign"
DELETE = "DELETE /v1/convergedRecordings/{recordingId}"


def state(sim):
    """``{id: (status, owner_email)}`` of every recording the simulator holds (gone ones are absent)."""
    return dict((r["id"], (r["status"], r["ownerEmail"])) for r in sim.recordings())


def recordings_where(sim, **fields):
    """The simulator's recordings (API fields) whose top-level fields equal ``fields``; ``location`` for serviceData."""
    location = fields.pop("location", None)
    found = []
    for recording in sim.recordings():
        if location is not None and recording.get("serviceData", {}).get("locationId") != location:
            continue
        if all(recording.get(key) == value for key, value in fields.items()):
            found.append(recording)
    return found


def ids_where(sim, **fields):
    return set(r["id"] for r in recordings_where(sim, **fields))


def calls(sim, endpoint):
    return sim.requests()["by_endpoint"].get(endpoint, 0)


def writes(sim):
    """Every POST or DELETE the simulator received (from its request log)."""
    return [entry for entry in sim.requests(log=True)["log"] if entry["method"] in ("POST", "DELETE")]


def differences(before, after):
    """Ids whose (status, owner) differ between two ``state`` snapshots, including ids that disappeared."""
    return set(i for i in before if before[i] != after.get(i))


def ok(run, task):
    """The result of ``task``, asserting the playbook and the task succeeded."""
    assert run.rc == 0, run
    result = run.result(task)
    assert not result.get("failed"), result.get("msg")
    return result


@contextlib.contextmanager
def simulator_with_admin_scopes(folder, *scopes):
    """The fixture organisation in a simulator, its admin token given ``scopes`` more (the fixture copy goes in
    ``folder``); yields ``(simulator, fixture)``."""
    with open(FIXTURE) as handle:
        fixture = yaml.safe_load(handle)
    for person in fixture["people"]:
        if person.get("token") == "sim-admin-token":
            person["scopes"] = list(person["scopes"]) + list(scopes)
    path = os.path.join(str(folder), "org.yml")
    with open(path, "w") as handle:
        handle.write(yaml.safe_dump(fixture))
    with SimulatorProcess("--fixture", path) as sim:
        yield sim, fixture
