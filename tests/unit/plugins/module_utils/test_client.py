"""The client against a fake transport: the exact ordered requests it sends for each scenario."""

import itertools
import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests

from ansible_collections.wxc.recordings.plugins.module_utils._calls import bin_call, chunked, delete_call, reassign_call
from ansible_collections.wxc.recordings.plugins.module_utils._client import USER_AGENT, WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._dates import date_windows
from tests.unit.fake_transport import Expect, fake_client

TOKEN = "tok-SECRET-canary"
LIST = "/admin/convergedRecordings"
BASE = "https://webexapis.example/v1"


def page(ids, next_url=None):
    headers = {"Link": '<%s>; rel="next"' % next_url} if next_url else {}
    return dict(json={"items": [{"id": i} for i in ids]}, headers=headers)


def test_pagination_follows_next_links_unchanged_over_three_pages():
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    end = start + timedelta(days=10)
    first_query = {"max": "100", "status": "deleted", "from": "2026-01-01T00:00:00.000Z", "to": "2026-01-11T00:00:00.000Z"}
    client, transport, sleeps = fake_client(
        [
            Expect("GET", LIST, query=first_query, **page(["a", "b"], BASE + LIST + "?cursor=P2")),
            Expect("GET", BASE + LIST + "?cursor=P2", **page(["c", "d"], BASE + LIST + "?cursor=P3")),
            Expect("GET", BASE + LIST + "?cursor=P3", **page(["e"])),
        ]
    )
    items = [item["id"] for item in client.list_recordings(start, end, status="deleted")]
    assert items == ["a", "b", "c", "d", "e"]
    transport.assert_done()
    # later pages carry only the server's cursor: the original query is never re-sent
    assert transport.seen[1].url.endswith("?cursor=P2")
    assert transport.seen[2].url.endswith("?cursor=P3")


def test_pagination_stops_on_an_empty_page_even_with_a_next_link():
    client, transport, sleeps = fake_client([Expect("GET", LIST, **page([], BASE + LIST + "?cursor=loop"))])
    assert list(client.paginate(LIST, {"max": 100})) == []
    transport.assert_done()


def test_a_365_day_range_is_13_windows_each_with_both_bounds_newest_first():
    end = datetime(2026, 11, 24, tzinfo=timezone.utc)
    start = end - timedelta(days=365)
    expectations = []
    upper = end
    for _window in range(13):
        lower = max(start, upper - timedelta(days=30))
        expectations.append(
            Expect(
                "GET",
                LIST,
                query={"max": "100", "from": lower.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "to": upper.strftime("%Y-%m-%dT%H:%M:%S.000Z")},
                **page([upper.isoformat()]),
            )
        )
        upper = lower
    # sequential, so the transport sees the windows in order
    client, transport, sleeps = fake_client(expectations, concurrency=1)
    items = [item["id"] for item in client.list_recordings(start, end)]
    transport.assert_done()
    assert len(items) == 13
    assert items == sorted(items, reverse=True)


def test_windows_fetched_concurrently_still_yield_in_window_order():
    end = datetime(2026, 11, 24, tzinfo=timezone.utc)
    start = end - timedelta(days=90)
    seen = set()

    def check(request):
        seen.add(request.url)

    expectations = [Expect("GET", LIST, check=check, **page(["x"])) for _window in range(3)]
    client, transport, sleeps = fake_client(expectations, concurrency=3)
    assert len(list(client.list_recordings(start, end))) == 3
    transport.assert_done()
    assert len(seen) == 3


def test_429_waits_retry_after_then_succeeds():
    client, transport, sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/r1", status=429, headers={"Retry-After": "7"}),
            Expect("GET", "/convergedRecordings/r1", json={"id": "r1"}),
        ]
    )
    assert client.get_recording("r1") == {"id": "r1"}
    transport.assert_done()
    assert sleeps == [7.0]


def test_retry_after_is_capped_by_retry_max_wait_and_423_waits_too():
    client, transport, sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/r1", status=423, headers={"Retry-After": "600"}),
            Expect("GET", "/convergedRecordings/r1", json={"id": "r1"}),
        ],
        retry_max_wait=12,
    )
    client.get_recording("r1")
    assert sleeps == [12.0]


