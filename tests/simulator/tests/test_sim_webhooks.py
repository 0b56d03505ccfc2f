"""/v1/webhooks, deliveries of convergedRecordings events, new recordings (POST /_sim/recordings, --record-rate),
and the seeded imperfections: duplicates, delays (reordering), the details lag, hooks disabled after failures."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from conftest import ADMIN, ALICE, BOB, CO, EXAMPLE, Api

from webex_sim.testing import SimulatorProcess

ALICE_EMAIL = "alice@example.com"
BOB_EMAIL = "bob@example.com"


class Receiver:
    """A webhook receiver on 127.0.0.1: records every delivery (headers, exact body) and answers `status`."""

    def __init__(self, status: int = 200):
        self.status = status
        self.deliveries: list[tuple[dict, bytes]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.deliveries.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 512  # a burst of deliveries arrives at once

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self) -> list[dict]:
        with self.lock:
            return [json.loads(body) for _headers, body in self.deliveries]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.deliveries) >= count:
                time.sleep(0.2)  # late extras (duplicates) show up in the assertion too
                return self.bodies()
            time.sleep(0.02)
        raise AssertionError(f"{len(self.deliveries)} deliveries after {timeout} s, expected {count}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    rec = Receiver()
    yield rec
    rec.close()


def create_hook(api: Api, token: str, target: str, **fields) -> dict:
    body = {"name": "archive", "targetUrl": target, "resource": "convergedRecordings", "event": "created", **fields}
    resp = api.post("/webhooks", token, json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


def new_recordings(sim: SimulatorProcess, **body) -> list[dict]:
    resp = requests.post(sim.root_url + "/_sim/recordings", json=body, timeout=30)
    assert resp.status_code == 201, resp.text
    return resp.json()["items"]


def sim_deliveries(sim: SimulatorProcess) -> dict:
    return requests.get(sim.root_url + "/_sim/webhooks", timeout=30).json()


# the API ----------------------------------------------------------------------------------------------------------


def test_create_get_list_update_delete(api, receiver):
    hook = create_hook(api, CO, receiver.url, secret="s3cret", ownedBy="org", filter="serviceType=calling")
    assert hook["status"] == "active" and hook["ownedBy"] == "org" and hook["filter"] == "serviceType=calling"
    assert "secret" not in hook, "the secret must never be returned"
    assert set(hook) >= {"id", "name", "targetUrl", "resource", "event", "orgId", "createdBy", "created", "appId"}
    assert api.get(f"/webhooks/{hook['id']}", CO).json() == hook
    # PUT applies name and targetUrl; resource, event, filter are ignored; status accepts only `active`.
    changed = {
        "name": "renamed",
        "targetUrl": receiver.url + "/2",
        "resource": "messages",
        "event": "deleted",
        "filter": "x=y",
    }
    updated = api.call("PUT", f"/webhooks/{hook['id']}", CO, json=changed).json()
    assert (updated["name"], updated["targetUrl"]) == ("renamed", receiver.url + "/2")
    assert (updated["resource"], updated["event"], updated["filter"]) == (
        "convergedRecordings",
        "created",
        "serviceType=calling",
    )
    assert api.call("PUT", f"/webhooks/{hook['id']}", CO, json={"name": "x"}).status_code == 400  # targetUrl required
    bad = api.call(
        "PUT", f"/webhooks/{hook['id']}", CO, json={"name": "x", "targetUrl": receiver.url, "status": "inactive"}
    )
    assert bad.status_code == 400
    # Another person's hook is invisible; an org-wide hook is visible to the org's admins.
    assert api.get(f"/webhooks/{hook['id']}", ALICE).status_code == 404
    assert api.get(f"/webhooks/{hook['id']}", ADMIN).status_code == 200
    assert api.delete(f"/webhooks/{hook['id']}", CO).status_code == 204
    assert api.get(f"/webhooks/{hook['id']}", CO).status_code == 404
    assert api.delete(f"/webhooks/{hook['id']}", CO).status_code == 404


def test_list_pages_with_link_and_ownedby_org(api, receiver):
    made = [create_hook(api, ADMIN, receiver.url, name=f"h{i}", ownedBy="org")["id"] for i in range(5)]
    own = create_hook(api, ALICE, receiver.url, name="mine")["id"]
    seen, url, params, pages = [], "/webhooks", {"max": 2, "ownedBy": "org"}, 0
    while url:
        resp = api.get(url, CO, params=params)
        assert resp.status_code == 200, resp.text
        seen += [item["id"] for item in resp.json()["items"]]
        url, params, pages = resp.links.get("next", {}).get("url"), None, pages + 1
    assert seen == made and pages == 3
    assert [h["id"] for h in api.get("/webhooks", ALICE).json()["items"]] == [own]
    assert api.get("/webhooks", ALICE, params={"ownedBy": "org"}).status_code == 403
    assert api.get("/webhooks", ADMIN, params={"ownedBy": "creator"}).status_code == 400
    assert api.get("/webhooks", ADMIN, params={"max": 0}).status_code == 400


@pytest.mark.parametrize(
    "token, fields, status",
    [
        (ALICE, {"ownedBy": "org"}, 403),
        (ADMIN, {"filter": "ownerEmail=bob@example.com"}, 400),  # ownerEmail needs ownedBy org
        (ADMIN, {"filter": "color=blue", "ownedBy": "org"}, 400),
        (ADMIN, {"event": "started"}, 400),
        (ADMIN, {"resource": "nope"}, 400),
        (ADMIN, {"targetUrl": "ftp://example.com/"}, 400),
        (ADMIN, {"name": ""}, 400),
        (ADMIN, {"ownedBy": "me"}, 400),
        (None, {}, 401),
    ],
)
def test_create_refuses(api, receiver, token, fields, status):
    body = {
        "name": "archive",
        "targetUrl": receiver.url,
        "resource": "convergedRecordings",
        "event": "created",
        **fields,
    }
    assert api.post("/webhooks", token, json=body).status_code == status


# deliveries -------------------------------------------------------------------------------------------------------


def test_created_is_delivered_signed_over_the_exact_bytes(api, receiver):
    hook = create_hook(api, CO, receiver.url, secret="s3cret", ownedBy="org")
    made = new_recordings(api.sim, count=3, owner=ALICE_EMAIL)
    receiver.wait_for(3)
    assert len(receiver.deliveries) == 3
    for headers, body in receiver.deliveries:
        expected = hmac.new(b"s3cret", body, hashlib.sha1).hexdigest()
        assert headers["X-Spark-Signature"] == expected
    bodies = receiver.bodies()
    assert sorted(b["data"]["id"] for b in bodies) == sorted(r["id"] for r in made)
    first = bodies[0]
    assert {k: first[k] for k in ("id", "name", "resource", "event", "ownedBy", "status", "targetUrl")} == {
        "id": hook["id"],
        "name": "archive",
        "resource": "convergedRecordings",
        "event": "created",
        "ownedBy": "org",
        "status": "active",
        "targetUrl": receiver.url,
    }
    assert {"orgId", "createdBy", "appId", "actorId", "created"} <= set(first)


def test_no_secret_no_signature_and_filters_and_creator_scope(api, receiver):
    create_hook(api, ADMIN, receiver.url, ownedBy="org", filter=f"ownerEmail={BOB_EMAIL}")
    create_hook(api, ALICE, receiver.url, name="alice-own")  # creator-owned: only Alice's recordings
    new_recordings(api.sim, owner=ALICE_EMAIL)
    bob = new_recordings(api.sim, owner=BOB_EMAIL)[0]
    alice = new_recordings(api.sim, owner=ALICE_EMAIL)[0]
    bodies = receiver.wait_for(3)
    time.sleep(0.3)
    assert sorted((b["name"], b["data"]["id"]) for b in receiver.bodies()) == sorted(
        [("archive", bob["id"]), ("alice-own", alice["id"]), ("alice-own", bodies[0]["data"]["id"])]
    )
    assert all("X-Spark-Signature" not in h for h, _b in receiver.deliveries)


def test_updated_and_deleted_events(api, receiver):
    create_hook(api, CO, receiver.url, event="all", ownedBy="org")
    rid = new_recordings(api.sim, owner=ALICE_EMAIL)[0]["id"]
    receiver.wait_for(1)
    assert api.post("/convergedRecordings/softDelete", ADMIN, json={"recordingIds": [rid]}).status_code == 204
    assert api.post("/convergedRecordings/restore", ADMIN, json={"recordingIds": [rid]}).status_code == 204
    assert (
        api.post(
            "/convergedRecordings/reassign", ADMIN, json={"reassignOwnerEmail": BOB_EMAIL, "recordingIds": [rid]}
        ).status_code
        == 204
    )
    assert api.post("/convergedRecordings/softDelete", ADMIN, json={"recordingIds": [rid]}).status_code == 204
    assert api.post("/convergedRecordings/purge", ADMIN, json={"recordingIds": [rid]}).status_code == 204
    assert api.delete(f"/convergedRecordings/{rid}", CO, json={"reason": "test"}).status_code == 204
    bodies = receiver.wait_for(7)
    # Deliveries are concurrent, so they may arrive in any order (as with Webex).
    got = sorted((b["event"], b["data"].get("eventSubType") or "") for b in bodies)
    assert got == sorted(
        [
            ("created", ""),
            ("updated", "TRASH"),
            ("updated", "RESTORE"),
            ("updated", "REASSIGN"),
            ("updated", "TRASH"),
            ("updated", "PURGE"),
            ("deleted", ""),
        ],
        key=lambda pair: (pair[0], pair[1] or ""),
    )


def test_new_recording_is_listed_downloadable_and_reset_removes_it(api):
    rid = new_recordings(api.sim, owner=ALICE_EMAIL, topic="fresh call")[0]["id"]
    details = api.get(f"/convergedRecordings/{rid}", ALICE)
    assert details.status_code == 200 and details.json()["topic"] == "fresh call"
    assert "temporaryDirectDownloadLinks" in details.json()
    assert rid in api.ids("/convergedRecordings", ALICE, params={"max": 100})
    api.sim.reset()
    assert api.get(f"/convergedRecordings/{rid}", ALICE).status_code == 404
    assert rid not in [r["id"] for r in api.sim.recordings()]
    assert requests.post(api.sim.root_url + "/_sim/recordings", json={"count": 0}, timeout=10).status_code == 400
    assert requests.post(api.sim.root_url + "/_sim/recordings", json={"owner": "x@y.z"}, timeout=10).status_code == 400


def test_reset_removes_hooks(api, receiver):
    create_hook(api, ADMIN, receiver.url, ownedBy="org")
    api.sim.reset()
    assert api.get("/webhooks", ADMIN, params={"ownedBy": "org"}).json()["items"] == []
    new_recordings(api.sim)
    time.sleep(0.3)
    assert receiver.deliveries == []


def test_details_lag_answers_404_then_200():
    receiver = Receiver()
    try:
        with SimulatorProcess("--fixture", str(EXAMPLE), "--details-lag-ms", "1500") as sim:
            api = Api(sim)
            create_hook(api, CO, receiver.url, ownedBy="org")
            rid = new_recordings(sim, owner=ALICE_EMAIL)[0]["id"]
            assert receiver.wait_for(1)[0]["data"]["id"] == rid  # the event comes first
            assert api.get(f"/convergedRecordings/{rid}", CO).status_code == 404
            assert rid not in api.ids("/admin/convergedRecordings", CO, params={"max": 100})
            time.sleep(1.6)
            assert api.get(f"/convergedRecordings/{rid}", CO).status_code == 200
            assert rid in api.ids("/admin/convergedRecordings", CO, params={"max": 100})
    finally:
        receiver.close()


def _burst(seed: str) -> tuple[list[str], list[tuple[str, bool]]]:
    receiver = Receiver()
    try:
        args = (
            "--fixture",
            str(EXAMPLE),
            "--webhook-duplicate-rate",
            "0.3",
            "--webhook-delay-ms",
            "400",
            "--webhook-seed",
            seed,
        )
        with SimulatorProcess(*args) as sim:
            create_hook(Api(sim), CO, receiver.url, ownedBy="org")
            made = [r["id"] for r in new_recordings(sim, count=40)]
            deadline = time.monotonic() + 10
            while sim_deliveries(sim)["pending"] and time.monotonic() < deadline:
                time.sleep(0.05)
            log = sim_deliveries(sim)["items"]
        received = [b["data"]["id"] for b in receiver.bodies()]
        assert sorted(received) == sorted(rid for rid, _dup in [(e["recording_id"], e["duplicate"]) for e in log])
        return made, [(e["recording_id"], e["duplicate"]) for e in log], received
    finally:
        receiver.close()


def test_duplicates_and_delays_are_seeded_and_reorder():
    made, log, received = _burst("7")
    duplicates = sorted(rid for rid, dup in log if dup)
    assert set(received) == set(made), "every recording delivered at least once"
    assert 4 <= len(duplicates) <= 20, f"{len(duplicates)} duplicates of 40 at rate 0.3"
    assert len(received) == 40 + len(duplicates)
    firsts = list(dict.fromkeys(received))
    assert firsts != made, "--webhook-delay-ms must reorder deliveries"
    made_again, log_again, _received = _burst("7")
    assert made_again == made and sorted(rid for rid, dup in log_again if dup) == duplicates, (
        "same seed, same imperfections"
    )


def test_failures_disable_the_hook_and_status_active_reactivates(api):
    receiver = Receiver(status=500)
    try:
        hook = create_hook(api, CO, receiver.url, ownedBy="org")
        new_recordings(api.sim, count=99)
        receiver.wait_for(99)
        assert api.get(f"/webhooks/{hook['id']}", CO).json()["status"] == "active", "99 failures are not enough"
        new_recordings(api.sim)
        receiver.wait_for(100)
        assert api.get(f"/webhooks/{hook['id']}", CO).json()["status"] == "inactive"
        new_recordings(api.sim, count=5)
        time.sleep(0.3)
        assert len(receiver.deliveries) == 100, "an inactive hook gets no deliveries"
        body = {"name": hook["name"], "targetUrl": hook["targetUrl"], "status": "active"}
        assert api.call("PUT", f"/webhooks/{hook['id']}", CO, json=body).json()["status"] == "active"
        new_recordings(api.sim)  # re-activated within 5 minutes: the next failure disables it at once
        receiver.wait_for(101)
        assert api.get(f"/webhooks/{hook['id']}", CO).json()["status"] == "inactive"
    finally:
        receiver.close()


def test_record_rate_creates_recordings_while_running():
    with SimulatorProcess("--fixture", str(EXAMPLE), "--record-rate", "10") as sim:
        before = len(sim.recordings())
        time.sleep(1.0)
        grown = len(sim.recordings()) - before
    assert 5 <= grown <= 15, f"{grown} new recordings in 1 s at 10 a second"


def test_options_are_checked():
    for args in (["--webhook-duplicate-rate", "2"], ["--webhook-delay-ms", "-1"], ["--record-rate", "-1"]):
        with pytest.raises(RuntimeError):
            SimulatorProcess("--fixture", str(EXAMPLE), *args).start()
    assert BOB  # the fixture's second user owns recordings too
