"""Authentication and the scope table of docs/webex-api.md 2, role by role."""

from __future__ import annotations

import pytest
from conftest import A1, A3_DELETED, ADMIN, ADMIN_RO, ALICE, CAROL, CO, CO1, NOSCOPE

ROLES = {"user": ALICE, "user_ro": CAROL, "admin": ADMIN, "admin_ro": ADMIN_RO, "co": CO, "noscope": NOSCOPE}

# (method, path, body, expected status per role). 403 = scope missing, or "not listed" for a CO (strict).
MATRIX = [
    ("GET", "/convergedRecordings", None, dict(user=200, user_ro=200, admin=403, admin_ro=403, co=403, noscope=403)),
    (
        "GET",
        "/admin/convergedRecordings",
        None,
        dict(user=403, user_ro=403, admin=200, admin_ro=200, co=200, noscope=403),
    ),
    (
        "GET",
        f"/convergedRecordings/{A1}",
        None,
        dict(user=200, user_ro=404, admin=200, admin_ro=200, co=200, noscope=403),
    ),
    (
        "GET",
        f"/convergedRecordings/{A1}/metadata",
        None,
        dict(user=200, user_ro=404, admin=200, admin_ro=200, co=200, noscope=403),
    ),
    (
        "DELETE",
        f"/convergedRecordings/{CO1}",
        None,
        dict(user=403, user_ro=403, admin=403, admin_ro=403, co=204, noscope=403),
    ),
    (
        "POST",
        "/convergedRecordings/reassign",
        {"recordingIds": [A1], "reassignOwnerEmail": "bob@example.com"},
        dict(user=403, user_ro=403, admin=204, admin_ro=403, co=403, noscope=403),
    ),
    (
        "POST",
        "/convergedRecordings/softDelete",
        {"recordingIds": [A1]},
        dict(user=204, user_ro=403, admin=204, admin_ro=403, co=403, noscope=403),
    ),
    (
        "POST",
        "/convergedRecordings/restore",
        {"recordingIds": [A3_DELETED]},
        dict(user=204, user_ro=403, admin=204, admin_ro=403, co=403, noscope=403),
    ),
    (
        "POST",
        "/convergedRecordings/purge",
        {"recordingIds": [A3_DELETED]},
        dict(user=204, user_ro=403, admin=204, admin_ro=403, co=403, noscope=403),
    ),
]
CASES = [((m, p, b), role, status) for m, p, b, row in MATRIX for role, status in row.items()]


@pytest.mark.parametrize(("key", "role", "status"), CASES, ids=[f"{k[0]} {k[1]} {r}" for k, r, _unused in CASES])
def test_scope_table(api, key, role, status):
    method, path, body = key
    kwargs = {"json": body} if body is not None else {}
    resp = api.call(method, path, ROLES[role], **kwargs)
    assert resp.status_code == status, resp.text


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic YWxpY2U6c2VjcmV0", "Bearer not-a-token", "alice-token", "Token alice-token"],
)
def test_unauthenticated_is_401(api, header):
    headers = {"Authorization": header} if header is not None else {}
    resp = api.get("/convergedRecordings", headers=headers)
    assert resp.status_code == 401
    assert "access token" in resp.json()["message"]


def test_bearer_scheme_is_case_insensitive(api):
    assert api.get("/convergedRecordings", headers={"Authorization": "bearer alice-token"}).status_code == 200


def test_admin_write_scope_makes_an_administrator(tmp_path):
    """A token with both user and admin write scopes is an administrator: trashAll then needs ownerEmail."""
    from webex_sim.testing import SimulatorProcess

    fixture = tmp_path / "org.json"
    fixture.write_text(
        """{"people": [{"email": "both@example.com", "token": "both",
            "scopes": ["spark:recordings_read", "spark:recordings_write", "spark-admin:recordings_write"]}],
           "recordings": [{"id": "r1", "owner": "both@example.com", "create_time": "-1h"}]}"""
    )
    from conftest import Api

    with SimulatorProcess("--fixture", str(fixture)) as sim:
        api = Api(sim)
        assert api.post("/convergedRecordings/softDelete", "both", json={"trashAll": True}).status_code == 400
        resp = api.post(
            "/convergedRecordings/softDelete", "both", json={"trashAll": True, "ownerEmail": "both@example.com"}
        )
        assert resp.status_code == 204
        assert sim.recordings()[0]["status"] == "deleted"
