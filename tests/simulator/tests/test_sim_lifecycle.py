"""softDelete / restore / purge: the lifecycle, the *All forms and every strict validation rule."""

from __future__ import annotations

import pytest
from conftest import A1, A2, A3_DELETED, A4_PURGED, A7_PREVENT, ADMIN, ALICE, B1, B2_DELETED, BOB, CO, VL1

SOFT, RESTORE, PURGE = (f"/convergedRecordings/{op}" for op in ("softDelete", "restore", "purge"))


def statuses(sim) -> dict[str, str]:
    return {i["id"]: i["status"] for i in sim.recordings()}


def test_full_lifecycle_by_ids(api):
    sim = api.sim
    assert api.post(SOFT, ALICE, json={"recordingIds": [A1, A2]}).status_code == 204
    assert api.status_of(A1) == "deleted" and api.status_of(A2) == "deleted"
    assert A1 not in api.ids("/convergedRecordings", ALICE)
    assert A1 in api.ids("/convergedRecordings", ALICE, params={"status": "deleted"})
    assert api.post(RESTORE, ALICE, json={"recordingIds": [A2], "restoreAll": False}).status_code == 204
    assert api.status_of(A2) == "available"
    assert api.post(PURGE, ALICE, json={"recordingIds": [A1]}).status_code == 204
    assert statuses(sim)[A1] == "purged"
    # Purged: gone for the owner and admins, still there for a compliance officer.
    assert api.get(f"/convergedRecordings/{A1}", ALICE).status_code == 404
    assert api.get(f"/convergedRecordings/{A1}", ADMIN).status_code == 404
    assert api.get(f"/convergedRecordings/{A1}", CO).json()["status"] == "purged"
    # And it cannot come back through the API: purged is invisible to an administrator, so not found.
    assert api.post(RESTORE, ADMIN, json={"recordingIds": [A1]}).status_code == 404


def test_admin_acts_on_any_org_recording(api):
    assert api.post(SOFT, ADMIN, json={"recordingIds": [A1, B1, VL1]}).status_code == 204
    assert {api.status_of(r) for r in (A1, B1, VL1)} == {"deleted"}
    assert api.post(PURGE, ADMIN, json={"recordingIds": [B1, B2_DELETED]}).status_code == 204
    assert api.status_of(B1) == "purged" and api.status_of(B2_DELETED) == "purged"


def test_user_trash_all_acts_on_own_available_only(api):
    before = statuses(api.sim)
    assert api.post(SOFT, ALICE, json={"trashAll": True}).status_code == 204
    after = statuses(api.sim)
    alice = {i["id"] for i in api.sim.recordings() if i["ownerEmail"] == "alice@example.com"}
    for rid, status in before.items():
        if rid in alice and status == "available":
            assert after[rid] == "deleted"
        else:
            assert after[rid] == status, rid
    assert after[A4_PURGED] == "purged"


def test_user_restore_all_and_purge_all(api):
    assert api.post(RESTORE, ALICE, json={"restoreAll": True}).status_code == 204
    assert api.status_of(A3_DELETED) == "available"
    assert api.status_of(B2_DELETED) == "deleted"  # Bob's stays
    assert api.post(SOFT, BOB, json={"recordingIds": [B1]}).status_code == 204
    assert api.post(PURGE, BOB, json={"purgeAll": True, "recordingIds": []}).status_code == 204
    assert api.status_of(B1) == "purged" and api.status_of(B2_DELETED) == "purged"


def test_admin_all_forms_need_owner_email(api):
    assert api.post(SOFT, ADMIN, json={"trashAll": True, "ownerEmail": "bob@example.com"}).status_code == 204
    assert api.status_of(B1) == "deleted"
    assert api.post(RESTORE, ADMIN, json={"restoreAll": True, "ownerEmail": "BOB@example.com"}).status_code == 204
    assert api.status_of(B1) == "available" and api.status_of(B2_DELETED) == "available"
    assert api.post(PURGE, ADMIN, json={"purgeAll": True, "ownerEmail": "bob@example.com"}).status_code == 204
    assert api.status_of(B1) == "available"  # nothing was deleted any more


def test_all_forms_with_nothing_to_do_are_204(api):
    assert api.post(PURGE, ADMIN, json={"purgeAll": True, "ownerEmail": "dave@example.com"}).status_code == 204
    assert api.post(RESTORE, "carol-token", json={"restoreAll": True}).status_code == 403  # read-only user


def rejected(api, path, token, body, status=400, **kw):
    before = statuses(api.sim)
    resp = api.post(path, token, json=body, **kw) if body is not ... else api.post(path, token, **kw)
    assert resp.status_code == status, resp.text
    assert statuses(api.sim) == before, "a rejected request changed state"
    return resp


