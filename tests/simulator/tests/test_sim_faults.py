"""Fault injection: each kind, when it happens relative to the state change, determinism, what never faults."""

from __future__ import annotations

import time

import pytest
import requests
from conftest import A1, ADMIN, ALICE, EXAMPLE, Api

from webex_sim.testing import SimulatorProcess


def faulty(kind: str, *extra: str) -> SimulatorProcess:
    return SimulatorProcess("--fixture", str(EXAMPLE), "--fault-rate", "1", "--fault-kinds", kind, *extra)


def test_status_faults_happen_before_the_handler():
    with faulty("429,500,502,503,504", "--fault-retry-after", "7") as sim:
        api = Api(sim)
        seen = []
        for _unused in range(40):
            resp = api.post("/convergedRecordings/softDelete", ALICE, json={"recordingIds": [A1]})
            seen.append(resp.status_code)
            assert resp.json()["trackingId"] == resp.headers["trackingId"]
            if resp.status_code == 429:
                assert resp.headers["Retry-After"] == "7"
            else:
                assert "Retry-After" not in resp.headers
        assert set(seen) == {429, 500, 502, 503, 504}
        assert api.status_of(A1) == "available", "a rejected request changed state"
        # The list endpoints and the token endpoint fault too; /_sim hooks never do.
        assert api.get("/admin/convergedRecordings", ADMIN).status_code in {429, 500, 502, 503, 504}
        form = {
            "grant_type": "refresh_token",
            "client_id": "sim-client-id",
            "client_secret": "sim-client-secret",
            "refresh_token": "alice-refresh",
        }
        assert api.post("/access_token", data=form).status_code in {429, 500, 502, 503, 504}
        counts = sim.requests(log=True)
        assert counts["by_endpoint"]["POST /v1/convergedRecordings/softDelete"] == 40
        assert [e["status"] for e in counts["log"]][:40] == seen


def test_reset_drops_the_connection_without_state_change():
    with faulty("reset") as sim:
        with pytest.raises(requests.ConnectionError):
            requests.post(
                sim.base_url + "/convergedRecordings/softDelete",
                headers={"Authorization": f"Bearer {ALICE}"},
                json={"recordingIds": [A1]},
                timeout=10,
            )
        assert Api(sim).status_of(A1) == "available"
        log = sim.requests(log=True)["log"]
        assert [e["status"] for e in log] == ["reset"]


def test_slow_applies_the_change_then_delays_the_response():
    with faulty("slow", "--slow-seconds", "1.5") as sim:
        started = time.monotonic()
        with pytest.raises(requests.Timeout):
            requests.post(
                sim.base_url + "/convergedRecordings/softDelete",
                headers={"Authorization": f"Bearer {ALICE}"},
                json={"recordingIds": [A1]},
                timeout=0.3,
            )
        assert time.monotonic() - started < 1.2
        # The client saw a timeout, yet the server already acted: a retry must cope with "already deleted".
        assert Api(sim).status_of(A1) == "deleted"
        # A patient client gets the real answer after the delay.
        started = time.monotonic()
        resp = requests.get(sim.base_url + f"/convergedRecordings/{A1}", headers={"Authorization": f"Bearer {ALICE}"})
        assert resp.status_code == 200 and resp.json()["status"] == "deleted"
        assert time.monotonic() - started >= 1.4


def test_faults_are_deterministic_per_seed_and_rate():
    def sequence(seed: str) -> list[int]:
        with SimulatorProcess(
            "--fixture", str(EXAMPLE), "--fault-rate", "0.5", "--fault-kinds", "429,500,503", "--fault-seed", seed
        ) as sim:
            api = Api(sim)
            first = [api.get("/convergedRecordings", ALICE).status_code for _unused in range(30)]
            sim.reset()  # also rewinds the fault RNG
            again = [api.get("/convergedRecordings", ALICE).status_code for _unused in range(30)]
            assert first == again
            return first

    one = sequence("1")
    assert one != sequence("2")
    assert set(one) == {200, 429, 500, 503}
    assert 5 < one.count(200) < 25


def test_hooks_never_fault():
    with faulty("500") as sim:
        assert sim.recordings()
        assert sim.requests()["total"] == 0
        sim.clear_requests()
        sim.reset()


def test_no_faults_by_default(api):
    assert all(api.get("/convergedRecordings", ALICE).status_code == 200 for _unused in range(20))
