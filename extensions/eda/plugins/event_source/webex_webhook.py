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
    C({\"payload\": <the Webex envelope>, \"meta\": {\"endpoint\": <path>, \"headers\": {...}}})."
  - With O(secret), every delivery must carry C(X-Spark-Signature), the hex HMAC-SHA1 of the exact body, which is
    compared in constant time. A missing header is answered 400, a wrong one 401; the event is dropped and logged.
  - Each accepted delivery is answered 200 at once and kept in a bounded buffer until the rulebook takes it, so a busy
    rulebook never makes Webex count failures (100 in five minutes disable the webhook). When the buffer is full, the
    delivery is answered 503 and an error is logged; an answered 200 is never lost silently, and events still
    buffered when the source stops are logged with their ids.
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


class Receiver:
    """The HTTP side: verify, de-duplicate, buffer; ``forward`` hands buffered events to the rulebook's queue."""

    def __init__(self, args, clock=time.monotonic):
        self.secret = args.get("secret") or None
        self.buffer_size = int(args.get("buffer_size", 10000))
        if self.buffer_size < 1:
            raise ValueError("webex_webhook: buffer_size must be at least 1, got %s" % self.buffer_size)
        self.max_body = int(args.get("max_body_bytes", 1048576))
        self.buffer = asyncio.Queue(maxsize=self.buffer_size)
        self.deduper = Deduper(args.get("dedupe_seconds", 900), clock)
        self.counts = collections.Counter()
        self.high_water = 0

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
        event = {
            "payload": payload,
            "meta": {
                "endpoint": request.match_info.get("endpoint", ""),
                "headers": dict((k, v) for k, v in request.headers.items() if k.lower() not in HIDDEN_HEADERS),
            },
        }
        try:
            self.buffer.put_nowait(event)
        except asyncio.QueueFull:
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
        self.deduper.remember(key)
        self.counts["accepted"] += 1
        self.high_water = max(self.high_water, self.buffer.qsize())
        return web.Response(status=200, text="accepted\n")

    async def health(self, _request):
        full = self.buffer.full()
        body = {
            "status": "full" if full else "ok",
            "buffered": self.buffer.qsize(),
            "buffer_size": self.buffer_size,
            "buffer_high_water": self.high_water,
            "remembered_keys": len(self.deduper),
        }
        body.update(self.counts)
        return web.json_response(body, status=503 if full else 200)

    async def forward(self, queue):
        """Hand buffered events to the rulebook, one at a time (its queue holds one: always ``await queue.put``)."""
        while True:
            event = await self.buffer.get()
            await queue.put(event)
            self.counts["forwarded"] += 1
            await asyncio.sleep(0)

    def pending_ids(self):
        waiting = []
        while not self.buffer.empty():
            event = self.buffer.get_nowait()
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
        LOGGER.info("webex_webhook: listening on %s://%s:%s", "https" if context else "http", args.get("host", "0.0.0.0"), args["port"])
        forwarder = asyncio.ensure_future(receiver.forward(queue))
        await forwarder
    finally:
        if forwarder is not None:
            forwarder.cancel()
        await runner.cleanup()
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
