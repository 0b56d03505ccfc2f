"""Load: latency must overlap between concurrent clients, and a 100,000-recording org must load fast."""

from __future__ import annotations

import asyncio
import time

import aiohttp
from conftest import ADMIN

from webex_sim.testing import SimulatorProcess

CLIENTS = 32
REQUESTS = 200
LATENCY_MS = 50


async def _client(session: aiohttp.ClientSession, base_url: str, token: str) -> list[int]:
    statuses = []
    for _unused in range(REQUESTS):
        async with session.get(base_url + "/convergedRecordings", headers={"Authorization": f"Bearer {token}"}) as r:
            await r.read()
            statuses.append(r.status)
    return statuses


async def _run(base_url: str) -> tuple[float, list[int]]:
    connector = aiohttp.TCPConnector(limit=CLIENTS)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.monotonic()
        tokens = [f"sim-user{(i % 40) + 1:03d}-token" for i in range(CLIENTS)]
        results = await asyncio.gather(*(_client(session, base_url, t) for t in tokens))
        return time.monotonic() - started, [s for r in results for s in r]


def test_concurrent_clients_overlap_latency():
    with SimulatorProcess("--generate", "2000", "--seed", "3", "--latency-ms", str(LATENCY_MS)) as sim:
        elapsed, statuses = asyncio.run(_run(sim.base_url))
        total = sim.requests()["total"]
    serial_floor = REQUESTS * LATENCY_MS / 1000
    print(
        f"\nload: {CLIENTS} clients x {REQUESTS} requests at {LATENCY_MS} ms latency took {elapsed:.1f} s "
        f"(one client alone needs >= {serial_floor:.1f} s; fully serialized would be {CLIENTS * serial_floor:.0f} s)"
    )
    assert statuses == [200] * (CLIENTS * REQUESTS)
    assert total == CLIENTS * REQUESTS
    assert elapsed >= serial_floor
    assert elapsed < 3 * serial_floor, "requests were serialized, not overlapped"


def test_generate_100000_loads_fast():
    started = time.monotonic()
    with SimulatorProcess("--generate", "100000", "--seed", "1") as sim:
        loaded = time.monotonic() - started
        resp_started = time.monotonic()
        import requests

        resp = requests.get(
            sim.base_url + "/admin/convergedRecordings",
            params={"max": 100},
            headers={"Authorization": f"Bearer {ADMIN}"},
        )
        first_page = time.monotonic() - resp_started
    print(
        f"\n--generate 100000: listening after {loaded:.2f} s; first admin page (max=100) in {first_page * 1000:.0f} ms"
    )
    assert resp.status_code == 200 and len(resp.json()["items"]) == 100
    assert loaded < 10


def test_latency_applies_to_v1_and_downloads_not_hooks():
    import requests
    from conftest import A1, ALICE, EXAMPLE

    with SimulatorProcess("--fixture", str(EXAMPLE), "--latency-ms", "600") as sim:
        auth = {"Authorization": f"Bearer {ALICE}"}

        def timed(url, **kw):
            started = time.monotonic()
            resp = requests.get(url, timeout=30, **kw)
            return resp, time.monotonic() - started

        details, took = timed(f"{sim.base_url}/convergedRecordings/{A1}", headers=auth)
        assert details.status_code == 200 and took >= 0.6
        audio, took = timed(details.json()["temporaryDirectDownloadLinks"]["audioDownloadLink"])
        assert audio.status_code == 200 and took >= 0.6
        hook, took = timed(f"{sim.root_url}/_sim/requests")
        assert hook.status_code == 200 and took < 0.5
