"""The webex_webhook event source without ansible-rulebook: main(queue, args) serves real HTTP on 127.0.0.1.

Signature (constant-time, 400 missing, 401 mismatch, dropped), de-duplication of (resource, event, data.id) within
the window, the bounded buffer (2xx at once, 503 and a clear log line when full, nothing accepted is lost), batches
(batch_max_events, batch_max_seconds, the shutdown flush, the bound counting events), the health route, TLS and
mutual TLS.
"""

import asyncio
import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import ssl

import aiohttp
import pytest

from ansible_collections.wxc.recordings.extensions.eda.plugins.event_source import webex_webhook as source

SECRET = "whsec-unit"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def envelope(rid, event="created", resource="convergedRecordings"):
    return {"id": "hook-1", "name": "archive", "resource": resource, "event": event, "data": {"id": rid}}


def signed(body, secret=SECRET):
    return hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


async def wait_listening(port):
    for _attempt in range(200):
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.02)
    raise AssertionError("event source did not listen on %d" % port)


def run(scenario, args, queue_size=0, after_stop=None):
    """Start main(queue, args), run ``scenario(session, url, queue)``, cancel main; return the scenario's result.

    With ``after_stop`` (a list), the events left in the queue after main stopped are appended to it.
    """

    async def go():
        queue = asyncio.Queue(maxsize=queue_size)
        port = free_port()
        options = dict(host="127.0.0.1", port=port, **args)
        task = asyncio.ensure_future(source.main(queue, options))
        try:
            await wait_listening(port)
            async with aiohttp.ClientSession() as session:
                return await scenario(session, "http://127.0.0.1:%d" % port, queue)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            while after_stop is not None and not queue.empty():
                after_stop.append(queue.get_nowait())

    return asyncio.run(go())


async def post(session, url, payload, secret=SECRET, signature=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Spark-Signature"] = signature
    elif secret:
        headers["X-Spark-Signature"] = signed(body, secret)
    async with session.post(url + "/webex", data=body, headers=headers) as response:
        return response.status, await response.text()


async def drain(queue, wait=0.2):
    await asyncio.sleep(wait)
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


# signature -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "secret, header, expected",
    [
        (None, None, None),  # no secret configured: not verified
        (SECRET, None, 400),
        (SECRET, "", 400),
        (SECRET, "0" * 40, 401),
        (SECRET, signed(b'{"a": 1}', "other"), 401),
        (SECRET, signed(b'{"a": 1}'), None),
        (SECRET, signed(b'{"a": 1}').upper(), None),  # hex case does not matter
        (SECRET, signed(b'{"a":1}'), 401),  # over the exact bytes, never re-serialised JSON
    ],
)
def test_check_signature(secret, header, expected):
    assert source.check_signature(secret, b'{"a": 1}', header) == expected


def test_signature_over_http_missing_400_wrong_401_and_dropped(caplog):
    async def scenario(session, url, queue):
        body = b'{"resource": "convergedRecordings",  "event": "created", "data": {"id": "r1"}}'
        results = [
            await post(session, url, None, secret=None, raw=body),
            await post(session, url, None, signature="deadbeef", raw=body),
            await post(session, url, None, signature=signed(body), raw=body),
        ]
        return results, await drain(queue)

    with caplog.at_level(logging.WARNING):
        results, events = run(scenario, {"secret": SECRET})
    assert [status for status, _text in results] == [400, 401, 200]
    assert len(events) == 1 and events[0]["payload"]["data"]["id"] == "r1"
    assert "x-spark-signature" not in [h.lower() for h in events[0]["meta"]["headers"]], "the signature is not passed on"
    assert "dropped: no X-Spark-Signature header (answered 400)" in caplog.text
    assert "does not match the secret (answered 401)" in caplog.text
    assert SECRET not in caplog.text


def test_not_json_is_400():
    async def scenario(session, url, queue):
        return await post(session, url, None, raw=b"not json"), await drain(queue)

    (status, _text), events = run(scenario, {"secret": SECRET})
    assert status == 400 and events == []


# de-duplication ------------------------------------------------------------------------------------------------------