def test_503_is_retried_with_backoff():
    client, transport, sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/r1", status=503),
            Expect("GET", "/convergedRecordings/r1", status=502),
            Expect("GET", "/convergedRecordings/r1", json={"id": "r1"}),
        ]
    )
    assert client.get_recording("r1")["id"] == "r1"
    transport.assert_done()
    assert len(sleeps) == 2 and all(0 <= s <= 1.0 for s in sleeps)


def test_recycle_bin_post_is_retried_after_503_because_it_is_idempotent():
    body = {"recordingIds": ["a", "b"]}
    client, transport, sleeps = fake_client(
        [
            Expect("POST", "/convergedRecordings/softDelete", status=503, body_json=body),
            Expect("POST", "/convergedRecordings/softDelete", status=204, body_json=body, headers={"trackingId": "T-2"}),
        ]
    )
    assert client.send(bin_call("/convergedRecordings/softDelete", "trashAll", recording_ids=["a", "b"])) == "T-2"
    transport.assert_done()


def test_a_message_post_is_not_retried_after_503_it_could_post_twice():
    client, transport, sleeps = fake_client([Expect("POST", "/messages", status=503, json={"message": "down", "trackingId": "T"})])
    with pytest.raises(WebexError) as caught:
        client.send_message("hello", room_id="room")
    assert caught.value.status == 503
    transport.assert_done()


def test_connection_errors_are_retried_for_reads():
    client, transport, sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/r1", raises=requests.exceptions.ConnectionError("reset by peer")),
            Expect("GET", "/convergedRecordings/r1", json={"id": "r1"}),
        ]
    )
    assert client.get_recording("r1")["id"] == "r1"
    assert len(sleeps) == 1


def test_other_4xx_are_never_retried():
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/nope", status=404, json={"message": "Not found", "trackingId": "T404"})])
    with pytest.raises(WebexError) as caught:
        client.get_recording("nope")
    assert caught.value.status == 404
    assert sleeps == []
    transport.assert_done()


def test_retries_run_out_and_the_last_error_is_raised():
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/r1", status=500, json={"message": "boom", "trackingId": "T5"})] * 3, retries=2)
    with pytest.raises(WebexError) as caught:
        client.get_recording("r1")
    assert caught.value.status == 500
    assert len(sleeps) == 2
    transport.assert_done()


def test_401_refreshes_once_and_repeats_the_call_with_the_new_token():
    def bearer(token):
        def check(request):
            assert request.headers["Authorization"] == "Bearer " + token

        return check

    client, transport, sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/r1", status=401, json={"message": "expired", "trackingId": "T"}, check=bearer(TOKEN)),
            Expect(
                "POST",
                "/access_token",
                form={"grant_type": "refresh_token", "client_id": "cid", "client_secret": "csecret-canary", "refresh_token": "rtok-canary"},
                json={"access_token": "new-token", "expires_in": 1209600, "refresh_token": "rtok-2", "refresh_token_expires_in": 7776000},
                check=lambda r: "Authorization" not in r.headers,
            ),
            Expect("GET", "/convergedRecordings/r1", json={"id": "r1"}, check=bearer("new-token")),
        ],
        client_id="cid",
        client_secret="csecret-canary",
        refresh_token="rtok-canary",
    )
    assert client.get_recording("r1") == {"id": "r1"}
    transport.assert_done()
    assert client.refreshes == 1
    assert client.refresh_token == "rtok-2"


