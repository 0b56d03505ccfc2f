"""Where the official spec is explicit: bodies that are not JSON objects, 404/409 on the write calls (with the
`--error-codes legacy` switch back to 400), and `Allow` headers that list exactly each path's methods."""

from __future__ import annotations

import pytest
import requests
from conftest import A1, ADMIN, ALICE, CO, CO1, EXAMPLE, Api
from test_sim_lifecycle import NOT_FOUND_OR_CONFLICT
from test_sim_reassign import REASSIGN, REASSIGN_NOT_FOUND

from webex_sim.cli import parse_args
from webex_sim.testing import SimulatorProcess

SOFT, RESTORE, PURGE = (f"/convergedRecordings/{op}" for op in ("softDelete", "restore", "purge"))


def snapshot(sim: SimulatorProcess) -> dict[str, tuple[str, str]]:
    return {i["id"]: (i["status"], i["ownerEmail"]) for i in sim.recordings()}


@pytest.fixture(scope="module")
def legacy_sim():
    with SimulatorProcess("--fixture", str(EXAMPLE), error_codes="legacy") as sim:
        yield sim


@pytest.fixture
def legacy_api(legacy_sim: SimulatorProcess) -> Api:
    legacy_sim.reset()
    return Api(legacy_sim)


# bodies that are JSON but not an object ---------------------------------------------------------------------------

NOT_OBJECTS = [b"null", b"[]", b'"softDelete"', b"1", b"true", b" null\n"]
WRITES = [
    (SOFT, ALICE),
    (RESTORE, ALICE),
    (PURGE, ALICE),
    (SOFT, ADMIN),
    (REASSIGN, ADMIN),
    ("/messages", ALICE),
]


@pytest.mark.parametrize("raw", NOT_OBJECTS, ids=[r.decode().strip() for r in NOT_OBJECTS])
@pytest.mark.parametrize(("path", "token"), WRITES, ids=[f"{p.rsplit('/', 1)[1]}-{t}" for p, t in WRITES])
def test_a_body_that_is_not_a_json_object_is_400_with_the_error_body(api, path, token, raw):
    before = snapshot(api.sim)
    # check() (conftest) verifies the exact error body and the trackingId on the way.
    resp = api.post(path, token, data=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code == 400, resp.text
    assert resp.json()["message"] == "The request body must be a JSON object."
    assert snapshot(api.sim) == before
    assert api.sim.messages() == []


@pytest.mark.parametrize("raw", NOT_OBJECTS, ids=[r.decode().strip() for r in NOT_OBJECTS])
def test_the_optional_body_of_a_compliance_delete_must_be_an_object_too(api, raw):
    # CO1 is the officer's own recording: without a body (or with {}) it would be deleted, no reason needed.
    resp = api.delete(f"/convergedRecordings/{CO1}", CO, data=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code == 400, resp.text
    assert api.sim.gone() == []


# --error-codes ------------------------------------------------------------------------------------------------------


def test_spec_codes_are_the_default_and_legacy_is_a_switch():
    assert parse_args([]).error_codes == "spec"
    assert parse_args(["--error-codes", "legacy"]).error_codes == "legacy"
    with pytest.raises(SystemExit):
        parse_args(["--error-codes", "lenient"])
    assert SimulatorProcess().error_codes == "spec"
    assert SimulatorProcess(error_codes="legacy").args == ["--error-codes", "legacy"]
    assert SimulatorProcess("--error-codes", "legacy").error_codes == "legacy"
    with pytest.raises(ValueError, match="error_codes"):
        SimulatorProcess(error_codes="400")


LEGACY_CASES = [(p, t, b) for p, t, b, _status in NOT_FOUND_OR_CONFLICT] + [
    (REASSIGN, ADMIN, b) for b in REASSIGN_NOT_FOUND
]


@pytest.mark.parametrize(
    ("path", "token", "body"), LEGACY_CASES, ids=[f"{c[0].rsplit('/', 1)[1]}-{i}" for i, c in enumerate(LEGACY_CASES)]
)
def test_legacy_codes_answer_400_where_the_spec_says_404_or_409(legacy_api, path, token, body):
    before = snapshot(legacy_api.sim)
    resp = legacy_api.post(path, token, json=body)
    assert resp.status_code == 400, resp.text
    assert snapshot(legacy_api.sim) == before


def test_legacy_codes_change_nothing_else(legacy_api):
    """Successes, 401/403 and the compliance delete's 404 (the spec's own) are the same in both modes."""
    assert legacy_api.post(SOFT, ALICE, json={"recordingIds": [A1]}).status_code == 204
    assert legacy_api.post(RESTORE, ADMIN, json={"recordingIds": [A1]}).status_code == 204
    assert legacy_api.post(SOFT, CO, json={"recordingIds": [A1]}).status_code == 403
    assert legacy_api.delete("/convergedRecordings/no-such-id", CO, json={"reason": "audit"}).status_code == 404
    assert legacy_api.get("/convergedRecordings/no-such-id", ADMIN).status_code == 404


# 405 and Allow -------------------------------------------------------------------------------------------------------

# Every route of the nine operations, the platform calls and downloads, with its methods (the /_sim test hooks
# follow the same router rule but are not part of the API).
ROUTES = {
    "/v1/convergedRecordings": {"GET"},
    "/v1/admin/convergedRecordings": {"GET"},
    f"/v1/convergedRecordings/{A1}": {"GET", "DELETE"},
    f"/v1/convergedRecordings/{A1}/metadata": {"GET"},
    "/v1/convergedRecordings/reassign": {"POST"},
    "/v1/convergedRecordings/softDelete": {"POST"},
    "/v1/convergedRecordings/restore": {"POST"},
    "/v1/convergedRecordings/purge": {"POST"},
    "/v1/access_token": {"POST"},
    "/v1/people/me": {"GET"},
    "/v1/messages": {"POST"},
    "/downloads/some-token/audio": {"GET"},
}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")
WRONG = [(path, method) for path, allowed in ROUTES.items() for method in METHODS if method not in allowed]


@pytest.mark.parametrize(("path", "method"), WRONG, ids=[f"{m} {p}" for p, m in WRONG])
def test_a_wrong_method_is_405_allowing_exactly_the_paths_methods(api, path, method):
    url = api.sim.root_url + path
    if method == "HEAD":  # no body to check
        resp = requests.head(url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=30)
    else:
        resp = api.call(method, url, ADMIN)
    assert resp.status_code == 405, resp.text
    assert set(resp.headers["Allow"].split(",")) == ROUTES[path], resp.headers["Allow"]
    assert resp.headers["trackingId"]