def test_duplicates_within_the_window_are_answered_200_and_not_forwarded():
    async def scenario(session, url, queue):
        statuses = []
        for payload in (envelope("r1"), envelope("r1"), envelope("r1", event="updated"), envelope("r2"), envelope("r1")):
            statuses.append(await post(session, url, payload))
        return statuses, await drain(queue)

    statuses, events = run(scenario, {"secret": SECRET})
    assert [s for s, _t in statuses] == [200] * 5
    assert [t.strip() for _s, t in statuses] == ["accepted", "duplicate", "accepted", "accepted", "duplicate"]
    assert [(e["payload"]["event"], e["payload"]["data"]["id"]) for e in events] == [("created", "r1"), ("updated", "r1"), ("created", "r2")]


def test_deduper_forgets_after_the_window():
    now = [1000.0]
    deduper = source.Deduper(60, clock=lambda: now[0])
    key = ("convergedRecordings", "created", "r1")
    assert not deduper.seen(key)
    deduper.remember(key)
    now[0] += 59.9
    assert deduper.seen(key)
    now[0] += 0.2
    assert not deduper.seen(key) and len(deduper) == 0
    assert not deduper.seen(None), "deliveries without data.id are never duplicates"
    off = source.Deduper(0)
    off.remember(key)
    assert not off.seen(key)


# the buffer ----------------------------------------------------------------------------------------------------------


def test_full_buffer_answers_503_logs_clearly_and_loses_nothing_accepted(caplog):
    async def scenario(session, url, queue):
        # Nobody takes from the rulebook's queue (size 1): one event in it, one in the forwarder's hand, 3 buffered.
        statuses = [await post(session, url, envelope("r%d" % i)) for i in range(8)]
        async with session.get(url + "/health") as response:
            health = (response.status, await response.json())
        accepted = [i for i, (status, _t) in enumerate(statuses) if status == 200]
        taken = []
        for _unused in accepted:
            taken.append(await asyncio.wait_for(queue.get(), 5))
        return statuses, health, accepted, taken

    with caplog.at_level(logging.ERROR):
        statuses, health, accepted, taken = run(scenario, {"secret": SECRET, "buffer_size": 3}, queue_size=1)
    codes = [s for s, _t in statuses]
    assert codes.count(503) >= 1 and codes[: len(accepted)] == [200] * len(accepted), codes
    assert 4 <= len(accepted) <= 5, "1 in the queue, maybe 1 in the forwarder's hand, 3 in the buffer: %s" % codes
    assert [e["payload"]["data"]["id"] for e in taken] == ["r%d" % i for i in accepted], "every 200 reaches the rulebook, in order"
    assert health[0] == 503 and health[1]["status"] == "full" and health[1]["buffered"] == 3 and health[1]["refused_full"] >= 1
    assert "buffer full (3 events waiting for the rulebook): answered 503" in caplog.text


def test_a_refused_delivery_is_accepted_when_webex_sends_it_again():
    async def scenario(session, url, queue):
        first = [await post(session, url, envelope("r%d" % i)) for i in range(6)]
        refused = [i for i, (status, _t) in enumerate(first) if status == 503]
        for _unused in range(6 - len(refused)):  # the rulebook catches up
            await asyncio.wait_for(queue.get(), 5)
        again = await post(session, url, envelope("r%d" % refused[0]))
        return refused, again

    refused, again = run(scenario, {"secret": SECRET, "buffer_size": 2}, queue_size=1)
    assert refused and again[0] == 200 and again[1].strip() == "accepted", "a 503 must not mark the event as seen"


def test_stopping_with_buffered_events_logs_their_ids(caplog):
    async def scenario(session, url, queue):
        return [await post(session, url, envelope("r%d" % i)) for i in range(5)]

    with caplog.at_level(logging.ERROR):
        statuses = run(scenario, {"secret": SECRET, "buffer_size": 10}, queue_size=1)
    assert [s for s, _t in statuses] == [200] * 5
    # r0 is in the rulebook's queue; r1 was in the forwarder's hand (a put that never completed: not taken, so logged).
    assert "stopped with 4 accepted events not handed to the rulebook: r1, r2, r3, r4" in caplog.text


# batches -------------------------------------------------------------------------------------------------------------


def batch_summary(event):
    batch = event["batch"]
    return batch["ids"], batch["size"], batch["flushed"]