def test_refresh_credentials_alone_obtain_a_token_before_the_first_call():
    client, transport, sleeps = fake_client(
        [
            Expect(
                "POST",
                "/access_token",
                form={"grant_type": "refresh_token", "client_id": "cid", "client_secret": "csecret-canary", "refresh_token": "rtok-canary"},
                json={"access_token": "first-token", "refresh_token": "rtok-2"},
                check=lambda r: "Authorization" not in r.headers,
            ),
            Expect("GET", "/convergedRecordings/r1", json={"id": "r1"}, check=lambda r: r.headers["Authorization"] == "Bearer first-token"),
            Expect("GET", "/convergedRecordings/r2", json={"id": "r2"}, check=lambda r: r.headers["Authorization"] == "Bearer first-token"),
        ],
        access_token=None,
        client_id="cid",
        client_secret="csecret-canary",
        refresh_token="rtok-canary",
    )
    assert client.get_recording("r1") == {"id": "r1"}
    assert client.get_recording("r2") == {"id": "r2"}
    transport.assert_done()
    assert client.refreshes == 1


def test_no_token_and_no_refresh_credentials_sends_nothing():
    client, transport, sleeps = fake_client([], access_token=None)
    with pytest.raises(WebexError, match="no access token"):
        client.get_recording("r1")
    assert transport.seen == []


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
@pytest.mark.parametrize("options, verify", [(dict(ca_path="/etc/private-ca.pem"), "/etc/private-ca.pem"), (dict(validate_certs=False), False)])
def test_ca_path_and_validate_certs_win_over_the_ca_bundle_variables(monkeypatch, variable, options, verify):
    # requests merges these variables into each call and they would beat session.verify.
    monkeypatch.setenv(variable, "/etc/ssl/certs/ca-certificates.crt")
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/r1", json={"id": "r1"})], **options)
    client.get_recording("r1")
    assert transport.send_kwargs[0]["verify"] == verify


def test_an_unusable_ca_bundle_is_an_error_naming_ca_path():
    problem = OSError("Could not find a suitable TLS CA certificate bundle, invalid path: /missing.pem")
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/r1", raises=problem)], ca_path="/missing.pem")
    with pytest.raises(WebexError) as caught:
        client.get_recording("r1")
    assert "ca_path" in str(caught.value) and "/missing.pem" in str(caught.value)
    assert sleeps == []


def test_401_after_a_refresh_is_an_error_not_a_loop():
    unauthorized = dict(status=401, json={"message": "The request requires a valid access token", "trackingId": "T401"})
    client, transport, sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/r1", **unauthorized),
            Expect("POST", "/access_token", json={"access_token": "new-token"}),
            Expect("GET", "/convergedRecordings/r1", **unauthorized),
        ],
        client_id="cid",
        client_secret="csecret-canary",
        refresh_token="rtok-canary",
    )
    with pytest.raises(WebexError) as caught:
        client.get_recording("r1")
    assert caught.value.status == 401
    transport.assert_done()


def test_401_without_refresh_credentials_fails_at_once():
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/r1", status=401, json={"message": "expired", "trackingId": "T"})])
    with pytest.raises(WebexError) as caught:
        client.get_recording("r1")
    assert caught.value.status == 401


def test_400_names_method_path_status_message_descriptions_and_tracking_id():
    body = {
        "message": "Invalid request",
        "errors": [{"description": "recordingIds must not exceed 100"}],
        "trackingId": "ROUTER_1234",
    }
    client, transport, sleeps = fake_client([Expect("POST", "/convergedRecordings/restore", status=400, json=body)])
    with pytest.raises(WebexError) as caught:
        client.send(bin_call("/convergedRecordings/restore", "restoreAll", recording_ids=["a"]))
    text = str(caught.value)
    for part in ("POST", "/convergedRecordings/restore", "400", "Invalid request", "recordingIds must not exceed 100", "ROUTER_1234"):
        assert part in text
    assert caught.value.tracking_id == "ROUTER_1234"
    assert caught.value.to_dict()["descriptions"] == ["recordingIds must not exceed 100"]


