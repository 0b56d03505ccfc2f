"""Run a module's real main() as Ansible would, with the shared client talking to a FakeTransport.

The arguments go through ``basic._ANSIBLE_ARGS`` (argument spec, check mode and diff handled by AnsibleModule
itself), ``main()`` exits with SystemExit, and its stdout JSON is the result. Every client a module builds (through
``_module.client_from_module``, wherever it is imported) is the real ``WebexClient`` with the fake transport
mounted on its session: everything above the socket (retries, pagination, errors, the module's decisions) runs for
real. The client is built with ``concurrency=1`` so that the ordered expectations are deterministic, and its
retry sleeps return at once. A request that is not the next expected one fails the test, and so does an expected
request never sent. The token must never appear in the module's output.
"""

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

    def bodies(self, method="POST"):
        return [json.loads(request.body) for request in self.transport.seen if request.method == method and request.body]


def run_module(monkeypatch, capsys, module, args, expectations=(), check_mode=False, diff=False, connection=True):
    """``module.main()`` with ``args`` against ``expectations``; returns a ``Run``.

    ``connection``: add ``api_url`` and ``access_token`` (every module but role_variables_check has them).
    """
    transport = FakeTransport(BASE, expectations)
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


def assert_refused(run, option, text=None):
    """The task failed on its input, naming ``option``, before any request was sent."""
    assert run.result.get("failed") is True, run.result
    assert option in run.result["msg"], run.result["msg"]
    if text is not None:
        assert text in run.result["msg"], run.result["msg"]
    if "option" in run.result:
        assert run.result["option"] == option
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


def year(status=None, items=(), path=ADMIN_LIST, **filters):
    """The listing of the retention year for one status (13 windows, newest first), ``items`` in the newest window.

    ``filters`` are the other query parameters every first page must carry (``ownerEmail``...).
    """
    expectations = []
    for window in range(WINDOWS):
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
