"""Token expiry by use count, the refresh grant, people/me and messages."""

from __future__ import annotations

from conftest import ALICE, CO, EXAMPLE, Api

from webex_sim.testing import SimulatorProcess

FORM = {
    "grant_type": "refresh_token",
    "client_id": "sim-client-id",
    "client_secret": "sim-client-secret",
    "refresh_token": "alice-refresh",
}


def test_tokens_expire_after_n_requests_and_refresh_renews():
    with SimulatorProcess("--fixture", str(EXAMPLE), "--expire-tokens-after", "3") as sim:
        api = Api(sim)
        assert [api.get("/convergedRecordings", ALICE).status_code for _unused in range(4)] == [200, 200, 200, 401]
        expired = api.get("/people/me", ALICE)
        assert expired.status_code == 401
        assert "valid access token" in expired.json()["message"]
        # The refresh grant needs no bearer token and does not count as a use.
        resp = api.post("/access_token", data=FORM)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        new = body["access_token"]
        assert new != ALICE and body["refresh_token"] == "alice-refresh"
        assert body["expires_in"] > 0 and body["refresh_token_expires_in"] > 0
        me = api.get("/people/me", new).json()
        assert me["emails"] == ["alice@example.com"]
        assert [api.get("/convergedRecordings", new).status_code for _unused in range(3)] == [200, 200, 401]
        second = api.post("/access_token", data=FORM).json()["access_token"]
        assert second not in (new, ALICE)
        # Counting is per token: the CO's token is untouched by Alice's use.
        assert api.get("/admin/convergedRecordings", CO).status_code == 200
        # Reset restores the initial tokens and forgets refreshed ones.
        sim.reset()
        assert api.get("/convergedRecordings", ALICE).status_code == 200
        assert api.get("/convergedRecordings", second).status_code == 401


def test_refresh_errors(api):
    assert api.post("/access_token", data={**FORM, "grant_type": "authorization_code"}).status_code == 400
    assert api.post("/access_token", data={k: v for k, v in FORM.items() if k != "refresh_token"}).status_code == 400
    assert api.post("/access_token", data={**FORM, "refresh_token": "nope"}).status_code == 400
    assert api.post("/access_token", data={**FORM, "client_id": "other"}).status_code == 401
    assert api.post("/access_token", data={**FORM, "client_secret": "bad"}).status_code == 401
    assert api.post("/access_token", json=FORM).status_code == 400
    assert api.get("/access_token").status_code == 405


def test_tokens_never_expire_by_default(api):
    assert all(api.get("/people/me", ALICE).status_code == 200 for _unused in range(25))


def test_people_me(api):
    me = api.get("/people/me", CO).json()
    assert me == {
        "id": "0c000000-0000-4000-8000-000000000001",
        "emails": ["compliance@example.com"],
        "displayName": "Cora Compliance",
        "orgId": "ee8ebeb0-f077-4384-bb50-9de6141c7bac",
        "type": "person",
    }
    assert api.get("/people/me").status_code == 401


def test_messages_are_recorded(api):
    resp = api.post("/messages", ALICE, json={"roomId": "room-1", "text": "archive done"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["roomId"] == "room-1" and body["text"] == "archive done" and body["created"].endswith("Z")
    resp = api.post("/messages", "noscope-token", json={"toPersonEmail": "ops@example.com", "markdown": "**hi**"})
    assert resp.status_code == 200  # any valid token
    messages = api.sim.messages()
    assert [m["id"] for m in messages] == [body["id"], resp.json()["id"]]
    assert messages[0]["personEmail"] == "alice@example.com"
    assert api.post("/messages", ALICE, json={"roomId": "room-1"}).status_code == 400
    assert api.post("/messages", ALICE, json={"roomId": 5, "text": "x"}).status_code == 400
    assert api.post("/messages", None, json={"roomId": "r", "text": "x"}).status_code == 401
    api.sim.reset()
    assert api.sim.messages() == []