def test_the_token_is_absent_from_every_error_text():
    secrets = (TOKEN, "csecret-canary", "rtok-canary")
    echo = {"message": "bad token %s" % TOKEN, "errors": [{"description": "got Bearer %s" % TOKEN}], "trackingId": "T"}
    client, transport, sleeps = fake_client(
        [
            Expect("GET", "/convergedRecordings/a", status=400, json=echo),
            Expect("GET", "/convergedRecordings/b", raises=requests.exceptions.ConnectionError("boom with %s" % TOKEN)),
            Expect("GET", "/convergedRecordings/c", raises=requests.exceptions.SSLError("cert for %s" % TOKEN)),
            Expect("GET", "/convergedRecordings/d", status=500, json=echo),
        ],
        retries=0,
        client_id="cid",
        client_secret="csecret-canary",
        refresh_token="rtok-canary",
    )
    texts = []
    for rid in "abcd":
        with pytest.raises(WebexError) as caught:
            client.get_recording(rid)
        texts += [str(caught.value), repr(caught.value), repr(caught.value.to_dict()), caught.value.message]
    assert texts
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_tls_failure_is_not_retried_and_says_how_to_fix_it():
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/a", raises=requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED"))])
    with pytest.raises(WebexError) as caught:
        client.get_recording("a")
    assert "ca_path" in str(caught.value)
    assert sleeps == []


def test_every_call_sends_bearer_user_agent_and_a_fresh_tracking_id():
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/a", json={}), Expect("GET", "/convergedRecordings/b", json={})])
    client.get_recording("a")
    client.get_recording("b")
    first, second = transport.seen
    assert first.headers["Authorization"] == "Bearer " + TOKEN
    assert first.headers["User-Agent"] == USER_AGENT
    assert first.headers["TrackingID"] != second.headers["TrackingID"]
    assert client.requests_sent["GET /convergedRecordings/a"] == 1


def test_timezone_is_sent_as_a_header():
    client, transport, sleeps = fake_client([Expect("GET", "/convergedRecordings/a", json={}, check=lambda r: r.headers["timezone"] == "Europe/Berlin")])
    client.get_recording("a", timezone_name="Europe/Berlin")
    transport.assert_done()


@pytest.mark.parametrize(
    "call, body",
    [
        (
            bin_call("/convergedRecordings/softDelete", "trashAll", owner_email="a@example.com", all_recordings=True),
            {"trashAll": True, "ownerEmail": "a@example.com"},
        ),
        (bin_call("/convergedRecordings/restore", "restoreAll", all_recordings=True), {"restoreAll": True}),
        (bin_call("/convergedRecordings/purge", "purgeAll", recording_ids=["x"]), {"recordingIds": ["x"]}),
        (reassign_call("new@example.com", owner_id="vl1"), {"reassignOwnerEmail": "new@example.com", "ownerID": "vl1"}),
    ],
)
def test_write_bodies_follow_the_spec(call, body):
    path = {"trashAll": "softDelete", "restoreAll": "restore", "recordingIds": "purge", "reassignOwnerEmail": "reassign"}[next(iter(body))]
    client, transport, sleeps = fake_client([Expect("POST", "/convergedRecordings/" + path, status=204, body_json=body)])
    client.send(call)
    transport.assert_done()


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(recording_ids=[]),
        dict(recording_ids=[str(i) for i in range(101)]),
        dict(recording_ids=["a"], all_recordings=True),
        dict(owner_email="a@example.com"),
    ],
)
def test_invalid_recycle_bin_bodies_are_refused_before_sending(kwargs):
    client, transport, sleeps = fake_client([])
    with pytest.raises(ValueError):
        client.send(bin_call("/convergedRecordings/softDelete", "trashAll", **kwargs))
    assert transport.seen == []


def test_compliance_delete_sends_reason_and_comment():
    client, transport, sleeps = fake_client(
        [Expect("DELETE", "/convergedRecordings/r1", status=204, body_json={"reason": "audit", "comment": "case 42"}, headers={"trackingId": "TD"})]
    )
    assert client.send(delete_call("r1", reason="audit", comment="case 42")) == "TD"


