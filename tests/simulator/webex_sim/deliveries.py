"""Webhooks: the registry behind `/v1/webhooks` and the deliveries of `convergedRecordings` events.

What Webex documents (../shared/webex-api/WEBHOOKS.md) and the strict choices where it is silent:

- Each change of a recording (store.py calls `Hub.on_change`) is delivered to every `active` hook of resource
  `convergedRecordings` whose event (or `all`), filter and owner match: `created` for a new recording, `updated`
  (with `data.eventSubType` TRASH, RESTORE, PURGE or REASSIGN) when it is trashed, restored, purged or reassigned,
  `deleted` on a compliance delete.
- An org-wide hook (`ownedBy: org`) sees the whole org; a creator-owned hook only the creator's own recordings.
- The body is the Webex envelope; with a secret, `X-Spark-Signature` is the hex HMAC-SHA1 of the exact bytes sent.
- A delivery that fails (connection error, timeout, non-2xx) is not retried: it is lost, as with any receiver
  outage. 100 failures within 5 minutes set the hook `inactive`; a hook re-activated within 5 minutes of being
  disabled is disabled again by its next failure.
- Imperfections, all drawn from one RNG seeded with `--webhook-seed`: `--webhook-duplicate-rate` sends a second
  copy of a delivery, `--webhook-delay-ms` holds each delivery (each copy) back by a uniform 0..D ms, which also
  reorders them.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
import hmac
import json
import logging
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from .config import Config
from .model import Org, Person, Recording
from .store import Store
from .timeutil import render, render_ms

log = logging.getLogger("webex_sim")

RESOURCE = "convergedRecordings"
# Resources /v1/webhooks accepts (the spec's enum); only convergedRecordings gets deliveries here.
RESOURCES = (
    "attachmentActions",
    "convergedRecordings",
    "meetingParticipants",
    "meetingTranscripts",
    "meetings",
    "memberships",
    "messages",
    "recordings",
    "rooms",
    "telephony_calls",
    "telephony_conference",
    "telephony_mwi",
    "uc_counters",
    "serviceApp",
    "adminBatchJobs",
    "dataSources",
)
EVENTS = (
    "created",
    "updated",
    "deleted",
    "started",
    "ended",
    "joined",
    "left",
    "migrated",
    "authorized",
    "deauthorized",
    "statusChanged",
    "all",
)
RECORDING_EVENTS = ("created", "updated", "deleted", "all")
FILTER_KEYS = ("recordingId", "ownerId", "ownerEmail", "ownerType", "storageRegion", "serviceType", "locationId")
APP_ID = "Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL3dlYmV4LXNpbQ"
FAILURE_LIMIT = 100
FAILURE_WINDOW = 300.0
MAX_LOG = 20000


@dataclass
class Hook:
    id: str
    name: str
    target_url: str
    resource: str
    event: str
    filter: str | None
    secret: str | None
    owned_by: str  # "org" or "creator"
    created_by: str  # person id
    created: float
    status: str = "active"
    failures: collections.deque = field(default_factory=collections.deque)
    disabled_at: float | None = None
    strict: bool = False  # re-activated within 5 minutes of being disabled: the next failure disables it

    def view(self, org_id: str) -> dict[str, Any]:
        """The webhook object of the API. The secret is never returned (the strictest reading of WEBHOOKS.md)."""
        body: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "targetUrl": self.target_url,
            "resource": self.resource,
            "event": self.event,
        }
        if self.filter:
            body["filter"] = self.filter
        body.update(
            orgId=org_id,
            createdBy=self.created_by,
            appId=APP_ID,
            ownedBy=self.owned_by,
            status=self.status,
            created=render_ms(self.created),
        )
        return body


def parse_filter(text: str | None) -> dict[str, str]:
    """`ownerEmail=a@b.c&serviceType=calling` as a dict; raises ValueError naming the bad part."""
    if not text:
        return {}
    result = {}
    for part in text.split("&"):
        key, sep, value = part.partition("=")
        if not sep or not key or not value:
            raise ValueError(f"filter part {part!r} is not key=value")
        if key not in FILTER_KEYS:
            raise ValueError(f"filter key {key!r} is not one of {', '.join(FILTER_KEYS)}")
        result[key] = value
    return result


class Hub:
    def __init__(self, config: Config, org: Org, store: Store):
        self.config = config
        self.org = org
        self.store = store
        self.hooks: dict[str, Hook] = {}
        self.log: collections.deque[dict] = collections.deque(maxlen=MAX_LOG)
        self._tasks: set[asyncio.Task] = set()
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.reset()
        store.listeners.append(self.on_change)

    def reset(self) -> None:
        self.hooks.clear()
        self.log.clear()
        self._rng = random.Random(self.config.webhook_seed)
        self._ids = random.Random(f"hooks/{self.config.webhook_seed}")

    # lifecycle (aiohttp on_startup / on_cleanup) ---------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        timeout = aiohttp.ClientTimeout(total=self.config.webhook_timeout)
        # No connection limit below the burst size: a receiver sees deliveries as concurrently as Webex sends them.
        self._session = aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=256, ssl=False))

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._session is not None:
            await self._session.close()

    # registry -------------------------------------------------------------------------------------------------

    def new_id(self) -> str:
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def visible_hooks(self, person: Person, org_wide: bool) -> list[Hook]:
        """Hooks the caller lists: its own, or with `ownedBy=org` the org's org-wide hooks."""
        hooks = sorted(self.hooks.values(), key=lambda h: (h.created, h.id))
        if org_wide:
            return [h for h in hooks if h.owned_by == "org"]
        return [h for h in hooks if h.created_by == person.id]

    def reactivate(self, hook: Hook) -> None:
        if hook.status == "inactive":
            now = time.time()
            hook.strict = hook.disabled_at is not None and now - hook.disabled_at < FAILURE_WINDOW
            hook.status = "active"
            hook.failures.clear()

    # deliveries -----------------------------------------------------------------------------------------------

    def on_change(self, event: str, rec: Recording, sub_type: str | None) -> None:
        if self._loop is None:
            return
        for hook in sorted(self.hooks.values(), key=lambda h: (h.created, h.id)):
            if not self._matches(hook, event, rec):
                continue
            body = self._body(hook, event, rec, sub_type)
            copies = 2 if self._rng.random() < self.config.webhook_duplicate_rate else 1
            for copy in range(copies):
                delay = (
                    self._rng.uniform(0, self.config.webhook_delay_ms) / 1000
                    if self.config.webhook_delay_ms > 0
                    else 0.0
                )
                task = self._loop.create_task(self._deliver(hook, body, event, rec.id, delay, copy > 0))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    def _matches(self, hook: Hook, event: str, rec: Recording) -> bool:
        if hook.status != "active" or hook.resource != RESOURCE or hook.event not in (event, "all"):
            return False
        owner = self.store.person(rec.owner_id)
        if hook.owned_by != "org" and rec.owner_id != hook.created_by:
            return False
        wanted = parse_filter(hook.filter)
        values = {
            "recordingId": rec.id,
            "ownerId": owner.id,
            "ownerEmail": owner.email.lower(),
            "ownerType": owner.type,
            "storageRegion": rec.storage_region,
            "serviceType": rec.service_type,
            "locationId": rec.location_id or "",
        }
        for key, value in wanted.items():
            expected = value.lower() if key == "ownerEmail" else value
            if values[key] != expected:
                return False
        return True

    def _body(self, hook: Hook, event: str, rec: Recording, sub_type: str | None) -> bytes:
        owner = self.store.person(rec.owner_id)
        data: dict[str, Any] = {
            "id": rec.id,
            "ownerId": owner.id,
            "ownerType": owner.type,
            "serviceType": rec.service_type,
            "storageRegion": rec.storage_region,
            "status": rec.status,
            "createTime": render(rec.create_ts),
            "orgId": self.org.org_id,
        }
        if rec.location_id:
            data["locationId"] = rec.location_id
        if sub_type:
            data["eventSubType"] = sub_type
        envelope: dict[str, Any] = {
            "id": hook.id,
            "name": hook.name,
            "targetUrl": hook.target_url,
            "resource": hook.resource,
            "event": event,
        }
        if hook.filter:
            envelope["filter"] = hook.filter
        envelope.update(
            orgId=self.org.org_id,
            createdBy=hook.created_by,
            appId=APP_ID,
            ownedBy=hook.owned_by,
            status="active",
            created=render_ms(hook.created),
            actorId=hook.created_by,
            data=data,
        )
        return json.dumps(envelope, separators=(",", ":")).encode()

    async def _deliver(self, hook: Hook, body: bytes, event: str, rid: str, delay: float, duplicate: bool) -> None:
        if delay:
            await asyncio.sleep(delay)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "webex-sim-webhooks",
            "TrackingID": f"SIM_{uuid.uuid4()}",
        }
        if hook.secret:
            headers["X-Spark-Signature"] = hmac.new(hook.secret.encode(), body, hashlib.sha1).hexdigest()
        entry: dict[str, Any] = {
            "time": render_ms(time.time()),
            "webhook_id": hook.id,
            "event": event,
            "recording_id": rid,
            "duplicate": duplicate,
        }
        assert self._session is not None
        try:
            async with self._session.post(hook.target_url, data=body, headers=headers) as response:
                await response.read()
                status: int | str = response.status
        except asyncio.CancelledError:
            raise
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            status = type(exc).__name__
        entry["status"] = status
        ok = isinstance(status, int) and 200 <= status < 300
        entry["ok"] = ok
        self.log.append(entry)
        if not ok:
            self._failed(hook)
        else:
            hook.strict = False

    def _failed(self, hook: Hook) -> None:
        now = time.time()
        hook.failures.append(now)
        while hook.failures and now - hook.failures[0] > FAILURE_WINDOW:
            hook.failures.popleft()
        if hook.status == "active" and (hook.strict or len(hook.failures) >= FAILURE_LIMIT):
            hook.status = "inactive"
            hook.disabled_at = now
            hook.strict = False
            log.warning("webhook %s disabled after %d failed deliveries", hook.id, len(hook.failures))

    def summary(self) -> dict[str, Any]:
        return {
            "items": list(self.log),
            "webhooks": [h.view(self.org.org_id) for h in self.hooks.values()],
            "pending": len(self._tasks),
        }
