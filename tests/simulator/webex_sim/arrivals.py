"""New recordings while the simulator runs: `POST /_sim/recordings` and `--record-rate R`.

Each new recording is created now (`createTime` = the current second), `available`, downloadable, owned by a
recording owner of the org (round robin in seeded order, or the `owner` given). Its `created` webhook event is
sent at once; with `--details-lag-ms L` its REST data (details, metadata, lists) answers 404 for L ms, as Webex
warns its REST data can lag the webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid

from aiohttp import web

from .context import CTX, SimContext
from .deliveries import Hub
from .errors import bad_request, json_response
from .fleet import FLEET
from .model import ADMIN_READ, AUDIO_BYTES_PER_SECOND, AUDIO_HEADER_BYTES, CO_READ, Person, Recording, RecordingDetails
from .render import sim_view

HUB = web.AppKey("webex_sim_hub", Hub)
MAX_BATCH = 10000


class Arrivals:
    def __init__(self, ctx: SimContext):
        self.ctx = ctx
        self.reset()

    def reset(self) -> None:
        self._rng = random.Random(f"arrivals/{self.ctx.config.webhook_seed}")
        self._turn = 0

    def owners(self) -> list[Person]:
        """Who records: people with a recording already, else people without admin or compliance scopes."""
        org = self.ctx.org
        owning = {r.owner_id for r in org.recordings}
        people = [p for p in org.people if p.id in owning] or [
            p for p in org.people if not p.scopes & {ADMIN_READ, CO_READ}
        ]
        return people or list(org.people)

    def create(self, owner: Person | None = None, topic: str | None = None, duration: int | None = None) -> Recording:
        store = self.ctx.store
        if owner is None:
            owners = self.owners()
            owner = owners[self._turn % len(owners)]
            self._turn += 1
        rid = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        seconds = duration if duration is not None else self._rng.randint(10, 180)
        now = int(time.time())
        region = next((r.storage_region for r in self.ctx.org.recordings if r.owner_id == owner.id), "US")
        details = RecordingDetails(
            topic=topic or f"Call recorded at {time.strftime('%H:%M:%S', time.gmtime(now))}",
            time_recorded=now - seconds - 5,
            duration_seconds=seconds,
            size_bytes=AUDIO_HEADER_BYTES + seconds * AUDIO_BYTES_PER_SECOND,
            call_session_id=str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
            transcript=self._rng.random() < 0.4,
            notes=False,
            prevent_download=False,
        )
        rec = Recording(rid, now, owner.id, "available", "calling", region, owner.location_id, details=details)
        store.add(rec, lag_seconds=self.ctx.config.details_lag_ms / 1000)
        return rec


ARRIVALS = web.AppKey("webex_sim_arrivals", Arrivals)
RECORD_TASK = web.AppKey("webex_sim_record_task", asyncio.Task)


async def create_recordings(request: web.Request) -> web.Response:
    """`POST /_sim/recordings` with an optional JSON body `{count, owner, topic, duration_seconds}`: 201 + items."""
    ctx = request.app[FLEET].context_at(request.query.get("org"))
    raw = await request.read()
    body = {}
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise bad_request(f"JSON parse error: {exc}") from exc
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object.")
    unknown = sorted(set(body) - {"count", "owner", "topic", "duration_seconds"})
    if unknown:
        raise bad_request(f"unknown fields {unknown}; use count, owner, topic, duration_seconds")
    count = body.get("count", 1)
    if not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise bad_request(f"count must be an integer from 1 to {MAX_BATCH}")
    owner = None
    if body.get("owner") is not None:
        owner = ctx.store.person_by_email(str(body["owner"]))
        if owner is None:
            raise bad_request(f"owner {body['owner']!r} is not a person of this org")
    duration = body.get("duration_seconds")
    if duration is not None and (not isinstance(duration, int) or duration < 1):
        raise bad_request("duration_seconds must be a positive integer")
    arrivals = ctx.arrivals
    created = [arrivals.create(owner, body.get("topic"), duration) for _unused in range(count)]
    return json_response({"items": [sim_view(ctx.store, rec) for rec in created]}, status=201)


async def deliveries(request: web.Request) -> web.Response:
    """`GET /_sim/webhooks`: every delivery attempt (time, hook, event, recording, status) and the hooks."""
    return json_response(request.app[FLEET].context_at(request.query.get("org")).hub.summary())


async def _record_at_rate(app: web.Application) -> None:
    rate = app[CTX].config.record_rate
    interval = 1.0 / rate
    next_at = time.monotonic()
    while True:
        next_at += interval
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        app[ARRIVALS].create()


def setup(app: web.Application) -> None:
    """Registry, deliveries, arrivals and their /_sim routes; started and stopped with the app. One hub and one
    arrivals per org (fleet.py); app[HUB] and app[ARRIVALS] are the first org's."""
    ctx = app[CTX]
    for each in app[FLEET].contexts:
        each.hub = Hub(each.config, each.org, each.store)
        each.arrivals = Arrivals(each)
        each.on_reset.append(each.hub.reset)
        each.on_reset.append(each.arrivals.reset)
    hub = ctx.hub
    app[HUB] = hub
    app[ARRIVALS] = ctx.arrivals

    async def start(app: web.Application) -> None:
        for each in app[FLEET].contexts:
            await each.hub.start()
        if ctx.config.record_rate > 0:
            app[RECORD_TASK] = asyncio.get_running_loop().create_task(_record_at_rate(app))

    async def stop(app: web.Application) -> None:
        task = app.get(RECORD_TASK)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for each in app[FLEET].contexts:
            await each.hub.stop()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    app.router.add_post("/_sim/recordings", create_recordings)
    app.router.add_get("/_sim/webhooks", deliveries, allow_head=False)
