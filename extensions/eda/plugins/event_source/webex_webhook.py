# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An Event-Driven Ansible event source that receives Webex webhooks (``wxc.recordings.webex_webhook``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
short_description: Receive Webex webhooks, verified, answered at once, buffered and de-duplicated
description:
  - "An aiohttp server that receives the webhooks Webex sends (for example the C(convergedRecordings) events registered
    with M(wxc.recordings.recording_webhook)) and puts each one on the rulebook's queue as
    C({\"payload\": <the Webex envelope>, \"meta\": {\"endpoint\": <path>, \"headers\": {...}}})
    (the headers without C(Authorization), C(Cookie) and C(X-Spark-Signature))."
  - "With O(batch_max_events) above 1, the accepted events of the same C(resource) and C(event) are grouped and put on
    the queue as one event, C({\"batch\": {\"resource\": ..., \"event\": ..., \"ids\": [...], \"size\": N, \"flushed\":
    \"full\"|\"age\"|\"shutdown\", \"waited_seconds\": S}, \"events\": [<each event as above>]}), when the batch holds
    O(batch_max_events) events or its oldest event has waited O(batch_max_seconds). C(batch.ids) are the events'
    C(data.id), first arrival first, each once; C(batch.size) counts the events; C(batch.waited_seconds) is how long the
    oldest waited. One rule then runs one playbook for many events, which pays its start-up (about a CPU-second) once.
    When the source stops, the open batches are emitted whatever their age (C(flushed) V(shutdown))."
  - With O(secret), every delivery must carry C(X-Spark-Signature), the hex HMAC-SHA1 of the exact body, which is
    compared in constant time. A missing header is answered 400, a wrong one 401; the event is dropped and logged.
  - Each accepted delivery is answered 200 at once and kept in a bounded buffer until the rulebook takes it, so a busy
    rulebook never makes Webex count failures (100 in five minutes disable the webhook). The buffer counts events,
    also those waiting in a batch. When it is full, the delivery is answered 503 and an error is logged; an answered
    200 is never lost silently, and events the rulebook did not take when the source stops are logged with their ids.
  - Webex may deliver an event more than once and has no event id. A delivery whose C(resource), C(event) and
    C(data.id) were accepted within the last O(dedupe_seconds) is answered 200 and not forwarded.
  - C(GET) on O(health_path) answers a JSON object with C(status) V(ok), the buffer's fill and the counters (503 and
    C(status) V(full) while the buffer is full), for load balancers and monitoring.
options:
  host:
    description: Address to listen on.
    type: str
    default: 0.0.0.0
  port:
    description: TCP port to listen on.
    type: int
    required: true
  secret:
    description:
      - The webhook's secret (the O(wxc.recordings.recording_webhook#module:secret) it was registered with). Without it,
        deliveries are not verified and a warning is logged.
    type: str
  certfile:
    description: PEM certificate (chain) to serve HTTPS with; Webex delivers only to HTTPS.
    type: str
  keyfile:
    description: PEM private key of O(certfile) (if not in O(certfile)).
    type: str
  password:
    description: Password of O(keyfile).
    type: str
  cafile:
    description: CA bundle that client certificates must chain to; setting it (or O(capath)) requires a client certificate (mutual TLS).
    type: str
  capath:
    description: Directory of CA certificates for client certificates, like O(cafile).
    type: str
  buffer_size:
    description: Deliveries accepted but not yet taken by the rulebook, at most. Beyond it, deliveries are answered 503.
    type: int
    default: 10000
  dedupe_seconds:
    description: How long an accepted (resource, event, data.id) suppresses its duplicates; 0 turns de-duplication off.
    type: float
    default: 900
  max_body_bytes:
    description: Largest delivery accepted; larger ones are answered 413.
    type: int
    default: 1048576
  health_path:
    description: Path of the C(GET) health route.
    type: str
    default: /health
  batch_max_events:
    description:
      - Most events in one emitted event. V(1) emits each event as it arrived (the per-event form above); above 1,
        events are emitted in batches (the C(batch) form above).
      - The rulebook C(wxc.recordings.archive_new_recordings) sets 50 (its variable C(webhook_batch_max_events)).
    type: int
    default: 1
    version_added: 2.0.0
  batch_max_seconds:
    description:
      - With O(batch_max_events) above 1, the longest an accepted event waits for others before its batch is emitted.
      - It adds at most this much to an event's latency; the rulebook C(wxc.recordings.archive_new_recordings) sets 2
        (its variable C(webhook_batch_max_seconds)).
    type: float
    default: 2
    version_added: 2.0.0
notes:
  - Webhooks are delivered at least once at best and are lost while the receiver is down. Run the
    P(wxc.recordings.archive#role) role on a schedule with C(archive_since_last_run=true) to archive what no event did.
  - The source keeps its de-duplication memory in the process only; a restart forgets it. The archive playbook is
    idempotent, which is the real guarantee.
"""

EXAMPLES = r"""
- name: Archive new Webex call recordings
  hosts: localhost
  sources:
    - wxc.recordings.webex_webhook:
        host: 0.0.0.0
        port: 5000
        secret: "{{ webhook_secret }}"
        certfile: /etc/eda/tls/cert.pem
        keyfile: /etc/eda/tls/key.pem
  rules:
    - name: Archive each new recording
      condition: event.payload.resource == "convergedRecordings" and event.payload.event == "created"
      action:
        run_playbook:
          name: wxc.recordings.archive_recording
          extra_vars:
            recording_id: "{{ event.payload.data.id }}"

- name: Archive new Webex call recordings, one playbook run for up to 50 of them
  hosts: localhost
  sources:
    - wxc.recordings.webex_webhook:
        port: 5000
        secret: "{{ webhook_secret }}"
        batch_max_events: 50
        batch_max_seconds: 2
  rules:
    - name: Archive each batch of new recordings
      condition: event.batch.resource == "convergedRecordings" and event.batch.event == "created"
      action:
        run_playbook:
          name: wxc.recordings.archive_recording
          extra_vars:
            recording_ids: "{{ event.batch.ids }}"
"""

import asyncio
import collections
import hashlib
import hmac
import json
import logging
import ssl
import time

from aiohttp import web

LOGGER = logging.getLogger("wxc.recordings.webex_webhook")
SIGNATURE_HEADER = "X-Spark-Signature"
HIDDEN_HEADERS = ("authorization", "x-spark-signature", "cookie")
MAX_IDS_LOGGED = 20
# At shutdown, how long the open batches (and the events not yet taken) may wait for the rulebook to take them.
SHUTDOWN_FLUSH_SECONDS = 2.0


def signature_of(secret, body):
    """The hex HMAC-SHA1 of ``body`` (bytes) keyed with ``secret``: what Webex sends in X-Spark-Signature."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha1).hexdigest()


def check_signature(secret, body, header):
    """``None`` when ``body`` is signed with ``secret``, else the HTTP status that refuses it (400 missing, 401 wrong)."""
    if not secret:
        return None
    if not header:
        return 400
    if not hmac.compare_digest(signature_of(secret, body), header.strip().lower()):
        return 401
    return None


def dedupe_key(payload):
    """(resource, event, data.id), or None when the delivery has no data.id (it is then never treated as a duplicate)."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict) or not data.get("id"):
        return None
    return (payload.get("resource"), payload.get("event"), data.get("id"))


class Deduper:
    """Remembers accepted keys for ``window`` seconds (insertion order = expiry order)."""

    def __init__(self, window, clock=time.monotonic):
        self.window = float(window)
        self.clock = clock
        self._seen = collections.OrderedDict()

    def _expire(self, now):
        while self._seen:
            key, at = next(iter(self._seen.items()))
            if now - at < self.window:
                break
            self._seen.popitem(last=False)

    def seen(self, key):
        if key is None or self.window <= 0:
            return False
        self._expire(self.clock())
        return key in self._seen

    def remember(self, key):
        if key is None or self.window <= 0:
            return
        self._seen[key] = self.clock()
        self._seen.move_to_end(key)

    def __len__(self):
        return len(self._seen)


def describe(ids):
    ids = list(ids)
    shown = ", ".join(str(i) for i in ids[:MAX_IDS_LOGGED])
    return shown + (" and %d more" % (len(ids) - MAX_IDS_LOGGED) if len(ids) > MAX_IDS_LOGGED else "")


class Batch:
    """Accepted events of one (resource, event) waiting to be emitted together; ``started`` is the oldest's arrival."""

    def __init__(self, group, started):
        self.group = group
        self.started = started
        self.events = []
        self.reason = None
        self.waited = 0.0

    def __len__(self):
        return len(self.events)

    def ids(self):
        """The ``data.id`` of each event, first arrival first, each once (events without one add none)."""
        ids = []
        for event in self.events:
            key = dedupe_key(event["payload"])
            if key is not None and key[2] not in ids:
                ids.append(key[2])
        return ids


def batch_event(batch):
    """The event a batch is emitted as (``batch_max_events`` above 1); documented in DOCUMENTATION."""
    resource, event = batch.group
    return {
        "batch": {
            "resource": resource,
            "event": event,
            "ids": batch.ids(),
            "size": len(batch),
            "flushed": batch.reason,
            "waited_seconds": round(batch.waited, 3),
        },
        "events": list(batch.events),
    }


class Receiver:
    """The HTTP side: verify, de-duplicate, buffer and batch; ``forward`` hands batches to the rulebook's queue.

    ``held`` counts the accepted events not yet taken by the rulebook (in an open batch, in a closed one waiting, or
    in the forwarder's hand): that count, not the number of batches, is bounded by ``buffer_size``.
    """

    def __init__(self, args, clock=time.monotonic):
        self.secret = args.get("secret") or None
        self.buffer_size = int(args.get("buffer_size", 10000))
        if self.buffer_size < 1:
            raise ValueError("webex_webhook: buffer_size must be at least 1, got %s" % self.buffer_size)
        self.batch_max_events = int(args.get("batch_max_events", 1))
        if self.batch_max_events < 1:
            raise ValueError("webex_webhook: batch_max_events must be at least 1, got %s" % self.batch_max_events)
        self.batch_max_seconds = float(args.get("batch_max_seconds", 2))
        if self.batch_max_seconds < 0:
            raise ValueError("webex_webhook: batch_max_seconds must not be negative, got %s" % self.batch_max_seconds)
        self.max_body = int(args.get("max_body_bytes", 1048576))
        self.clock = clock
        self.deduper = Deduper(args.get("dedupe_seconds", 900), clock)
        self.open = collections.OrderedDict()  # (resource, event) -> Batch still taking events, oldest first
        self.closed = collections.deque()  # Batches full or old enough, in order; closed[0] may be in the forwarder's hand
        self.held = 0
        self.wakeup = asyncio.Event()
        self.counts = collections.Counter()
        self.high_water = 0

    @property
    def full(self):
        return self.held >= self.buffer_size

    def _add(self, event, key):
        payload = event["payload"] if isinstance(event["payload"], dict) else {}
        group = (payload.get("resource"), payload.get("event"))
        batch = self.open.get(group)
        if batch is None:
            batch = self.open[group] = Batch(group, self.clock())
        batch.events.append(event)
        self.held += 1
        if len(batch) >= self.batch_max_events:
            self._close(group, "full")
        self.wakeup.set()

    def _close(self, group, reason):
        batch = self.open.pop(group)
        batch.reason = reason
        batch.waited = max(0.0, self.clock() - batch.started)
        self.closed.append(batch)

    def _close_aged(self):
        """Close every open batch whose oldest event has waited batch_max_seconds; seconds until the next is due."""
        now = self.clock()
        for group, batch in list(self.open.items()):
            due = batch.started + self.batch_max_seconds - now
            if due > 0:
                return due
            self._close(group, "age")
        return None

    def emitted(self, batch):
        """One event as it arrived (``batch_max_events`` 1, the per-event form), else the batch event."""
        if self.batch_max_events == 1:
            return batch.events[0]
        return batch_event(batch)

    async def receive(self, request):
        if request.content_length is not None and request.content_length > self.max_body:
            self.counts["too_large"] += 1
            return web.Response(status=413, text="delivery too large\n")
        body = await request.read()
        if len(body) > self.max_body:
            self.counts["too_large"] += 1
            return web.Response(status=413, text="delivery too large\n")
        refused = check_signature(self.secret, body, request.headers.get(SIGNATURE_HEADER))
        if refused is not None:
            self.counts["bad_signature"] += 1
            LOGGER.warning(
                "webex_webhook: delivery from %s dropped: %s (answered %d)",
                request.remote,
                "no %s header" % SIGNATURE_HEADER if refused == 400 else "%s does not match the secret" % SIGNATURE_HEADER,
                refused,
            )
            return web.Response(status=refused, text="signature %s\n" % ("missing" if refused == 400 else "mismatch"))
        try:
            payload = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.counts["not_json"] += 1
            return web.Response(status=400, text="body is not JSON\n")
        key = dedupe_key(payload)
        if self.deduper.seen(key):
            self.counts["duplicates"] += 1
            LOGGER.debug("webex_webhook: duplicate %s dropped", key)
            return web.Response(status=200, text="duplicate\n")
        if self.full:
            self.counts["refused_full"] += 1
            LOGGER.error(
                "webex_webhook: buffer full (%d events waiting for the rulebook): answered 503 to %s of %s; "
                "Webex counts this as a failed delivery (100 in five minutes disable the webhook). Raise buffer_size "
                "or make the rulebook faster; the scheduled sweep archives what is missed.",
                self.buffer_size,
                payload.get("event") if isinstance(payload, dict) else "?",
                key[2] if key else "a delivery",
            )
            return web.Response(status=503, text="buffer full\n", headers={"Retry-After": "5"})
        event = {
            "payload": payload,
            "meta": {
                "endpoint": request.match_info.get("endpoint", ""),
                "headers": dict((k, v) for k, v in request.headers.items() if k.lower() not in HIDDEN_HEADERS),
            },
        }
        self._add(event, key)
        self.deduper.remember(key)
        self.counts["accepted"] += 1
        self.high_water = max(self.high_water, self.held)
        return web.Response(status=200, text="accepted\n")

    async def health(self, _request):
        full = self.full
        body = {
            "status": "full" if full else "ok",
            "buffered": self.held,
            "buffer_size": self.buffer_size,
            "buffer_high_water": self.high_water,
            "remembered_keys": len(self.deduper),
            "batch_max_events": self.batch_max_events,
            "batch_max_seconds": self.batch_max_seconds,
        }
        body.update(self.counts)
        return web.json_response(body, status=503 if full else 200)

    async def forward(self, queue):
        """Hand closed batches to the rulebook, one at a time (its queue holds one: always ``await queue.put``).

        A batch leaves ``closed`` (and ``held``) only once the rulebook took it, so a cancelled put loses nothing.
        """
        while True:
            due = self._close_aged()
            if self.closed:
                batch = self.closed[0]
                await queue.put(self.emitted(batch))
                self._handed(batch)
                await asyncio.sleep(0)
                continue
            self.wakeup.clear()
            try:
                await asyncio.wait_for(self.wakeup.wait(), due)
            except asyncio.TimeoutError:
                pass

    def _handed(self, batch):
        self.closed.popleft()
        self.held -= len(batch)
        self.counts["forwarded"] += len(batch)
        self.counts["emitted"] += 1

    async def flush(self, queue, timeout):
        """At shutdown: close every open batch and hand what the rulebook takes within ``timeout`` seconds."""
        for group in list(self.open):
            self._close(group, "shutdown")
        deadline = self.clock() + timeout
        while self.closed:
            left = deadline - self.clock()
            try:
                if left <= 0:
                    queue.put_nowait(self.emitted(self.closed[0]))
                else:
                    await asyncio.wait_for(queue.put(self.emitted(self.closed[0])), left)
            except (asyncio.QueueFull, asyncio.TimeoutError):
                return
            self._handed(self.closed[0])

    def pending_ids(self):
        """The ids of the accepted events never handed to the rulebook (after ``flush``)."""
        waiting = []
        batches = list(self.closed) + list(self.open.values())
        for batch in batches:
            for event in batch.events:
                key = dedupe_key(event["payload"])
                waiting.append(key[2] if key else "(no data.id)")
        return waiting


def ssl_context(args):
    certfile = args.get("certfile")
    if not certfile:
        if args.get("keyfile") or args.get("cafile") or args.get("capath"):
            raise ValueError("webex_webhook: keyfile, cafile and capath need certfile (TLS)")
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, args.get("keyfile"), args.get("password"))
    if args.get("cafile") or args.get("capath"):
        context.load_verify_locations(cafile=args.get("cafile"), capath=args.get("capath"))
        context.verify_mode = ssl.CERT_REQUIRED
    return context


def build_app(receiver, health_path="/health"):
    app = web.Application(client_max_size=receiver.max_body + 1)
    app.router.add_get(health_path, receiver.health)
    app.router.add_post("/{endpoint:.*}", receiver.receive)
    return app


async def main(queue, args):
    """Serve until cancelled; every accepted delivery reaches ``queue`` (or is logged as not handed over)."""
    if "port" not in args:
        raise ValueError("webex_webhook: the port option is required")
    receiver = Receiver(args)
    context = ssl_context(args)
    if not receiver.secret:
        LOGGER.warning("webex_webhook: no secret set, deliveries are not verified; anyone who can reach the port can send events")
    app = build_app(receiver, args.get("health_path", "/health"))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, args.get("host", "0.0.0.0"), int(args["port"]), ssl_context=context, backlog=1024)
    forwarder = None
    try:
        await site.start()
        LOGGER.info(
            "webex_webhook: listening on %s://%s:%s (%s)",
            "https" if context else "http",
            args.get("host", "0.0.0.0"),
            args["port"],
            "one event per delivery"
            if receiver.batch_max_events == 1
            else "batches of up to %d events or %s s" % (receiver.batch_max_events, receiver.batch_max_seconds),
        )
        forwarder = asyncio.ensure_future(receiver.forward(queue))
        await forwarder
    finally:
        if forwarder is not None:
            forwarder.cancel()
            await asyncio.gather(forwarder, return_exceptions=True)
        try:
            await runner.cleanup()  # no delivery is accepted from here on
            # The open batches are emitted now, whatever their age; what the rulebook does not take in time is logged.
            await receiver.flush(queue, SHUTDOWN_FLUSH_SECONDS)
        finally:
            waiting = receiver.pending_ids()
            if waiting:
                LOGGER.error(
                    "webex_webhook: stopped with %d accepted events not handed to the rulebook: %s. The next sweep "
                    "(archive role with archive_since_last_run) archives them.",
                    len(waiting),
                    describe(waiting),
                )


if __name__ == "__main__":
    # Run it alone: python webex_webhook.py 5000 [secret] - prints every event it would hand to a rulebook.

    class _PrintQueue(asyncio.Queue):
        async def put(self, item):
            print(json.dumps(item, indent=2))

    import sys

    logging.basicConfig(level=logging.INFO)
    options = {"port": int(sys.argv[1]) if len(sys.argv) > 1 else 5000}
    if len(sys.argv) > 2:
        options["secret"] = sys.argv[2]
    asyncio.run(main(_PrintQueue(), options))
