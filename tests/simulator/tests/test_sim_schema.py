"""Every endpoint and every status the simulator returns, each body validated (Api.call runs conftest.check)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import requests
from conftest import (
    A1,
    A3_DELETED,
    A4_PURGED,
    ADMIN,
    ADMIN_RO,
    ALICE,
    B1,
    CO,
    EXAMPLE,
    NOSCOPE,
    check,
    openapi,
)
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from webex_sim.testing import SimulatorProcess


def test_validator_is_not_vacuous(api):
    """The spec check must fail on a list item without `id`, or every 200 check below proves nothing."""
    resp = api.get("/convergedRecordings", ALICE)
    broken = requests.Response()
    broken.status_code = 200
    broken.headers.update(resp.headers)
    body = resp.json()
    del body["items"][0]["id"]
    broken._content = json.dumps(body).encode()
    broken.request = resp.request
    broken.url = resp.url
    with pytest.raises(Exception, match=r"(?i)invalid|validation"):
        openapi().validate_response(RequestsOpenAPIRequest(resp.request), RequestsOpenAPIResponse(broken))
    with pytest.raises(AssertionError):
        check(broken)


# (method, path, token, kwargs, status); every row is one real request through the spec checker.
WALK = [
    ("GET", "/convergedRecordings", ALICE, {}, 200),
    ("GET", "/convergedRecordings?status=deleted", ALICE, {}, 200),
    ("GET", "/convergedRecordings?max=0", ALICE, {}, 400),
    ("GET", "/convergedRecordings", None, {}, 401),
    ("GET", "/convergedRecordings", ADMIN, {}, 403),
    ("GET", "/admin/convergedRecordings", ADMIN, {}, 200),
    ("GET", "/admin/convergedRecordings", CO, {}, 200),
    ("GET", "/admin/convergedRecordings?status=bogus", ADMIN, {}, 400),
    ("GET", "/admin/convergedRecordings?status=purged", ADMIN, {}, 403),
    ("GET", "/admin/convergedRecordings", "nope", {}, 401),
    ("GET", f"/convergedRecordings/{A1}", ALICE, {}, 200),
    ("GET", f"/convergedRecordings/{A1}", ADMIN, {}, 200),
    ("GET", f"/convergedRecordings/{A4_PURGED}", CO, {}, 200),
    ("GET", f"/convergedRecordings/{A1}", ALICE, {"headers": {"timezone": "Asia/Shanghai"}}, 200),
    ("GET", f"/convergedRecordings/{A1}", ALICE, {"headers": {"timezone": "Mars/Olympus"}}, 400),
    ("GET", f"/convergedRecordings/{B1}", ALICE, {}, 404),
    ("GET", f"/convergedRecordings/{A1}", NOSCOPE, {}, 403),
    ("GET", f"/convergedRecordings/{A1}", None, {}, 401),
    ("GET", f"/convergedRecordings/{A1}/metadata", ALICE, {}, 200),
    ("GET", f"/convergedRecordings/{A1}/metadata?showAllTypes=true", CO, {}, 200),
    ("GET", f"/convergedRecordings/{A1}/metadata?showAllTypes=maybe", ALICE, {}, 400),
    ("GET", f"/convergedRecordings/{B1}/metadata", ALICE, {}, 404),
    ("GET", f"/convergedRecordings/{A1}/metadata", None, {}, 401),
    ("GET", f"/convergedRecordings/{A1}/metadata", NOSCOPE, {}, 403),
    ("DELETE", f"/convergedRecordings/{A1}", CO, {"json": {"reason": "audit"}}, 204),
    ("DELETE", f"/convergedRecordings/{A1}", CO, {"json": {"comment": "x" * 256, "reason": "audit"}}, 400),
    ("DELETE", f"/convergedRecordings/{A1}", ADMIN, {}, 403),
    ("DELETE", "/convergedRecordings/unknown-id", CO, {"json": {"reason": "audit"}}, 404),
    ("DELETE", f"/convergedRecordings/{A1}", None, {}, 401),
    (
        "POST",
        "/convergedRecordings/reassign",
        ADMIN,
        {"json": {"recordingIds": [A1], "reassignOwnerEmail": "bob@example.com"}},
        204,
    ),
    ("POST", "/convergedRecordings/reassign", ADMIN, {"json": {"recordingIds": [A1]}}, 400),
    (
        "POST",
        "/convergedRecordings/reassign",
        CO,
        {"json": {"recordingIds": [A1], "reassignOwnerEmail": "bob@example.com"}},
        403,
    ),
    ("POST", "/convergedRecordings/reassign", None, {"json": {}}, 401),
    ("POST", "/convergedRecordings/softDelete", ALICE, {"json": {"recordingIds": [A1]}}, 204),
    ("POST", "/convergedRecordings/softDelete", ALICE, {"json": {"trashAll": True, "recordingIds": [A1]}}, 400),
    ("POST", "/convergedRecordings/softDelete", ALICE, {"data": "x", "headers": {"Content-Type": "text/plain"}}, 415),
    ("POST", "/convergedRecordings/softDelete", CO, {"json": {"recordingIds": [A1]}}, 403),
    ("POST", "/convergedRecordings/softDelete", None, {"json": {"recordingIds": [A1]}}, 401),
    ("POST", "/convergedRecordings/restore", ALICE, {"json": {"recordingIds": [A3_DELETED]}}, 204),
    ("POST", "/convergedRecordings/restore", ALICE, {"json": {"recordingIds": [A1]}}, 409),
    ("POST", "/convergedRecordings/restore", ALICE, {"json": {"recordingIds": ["no-such-id"]}}, 404),
    ("POST", "/convergedRecordings/restore", ALICE, {"data": "null"}, 400),
    ("POST", "/convergedRecordings/restore", ADMIN_RO, {"json": {"recordingIds": [A3_DELETED]}}, 403),
    ("POST", "/convergedRecordings/purge", ADMIN, {"json": {"recordingIds": [A3_DELETED]}}, 204),
    (
        "POST",
        "/convergedRecordings/purge",
        ADMIN,
        {"data": "{not json", "headers": {"Content-Type": "application/json"}},
        400,
    ),
    ("POST", "/convergedRecordings/purge", NOSCOPE, {"json": {"recordingIds": [A3_DELETED]}}, 403),
    ("PUT", "/convergedRecordings", ALICE, {}, 405),
    ("POST", f"/convergedRecordings/{A1}", ALICE, {}, 405),
    ("GET", "/convergedRecordings/softDelete", ALICE, {}, 405),
    ("PUT", "/convergedRecordings/softDelete", ALICE, {}, 405),
    ("DELETE", "/convergedRecordings/purge", CO, {}, 405),
    ("GET", "/admin/convergedRecordings", ADMIN, {"params": {"from": "yesterday"}}, 400),
    ("GET", "/no/such/path", ALICE, {}, 404),
]


@pytest.mark.parametrize(
    ("method", "path", "token", "kwargs", "status"), WALK, ids=[f"{w[0]} {w[1]} {w[4]}" for w in WALK]
)
def test_walk(api, method, path, token, kwargs, status):
    resp = api.call(method, path, token, **kwargs)
    assert resp.status_code == status, resp.text


def test_purged_list_for_compliance_officer(api):
    """Items of `status=purged` need the spec's status enum widened by `purged` (see spec_dict)."""
    resp = api.get("/admin/convergedRecordings", CO, params={"status": "purged"}, purged=True)
    assert resp.status_code == 200
    assert [i["status"] for i in resp.json()["items"]] == ["purged"]