def test_a_batch_is_emitted_when_full_and_the_rest_when_the_source_stops():
    left = []

    async def scenario(session, url, queue):
        statuses = [await post(session, url, envelope("r%d" % i)) for i in range(7)]
        return statuses, await drain(queue, 0.3)

    statuses, events = run(scenario, {"secret": SECRET, "batch_max_events": 3, "batch_max_seconds": 60}, after_stop=left)
    assert [s for s, _t in statuses] == [200] * 7
    assert [batch_summary(e) for e in events] == [(["r0", "r1", "r2"], 3, "full"), (["r3", "r4", "r5"], 3, "full")], "r6 waits for two more"
    first = events[0]
    assert (first["batch"]["resource"], first["batch"]["event"]) == ("convergedRecordings", "created")
    assert [e["payload"]["data"]["id"] for e in first["events"]] == ["r0", "r1", "r2"], "the original events travel with the batch"
    assert first["events"][0]["meta"]["endpoint"] == "webex" and "x-spark-signature" not in [h.lower() for h in first["events"][0]["meta"]["headers"]]
    assert [batch_summary(e) for e in left] == [(["r6"], 1, "shutdown")], "stopping emits the open batch, whatever its age"


def test_a_batch_is_emitted_when_its_oldest_event_has_waited_batch_max_seconds():
    async def scenario(session, url, queue):
        started = asyncio.get_running_loop().time()
        await post(session, url, envelope("r1"))
        await asyncio.sleep(0.2)
        await post(session, url, envelope("r2"))
        early = queue.qsize()
        event = await asyncio.wait_for(queue.get(), 5)
        return early, asyncio.get_running_loop().time() - started, event, await drain(queue, 0.6)

    early, elapsed, event, later = run(scenario, {"secret": SECRET, "batch_max_events": 50, "batch_max_seconds": 0.5})
    assert early == 0, "nothing is emitted before the oldest event has waited batch_max_seconds"
    assert batch_summary(event) == (["r1", "r2"], 2, "age")
    assert 0.45 <= elapsed < 2.0 and event["batch"]["waited_seconds"] >= 0.45, (elapsed, event["batch"])
    assert later == [], "the age is the oldest event's: r2 left with r1, nothing is emitted again"


def test_duplicates_are_dropped_across_a_batch_and_each_resource_event_pair_has_its_own_batch():
    left = []

    async def scenario(session, url, queue):
        statuses = []
        for payload in (envelope("r1"), envelope("r2"), envelope("r1"), envelope("r1", event="updated"), envelope("r2")):
            statuses.append((await post(session, url, payload))[1].strip())
        async with session.get(url + "/health") as response:
            return statuses, (await response.json())

    statuses, health = run(scenario, {"secret": SECRET, "batch_max_events": 10, "batch_max_seconds": 60}, after_stop=left)
    assert statuses == ["accepted", "accepted", "duplicate", "accepted", "duplicate"]
    assert health["buffered"] == 3 and health["duplicates"] == 2
    assert sorted((e["batch"]["event"], e["batch"]["ids"], e["batch"]["size"]) for e in left) == [("created", ["r1", "r2"], 2), ("updated", ["r1"], 1)]


def test_the_bound_counts_events_in_open_batches_and_answers_503_beyond_it(caplog):
    left = []

    async def scenario(session, url, queue):
        statuses = [(await post(session, url, envelope("r%d" % i)))[0] for i in range(7)]
        async with session.get(url + "/health") as response:
            health = (response.status, await response.json())
        return statuses, health, queue.qsize()

    with caplog.at_level(logging.ERROR):
        statuses, health, emitted = run(scenario, {"secret": SECRET, "buffer_size": 5, "batch_max_events": 10, "batch_max_seconds": 60}, after_stop=left)
    assert statuses == [200] * 5 + [503] * 2, "5 events in one open batch fill a buffer of 5, though no batch is closed"
    assert emitted == 0
    assert health[0] == 503 and health[1]["status"] == "full" and health[1]["buffered"] == 5 and health[1]["refused_full"] == 2
    assert "buffer full (5 events waiting for the rulebook): answered 503" in caplog.text
    assert [batch_summary(e) for e in left] == [(["r0", "r1", "r2", "r3", "r4"], 5, "shutdown")], "every 200 reaches the rulebook"


