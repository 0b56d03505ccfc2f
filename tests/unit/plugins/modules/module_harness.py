"""Run a module's real main() as Ansible would, with the shared client talking to a FakeTransport.

The arguments go through ``basic._ANSIBLE_ARGS`` (argument spec, check mode and diff handled by AnsibleModule
itself), ``main()`` exits with SystemExit, and its stdout JSON is the result. Every client a module builds (through
``_module.client_from_module``, wherever it is imported) is the real ``WebexClient`` with the fake transport
mounted on its session: everything above the socket (retries, pagination, errors, the module's decisions) runs for
real. The client is built with ``concurrency=1`` so that the ordered expectations are deterministic, and its
retry sleeps return at once. A request that is not the next expected one fails the test, and so does an expected
request never sent. The token must never appear in the module's output.
"""

import io
import json

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.wxc.recordings.plugins.module_utils import _client, _module
from tests.unit.fake_transport import Expect, FakeTransport
from tests.unit.listings import ADMIN_LIST, WINDOWS, first_page_check, query_of
from tests.unit.recording_factory import BASE

TOKEN = "tok-SECRET-canary"
ENV = ("WEBEX_ACCESS_TOKEN", "WEBEX_CLIENT_ID", "WEBEX_CLIENT_SECRET", "WEBEX_REFRESH_TOKEN", "WEBEX_API_URL")


class Transport(FakeTransport):
    """FakeTransport that can also stream a download: ``download()`` expectations carry their bytes in ``body``."""

    def send(self, request, **kwargs):
        if self.expected and isinstance(self.expected[0], ByStatus):
            self.expected.insert(0, self.expected[0].next_for(request))
            if not self.expected[1].pending:
                del self.expected[1]
        body = getattr(self.expected[0], "body", None) if self.expected else None
        response = super().send(request, **kwargs)
        if body is not None:
            response.raw = io.BytesIO(body)
            response._content = False
            response._content_consumed = False
        return response


class ByStatus:
    """Listings of several statuses in whichever order the module lists them (a module may hold its statuses in a
    set): each request takes the next expectation of the listing of its ``status``; within one status, the order
    is checked as usual."""

    def __init__(self, **listings):
        self.listings = dict((status, list(expectations)) for status, expectations in listings.items())

    @property
    def pending(self):
        return any(self.listings.values())

    def next_for(self, request):
        status = query_of(request).get("status")
        assert self.listings.get(status), "unexpected listing of status %r: %s %s" % (status, request.method, request.url)
        return self.listings[status].pop(0)


def download(url, body, check=None):
    """A download link answering ``body`` (streamed, with its Content-Length)."""
    expectation = Expect("GET", url, headers={"Content-Length": str(len(body))}, check=check)
    expectation.body = body
    return expectation


class Run:
    """What one main() run did: its result (the exit JSON) and the transport with every request it saw."""

    def __init__(self, result, transport, clients):
        self.result = result
        self.transport = transport
        self.clients = clients

    @property
    def requests(self):
        """``(method, path)`` of every request sent, in order (path relative to BASE, or the absolute URL)."""
        calls = []
        for request in self.transport.seen:
            url = request.url.split("?", 1)[0]
            calls.append((request.method, url[len(BASE):] if url.startswith(BASE) else url))
        return calls

    @property
    def writes(self):
        """The requests that could change something (anything but GET)."""
        return [call for call in self.requests if call[0] != "GET"]


def run_module(monkeypatch, capsys, module, args, expectations=(), check_mode=False, diff=False, connection=True):
    """``module.main()`` with ``args`` against ``expectations``; returns a ``Run``.

    ``connection``: add ``api_url`` and ``access_token`` (every module but role_variables_check has them).
    """
    transport = Transport(BASE, expectations)
    clients = []
    real_client = _client.WebexClient

    def client_with_fake_transport(**kwargs):
        kwargs["concurrency"] = 1
        client = real_client(**kwargs)
        client.session.mount("https://", transport)
        client.session.mount("http://", transport)
        client.sleep = lambda _seconds: None
        clients.append(client)
        return client

    monkeypatch.setattr(_module, "WebexClient", client_with_fake_transport)
    full = dict(_ansible_check_mode=check_mode, _ansible_diff=diff)
    if connection:
        full.update(api_url=BASE, access_token=TOKEN)
    full.update(args)
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": full}).encode())
    if hasattr(basic, "_ANSIBLE_PROFILE"):
        monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    # AnsibleModule keeps warnings in a process-wide collection: each run starts with none.
    for name in ("_global_warnings", "_global_deprecations"):
        if hasattr(ansible_warnings, name):
            monkeypatch.setattr(ansible_warnings, name, type(getattr(ansible_warnings, name))())
    with pytest.raises(SystemExit):
        module.main()
    out = capsys.readouterr().out
    assert TOKEN not in out, "the token reached the module's output"
    result = json.loads(out)
    transport.assert_done()
    return Run(result, transport, clients)


def assert_refused(run, option, text=None, result_option=None):
    """The task failed on its input, its message naming ``option``, before any request was sent.

    ``result_option``: the result's ``option`` when it is not ``option`` itself (a rule named in the message).
    """
    assert run.result.get("failed") is True, run.result
    assert option in run.result["msg"], run.result["msg"]
    if text is not None:
        assert text in run.result["msg"], run.result["msg"]
    if "option" in run.result:
        assert run.result["option"] == (result_option or option), run.result["option"]
    assert run.transport.seen == [], "a request was sent before the input was checked: %s" % run.requests


def warnings(result):
    """The warning texts of a result (ansible-core 2.19 returns each as a structured summary)."""
    texts = []
    for warning in result.get("warnings") or []:
        texts.append(warning["event"]["msg"] if isinstance(warning, dict) else warning)
    return texts


def get_recording(recording):
    """``GET /convergedRecordings/{id}`` answering ``recording``."""
    return Expect("GET", "/convergedRecordings/%s" % recording["id"], json=recording)


def not_found(recording_id):
    return Expect("GET", "/convergedRecordings/%s" % recording_id, status=404, json={"message": "Not Found", "trackingId": "NF-" + recording_id})


def year(status=None, items=(), path=ADMIN_LIST, windows=WINDOWS, **filters):
    """The listing of the retention year for one status (13 windows, newest first), ``items`` in the newest window.

    ``windows``: fewer 30-day windows, for a listing that starts or ends inside the year.

    ``filters`` are the other query parameters every first page must carry (``ownerEmail``...).
    """
    expectations = []
    for window in range(windows):
        listed = list(items) if window == 0 else []
        expectations.append(Expect("GET", path, json={"items": listed}, check=_window_check(status, filters)))
    return expectations


def _window_check(status, filters):
    if status is not None:
        return first_page_check(status, filters)

    def check(request):
        query = query_of(request)
        assert set(query) == set(["max", "from", "to"] + sorted(filters)), query
        for key, value in filters.items():
            assert query[key] == value, (key, query)

    return check


def post(path, body, tracking_id="T-1", status=200):
    """A write call with this exact JSON body, answered with ``trackingId``."""
    return Expect("POST", path, body_json=body, status=status, headers={"trackingId": tracking_id})