def test_every_status_code_is_covered():
    covered = {w[4] for w in WALK}
    # 429/500/502/503/504 come from faults: test_sim_faults.py walks them through the same checker.
    assert covered >= {200, 204, 400, 401, 403, 404, 405, 409, 415}


TOKEN_SCHEMA = {
    "type": "object",
    "required": ["access_token", "expires_in", "refresh_token", "refresh_token_expires_in"],
    "properties": {
        "access_token": {"type": "string"},
        "expires_in": {"type": "integer"},
        "refresh_token": {"type": "string"},
        "refresh_token_expires_in": {"type": "integer"},
    },
}
ME_SCHEMA = {
    "type": "object",
    "required": ["id", "emails", "displayName", "orgId", "type"],
    "properties": {
        "emails": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "type": {"const": "person"},
    },
}
MESSAGE_SCHEMA = {
    "type": "object",
    "required": ["id", "created"],
    "properties": {"id": {"type": "string"}, "created": {"type": "string", "pattern": r"Z$"}},
}


def test_platform_endpoints_bodies(api):
    form = {
        "grant_type": "refresh_token",
        "client_id": "sim-client-id",
        "client_secret": "sim-client-secret",
        "refresh_token": "alice-refresh",
    }
    resp = api.post("/access_token", data=form)
    assert resp.status_code == 200
    jsonschema.validate(resp.json(), TOKEN_SCHEMA)
    assert api.post("/access_token", data={**form, "client_secret": "wrong"}).status_code == 401
    assert api.post("/access_token", data={**form, "refresh_token": "wrong"}).status_code == 400
    me = api.get("/people/me", ALICE)
    assert me.status_code == 200
    jsonschema.validate(me.json(), ME_SCHEMA)
    msg = api.post("/messages", ALICE, json={"toPersonEmail": "bob@example.com", "markdown": "**done**"})
    assert msg.status_code == 200
    jsonschema.validate(msg.json(), MESSAGE_SCHEMA)
    assert api.post("/messages", ALICE, json={"text": "no target"}).status_code == 400


def test_generated_org_validates(gen_api):
    """A sample of a generated org: lists, details and metadata of every owner type against the spec."""
    items = gen_api.get("/admin/convergedRecordings", ADMIN, params={"max": 100}).json()["items"]
    assert items
    for owner_type in ("user", "virtualLine", "place", "callQueue"):
        sample = [i for i in items if i["ownerType"] == owner_type][:2]
        for item in sample:
            assert gen_api.get(f"/convergedRecordings/{item['id']}", CO).status_code == 200
            meta = gen_api.get(f"/convergedRecordings/{item['id']}/metadata", ADMIN, params={"showAllTypes": "true"})
            assert meta.status_code == 200


def test_examples_fixture_is_complete():
    """examples/org.yml loads and serves (the README points to it as the complete example)."""
    with SimulatorProcess("--fixture", str(EXAMPLE)) as sim:
        assert len(sim.recordings()) == 16