def test_a_batch_taken_by_the_rulebook_frees_its_events_from_the_bound():
    async def scenario(session, url, queue):
        first = [(await post(session, url, envelope("r%d" % i)))[0] for i in range(4)]  # two full batches of 2
        taken = await asyncio.wait_for(queue.get(), 5)  # the rulebook takes one (its queue holds one)
        await asyncio.sleep(0.1)
        second = [(await post(session, url, envelope("s%d" % i)))[0] for i in range(3)]
        return first, taken, second

    first, taken, second = run(scenario, {"secret": SECRET, "buffer_size": 4, "batch_max_events": 2, "batch_max_seconds": 60}, queue_size=1)
    assert first == [200] * 4 and batch_summary(taken) == (["r0", "r1"], 2, "full")
    # r2, r3 are in the rulebook's queue now, so nothing is held: s0..s2 fit the bound of 4 (had r0..r3 stayed counted, 503).
    assert second == [200] * 3


def test_batch_options_are_checked():
    with pytest.raises(ValueError, match="batch_max_events must be at least 1"):
        asyncio.run(source.main(asyncio.Queue(), {"port": free_port(), "batch_max_events": 0}))
    with pytest.raises(ValueError, match="batch_max_seconds must not be negative"):
        asyncio.run(source.main(asyncio.Queue(), {"port": free_port(), "batch_max_events": 5, "batch_max_seconds": -1}))


def test_health_route_and_counters():
    async def scenario(session, url, queue):
        await post(session, url, envelope("r1"))
        await post(session, url, envelope("r1"))
        await post(session, url, envelope("r2"), signature="bad")
        await drain(queue)
        async with session.get(url + "/healthz") as response:
            return response.status, await response.json()

    status, body = run(scenario, {"secret": SECRET, "health_path": "/healthz"})
    assert status == 200
    assert {k: body[k] for k in ("status", "accepted", "duplicates", "bad_signature", "forwarded")} == {
        "status": "ok",
        "accepted": 1,
        "duplicates": 1,
        "bad_signature": 1,
        "forwarded": 1,
    }


def test_bad_options_are_refused_clearly():
    with pytest.raises(ValueError, match="port option is required"):
        asyncio.run(source.main(asyncio.Queue(), {}))
    with pytest.raises(ValueError, match="buffer_size must be at least 1"):
        asyncio.run(source.main(asyncio.Queue(), {"port": free_port(), "buffer_size": 0}))
    with pytest.raises(ValueError, match="need certfile"):
        asyncio.run(source.main(asyncio.Queue(), {"port": free_port(), "keyfile": "/x"}))


# TLS ---------------------------------------------------------------------------------------------------------------


def make_cert(tmp_path, name):
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / (name + ".pem"), tmp_path / (name + ".key")
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def test_tls_and_mutual_tls(tmp_path):
    server_cert, server_key = make_cert(tmp_path, "server")
    client_cert, client_key = make_cert(tmp_path, "client")

    async def scenario(session, url, queue):
        https = url.replace("http://", "https://")
        trusting = ssl.create_default_context(cafile=server_cert)
        with_client = ssl.create_default_context(cafile=server_cert)
        with_client.load_cert_chain(client_cert, client_key)
        body = json.dumps(envelope("r1")).encode()
        headers = {"X-Spark-Signature": signed(body)}
        async with session.post(https + "/webex", data=body, headers=headers, ssl=with_client) as response:
            ok = response.status
        try:
            async with session.post(https + "/webex", data=body, headers=headers, ssl=trusting) as response:
                without = response.status
        except (aiohttp.ClientError, ssl.SSLError, OSError) as error:
            without = type(error).__name__
        return ok, without, await drain(queue)

    ok, without, events = run(scenario, {"secret": SECRET, "certfile": server_cert, "keyfile": server_key, "cafile": client_cert})
    assert ok == 200 and len(events) == 1
    assert without != 200, "mutual TLS must refuse a client without a certificate"


def test_documentation_parses_and_lists_every_option_the_source_reads():
    import re

    import yaml

    doc = yaml.safe_load(source.DOCUMENTATION)
    examples = yaml.safe_load(source.EXAMPLES)
    with open(source.__file__) as handle:
        code = handle.read()
    read = set(re.findall(r'args\.get\("([a-z_]+)"', code)) | set(re.findall(r'args\["([a-z_]+)"\]', code))
    assert read == set(doc["options"]), "options read but not documented (or documented but unused): %s" % (read ^ set(doc["options"]))
    assert doc["options"]["port"]["required"] is True and doc["short_description"]
    assert "wxc.recordings.webex_webhook" in examples[0]["sources"][0]