def test_date_windows():
    end = datetime(2026, 3, 1, tzinfo=timezone.utc)
    assert date_windows(end, end) == []
    assert date_windows(end - timedelta(days=30), end) == [(end - timedelta(days=30), end)]
    windows = date_windows(end - timedelta(days=61), end)
    assert [(e - s).days for s, e in windows] == [30, 30, 1]
    assert windows[0][1] == end and windows[-1][0] == end - timedelta(days=61)
    # contiguous: each window's lower bound is the next one's upper bound
    assert all(windows[i][0] == windows[i + 1][1] for i in range(len(windows) - 1))
    assert len(date_windows("2025-11-24T00:00:00Z", "2026-11-24T00:00:00+00:00")) == 13


def test_chunked_batches_of_100():
    assert [len(c) for c in chunked(range(250))] == [100, 100, 50]
    assert chunked([]) == []


def test_map_bounded_keeps_order_and_captures_errors():
    def work(n):
        if n == 3:
            raise RuntimeError("three")
        return n * 2

    out = list(map_bounded(work, range(6), 3))
    assert [entry[0] for entry in out] == list(range(6))
    assert [entry[1] for entry in out] == [0, 2, 4, None, 8, 10]
    assert isinstance(out[3][2], RuntimeError)


def test_a_signed_download_link_never_reaches_an_error_or_the_counters():
    link = "https://dl.webex.example/downloads/SIGNED-SECRET/audio.mp3?sig=abc"
    client, transport, sleeps = fake_client([Expect("GET", link, status=403, json={"message": "Link expired", "trackingId": "TX"})])
    with pytest.raises(WebexError) as caught:
        client.download(link)
    assert "SIGNED-SECRET" not in str(caught.value)
    assert "dl.webex.example" in str(caught.value)
    assert not any("SIGNED-SECRET" in key for key in client.requests_sent)
    transport.assert_done()


def test_keep_filters_and_reduces_each_listed_item_in_the_window_fetch():
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    end = start + timedelta(days=40)
    client, transport, sleeps = fake_client(
        [
            Expect("GET", LIST, json={"items": [{"id": "a", "big": "x" * 100}, {"id": "skip"}]}),
            Expect("GET", LIST, json={"items": [{"id": "b", "big": "y"}]}),
        ],
        concurrency=1,
    )
    kept = list(client.list_recordings(start, end, keep=lambda item: None if item["id"] == "skip" else {"id": item["id"]}))
    transport.assert_done()
    assert kept == [{"id": "a"}, {"id": "b"}]


def test_map_bounded_a_waiting_call_does_not_hold_the_ones_queued_behind_it():
    # The first call waits (as behind a 429's Retry-After) until the nine after it are done. With only
    # `concurrency` calls submitted at a time it would wait for ever (here: its 5 s timeout) holding the others.
    release = threading.Event()
    done = []

    def work(n):
        if n == 0:
            assert release.wait(5), "the calls behind the first one were held"
            return "first"
        done.append(n)
        if len(done) == 9:
            release.set()
        return n * 10

    out = list(map_bounded(work, range(10), 2))
    assert out == [(0, "first", None)] + [(n, n * 10, None) for n in range(1, 10)]
    assert sorted(done) == list(range(1, 10))


def test_map_bounded_queues_at_most_lookahead_calls_behind_the_oldest():
    pulled = []
    three_done = threading.Event()
    done = []

    def items():
        for n in itertools.count():
            pulled.append(n)
            yield n

    def work(n):
        if n == 0:
            assert three_done.wait(5)
        else:
            done.append(n)
            if len(done) == 3:
                three_done.set()
        return n

    results = map_bounded(work, items(), 2, lookahead=4)
    assert next(results) == (0, 0, None)
    # 0 and the 3 queued behind it were taken from the input; nothing more until the caller reads on
    assert pulled == [0, 1, 2, 3]
    results.close()


def test_map_bounded_cancels_the_queued_calls_when_the_caller_stops():
    hold = threading.Event()
    started = []

    def work(n):
        started.append(n)
        if n > 0:
            assert hold.wait(5)
        return n

    results = map_bounded(work, range(20), 2, lookahead=16)
    assert next(results) == (0, 0, None)
    threading.Timer(0.2, hold.set).start()
    results.close()  # waits for the two calls running, drops the 14 that had not started
    assert sorted(started) == [0, 1, 2]
