"""The /_sim hooks, request counting, the request log (never a token) and tracking ids."""

from __future__ import annotations

import json
import re

from conftest import A1, A3_DELETED, ADMIN, ALICE, CO, EXAMPLE, Api

from webex_sim.testing import SimulatorProcess


def test_counts_by_endpoint_and_log(api):
    sim = api.sim
    sim.clear_requests()
    api.get("/convergedRecordings", ALICE, params={"max": 5, "topic": "bob"})
    api.get("/admin/convergedRecordings", ADMIN)
    api.get(f"/convergedRecordings/{A1}", ALICE)
    api.get(f"/convergedRecordings/{A1}/metadata", CO)
    api.post("/convergedRecordings/softDelete", ALICE, json={"recordingIds": [A1]})
    api.post("/convergedRecordings/restore", ALICE, json={"recordingIds": [A1]})
    api.get("/convergedRecordings")  # 401: counted too
    links = api.get(f"/convergedRecordings/{A3_DELETED}", ALICE).json()["temporaryDirectDownloadLinks"]
    api.get(links["audioDownloadLink"])
    summary = sim.requests()
    assert "log" not in summary
    assert summary["total"] == 9
    assert summary["by_endpoint"] == {
        "GET /v1/convergedRecordings": 2,
        "GET /v1/admin/convergedRecordings": 1,
        "GET /v1/convergedRecordings/{recordingId}": 2,
        "GET /v1/convergedRecordings/{recordingId}/metadata": 1,
        "POST /v1/convergedRecordings/softDelete": 1,
        "POST /v1/convergedRecordings/restore": 1,
        "GET /downloads/{token}/{artifact}": 1,
    }
    log = sim.requests(log=True)["log"]
    assert [(e["method"], e["status"], e["role"]) for e in log] == [
        ("GET", 200, "user"),
        ("GET", 200, "admin"),
        ("GET", 200, "user"),
        ("GET", 200, "compliance_officer"),
        ("POST", 204, "user"),
        ("POST", 204, "user"),
        ("GET", 401, "anonymous"),
        ("GET", 200, "user"),
        ("GET", 200, "anonymous"),
    ]
    assert log[0]["query"] == {"max": "5", "topic": "bob"}
    assert log[0]["path"] == "/v1/convergedRecordings"
    assert log[-1]["path"] == "/downloads/{token}/audio"
    assert all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e["time"]) for e in log)
    assert set(log[0]) == {"time", "method", "path", "query", "status", "role", "tracking_id"}
    sim.clear_requests()
    assert sim.requests(log=True) == {"total": 0, "by_endpoint": {}, "log": []}


def test_hooks_are_not_counted(api):
    api.sim.clear_requests()
    api.sim.recordings()
    api.sim.messages()
    assert api.sim.requests()["total"] == 0


def test_tracking_id_echoed_or_generated(api):
    resp = api.get("/convergedRecordings", ALICE, headers={"TrackingID": "ANSIBLE_abc_0"})
    assert resp.headers["trackingId"] == "ANSIBLE_abc_0"
    err = api.get("/convergedRecordings", headers={"trackingid": "ANSIBLE_abc_1"})
    assert err.headers["trackingId"] == "ANSIBLE_abc_1" == err.json()["trackingId"]
    generated = api.get("/convergedRecordings", ALICE).headers["trackingId"]
    assert re.match(r"^SIM_[0-9a-f-]{36}$", generated)
    log = api.sim.requests(log=True)["log"]
    assert [e["tracking_id"] for e in log[-3:]] == ["ANSIBLE_abc_0", "ANSIBLE_abc_1", None]


def test_reset_restores_everything(api):
    sim = api.sim
    initial = sim.recordings()
    api.post("/convergedRecordings/softDelete", ALICE, json={"trashAll": True})
    api.post(
        "/convergedRecordings/reassign",
        ADMIN,
        json={"recordingIds": [A3_DELETED], "reassignOwnerEmail": "bob@example.com"},
    )
    api.delete(f"/convergedRecordings/{A1}", CO, json={"reason": "audit"})
    api.post("/messages", ALICE, json={"roomId": "r", "text": "t"})
    assert sim.recordings() != initial and sim.gone() == [A1]
    sim.reset()
    assert sim.recordings() == initial
    assert sim.gone() == [] and sim.messages() == [] and sim.requests()["total"] == 0


def test_sim_recordings_dump(api):
    items = api.sim.recordings()
    assert len(items) == 16
    purged = next(i for i in items if i["status"] == "purged")
    assert purged["ownerEmail"] == "alice@example.com"
    for item in items:
        assert {"id", "status", "ownerEmail", "ownerId", "ownerType", "createTime", "serviceData"} <= set(item)
        assert set(item["serviceData"]) >= {"callSessionId"}
    prevent = [i["id"] for i in items if i["_sim"]["preventDownload"]]
    assert prevent == ["a11ce000-0000-4000-8000-000000000007"]


def test_request_log_file_never_holds_tokens(tmp_path):
    log_file = tmp_path / "requests.jsonl"
    secret_tokens = [ALICE, ADMIN, CO, "alice-refresh", "sim-client-secret"]
    with SimulatorProcess("--fixture", str(EXAMPLE), "--request-log", str(log_file)) as sim:
        api = Api(sim)
        api.get("/convergedRecordings", ALICE, params={"access_token": ALICE})
        links = api.get(f"/convergedRecordings/{A1}", ALICE).json()["temporaryDirectDownloadLinks"]
        api.get(links["suggestedNotesDownloadLink"], ALICE)
        form = {
            "grant_type": "refresh_token",
            "client_id": "sim-client-id",
            "client_secret": "sim-client-secret",
            "refresh_token": "alice-refresh",
        }
        new_token = api.post("/access_token", data=form).json()["access_token"]
        api.get("/admin/convergedRecordings", ADMIN)
        api.get("/admin/convergedRecordings", CO)
        api.get("/people/me", new_token)
        memory_log = sim.requests(log=True)["log"]
    lines = log_file.read_text().splitlines()
    assert len(lines) == 7
    entries = [json.loads(line) for line in lines]
    assert entries == memory_log
    text = log_file.read_text()
    link_token = links["audioDownloadLink"].split("/downloads/")[1].split("/")[0]
    for secret in [*secret_tokens, new_token, link_token, "Bearer", "Authorization"]:
        assert secret not in text, secret
    assert entries[0]["query"] == {"access_token": "***"}
    assert [e["role"] for e in entries] == ["user", "user", "user", "anonymous", "admin", "compliance_officer", "user"]