STRICT = [
    (SOFT, ALICE, {"trashAll": True, "recordingIds": [A1]}),
    (SOFT, ADMIN, {"trashAll": True}),
    (SOFT, ADMIN, {"trashAll": True, "ownerEmail": ""}),
    (SOFT, ALICE, {"trashAll": True, "ownerEmail": "alice@example.com"}),
    (SOFT, ALICE, {"ownerEmail": "alice@example.com", "recordingIds": [A1]}),
    (SOFT, ALICE, {"trashAll": False, "ownerEmail": "alice@example.com"}),
    (SOFT, ALICE, {"trashAll": False}),
    (SOFT, ALICE, {"recordingIds": []}),
    (SOFT, ALICE, {}),
    (SOFT, ADMIN, {"recordingIds": [f"id-{i}" for i in range(101)]}),
    (SOFT, ALICE, {"recordingIds": [A1, A1]}),
    (PURGE, ADMIN, {"purgeAll": True, "ownerEmail": "frontdesk-vl@example.com"}),  # not a user: use ids
    (SOFT, ALICE, {"trashAll": "true"}),
    (SOFT, ALICE, {"trashAll": 1}),
    (SOFT, ALICE, {"recordingIds": A1}),
    (SOFT, ALICE, {"recordingIds": [1, 2]}),
    (SOFT, ALICE, {"recordingIds": [A1], "ownerEmail": 5}),
    (SOFT, ALICE, {"recordingIds": [""]}),
    (SOFT, ALICE, [A1]),
    (SOFT, ALICE, "softDelete"),
    (SOFT, ALICE, None),
]


@pytest.mark.parametrize(
    ("path", "token", "body"),
    STRICT,
    ids=[f"{p.rsplit('/', 1)[1]}-{i}" for i, (p, _unused, _unused) in enumerate(STRICT)],
)
def test_strict_validation(api, path, token, body):
    rejected(api, path, token, body)


# Unknown ids or users (404) and ids in the wrong state (409), as the spec declares for the recycle bin;
# each is 400 with --error-codes legacy (test_sim_error_codes.py). Still all or nothing.
NOT_FOUND_OR_CONFLICT = [
    (SOFT, ALICE, {"recordingIds": [A1, "no-such-id"]}, 404),
    (SOFT, ALICE, {"recordingIds": [A1, B1]}, 404),  # B1 is Bob's: not visible to Alice
    (SOFT, ADMIN, {"recordingIds": [A1, A4_PURGED]}, 404),  # purged: invisible to admins
    (RESTORE, ADMIN, {"recordingIds": [A4_PURGED]}, 404),
    (PURGE, ADMIN, {"purgeAll": True, "ownerEmail": "nobody@example.com"}, 404),
    (SOFT, ALICE, {"recordingIds": [A3_DELETED, "no-such-id"]}, 404),  # not found wins over the wrong state
    (SOFT, ALICE, {"recordingIds": [A1, A3_DELETED]}, 409),  # already deleted
    (RESTORE, ALICE, {"recordingIds": [A3_DELETED, A1]}, 409),  # A1 is available
    (PURGE, ALICE, {"recordingIds": [A3_DELETED, A2]}, 409),  # A2 is available
]


@pytest.mark.parametrize(
    ("path", "token", "body", "status"),
    NOT_FOUND_OR_CONFLICT,
    ids=[f"{p.rsplit('/', 1)[1]}-{s}-{i}" for i, (p, _unused, _unused, s) in enumerate(NOT_FOUND_OR_CONFLICT)],
)
def test_unknown_ids_are_404_and_wrong_states_409(api, path, token, body, status):
    rejected(api, path, token, body, status=status)


@pytest.mark.parametrize("raw", [b"", b"{", b"{'recordingIds': []}", b"\xff\xfe"])
def test_malformed_bodies(api, raw):
    rejected(api, SOFT, ALICE, ..., data=raw, headers={"Content-Type": "application/json"})


def test_body_without_content_type_is_parsed(api):
    resp = api.post(SOFT, ALICE, data=b'{"recordingIds": ["%s"]}' % A1.encode())
    assert resp.status_code == 204


def test_wrong_content_type_is_415(api):
    resp = api.post(SOFT, ALICE, data={"recordingIds": A1})
    assert resp.status_code == 415


def test_exactly_100_ids_accepted(api):
    resp = api.post(SOFT, ADMIN, json={"recordingIds": [A1] + [f"x{i}" for i in range(99)]})
    # 100 is allowed by count; it fails only because the made-up ids do not exist.
    assert resp.status_code == 404 and "not found" in resp.json()["message"]


def test_prevent_download_recordings_follow_the_same_lifecycle(api):
    assert api.post(SOFT, ALICE, json={"recordingIds": [A7_PREVENT]}).status_code == 204
    assert api.status_of(A7_PREVENT) == "deleted"
