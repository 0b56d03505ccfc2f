"""recording_webhook: the plan (a table of cases) and the module's real main() against ordered HTTP expectations.

Every main() case runs the module as Ansible would (argument spec, check mode, diff), with the shared client
talking to a FakeTransport: a request that is not the next expected one fails the test, and so does an expected
request never sent. The secret is checked where it must be sent and where it must never appear.
"""

import json

import pytest
from ansible.module_utils import basic

from ansible_collections.wxc.recordings.plugins.module_utils import _module
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._webhook import WebhookError, check_params, plan
from ansible_collections.wxc.recordings.plugins.modules import recording_webhook
from tests.unit.fake_transport import Expect, FakeTransport

BASE = "https://webexapis.example/v1"
SECRET = "whsec-SECRET-canary"
TOKEN = "tok-SECRET-canary"
TARGET = "https://eda.example.com:5000/webex"
NEW_TARGET = "https://eda2.example.com:5000/webex"


def hook(**fields):
    base = {
        "id": "hook-1",
        "name": "archive",
        "targetUrl": TARGET,
        "resource": "convergedRecordings",
        "event": "created",
        "ownedBy": "org",
        "status": "active",
        "created": "2026-01-01T00:00:00.000Z",
    }
    base.update(fields)
    return dict((k, v) for k, v in base.items() if v is not None)


def params(**overrides):
    base = dict(
        name="archive",
        webhook_id=None,
        target_url=TARGET,
        resource="convergedRecordings",
        event="created",
        filter=None,
        owned_by="org",
        secret=None,
        update_secret="on_create",
        state="present",
    )
    base.update(overrides)
    return base


# the plan -------------------------------------------------------------------------------------------------------

PLAN_CASES = [
    # (case, existing hooks, option overrides, action, calls as (method, path))
    ("create when none", [], {}, "create", [("POST", "/webhooks")]),
    ("another name is not ours", [hook(name="other")], {}, "create", [("POST", "/webhooks")]),
    ("no change", [hook()], {}, "none", []),
    ("no change with a secret on_create", [hook()], {"secret": SECRET}, "none", []),
    ("secret always", [hook()], {"secret": SECRET, "update_secret": "always"}, "update", [("PUT", "/webhooks/hook-1")]),
    ("targetUrl in place", [hook()], {"target_url": NEW_TARGET}, "update", [("PUT", "/webhooks/hook-1")]),
    ("rename by id", [hook()], {"webhook_id": "hook-1", "name": "renamed"}, "update", [("PUT", "/webhooks/hook-1")]),
    ("inactive is reactivated", [hook(status="inactive")], {}, "reactivate", [("PUT", "/webhooks/hook-1")]),
    ("inactive and moved", [hook(status="inactive")], {"target_url": NEW_TARGET}, "update", [("PUT", "/webhooks/hook-1")]),
    ("event differs", [hook(event="all")], {}, "replace", [("DELETE", "/webhooks/hook-1"), ("POST", "/webhooks")]),
    ("resource differs", [hook(resource="recordings")], {}, "replace", [("DELETE", "/webhooks/hook-1"), ("POST", "/webhooks")]),
    ("filter differs", [hook()], {"filter": "serviceType=calling"}, "replace", [("DELETE", "/webhooks/hook-1"), ("POST", "/webhooks")]),
    ("filter removed", [hook(filter="serviceType=calling")], {}, "replace", [("DELETE", "/webhooks/hook-1"), ("POST", "/webhooks")]),
    ("ownedBy differs", [hook(ownedBy=None)], {}, "replace", [("DELETE", "/webhooks/hook-1"), ("POST", "/webhooks")]),
    ("ownedBy absent means creator", [hook(ownedBy=None)], {"owned_by": "creator"}, "none", []),
    ("delete", [hook()], {"state": "absent"}, "delete", [("DELETE", "/webhooks/hook-1")]),
    ("delete every namesake", [hook(), hook(id="hook-2")], {"state": "absent"}, "delete", [("DELETE", "/webhooks/hook-1"), ("DELETE", "/webhooks/hook-2")]),
    ("delete when gone", [], {"state": "absent"}, "none", []),
]


@pytest.mark.parametrize("case, existing, overrides, action, calls", PLAN_CASES, ids=[c[0] for c in PLAN_CASES])
def test_plan(case, existing, overrides, action, calls):
    result = plan(existing, params(**overrides))
    assert result["action"] == action
    assert [(method, path) for method, path, _body in result["calls"]] == calls
    for _method, _path, body in result["calls"]:
        assert body is None or "secret" not in body, "the plan never holds the secret; apply() adds it"


def test_plan_refuses_an_ambiguous_name():
    with pytest.raises(WebhookError, match="2 webhooks are named 'archive' .*hook-1, hook-2"):
        plan([hook(), hook(id="hook-2")], params())


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"target_url": "eda.example.com"}, "target_url must be an http"),
        ({"filter": "ownerEmail=a@example.com", "owned_by": "creator"}, "owned_by=org"),
        ({"filter": "colour=blue"}, "filter key 'colour'"),
        ({"filter": "serviceType"}, "not key=value"),
        ({"name": " "}, "name must not be empty"),
        ({"secret": ""}, "secret must not be empty"),
    ],
)
def test_bad_input_is_refused_before_any_request(overrides, message):
    with pytest.raises(OptionError, match=message) as caught:
        check_params(params(**overrides))
    assert caught.value.option == next(iter(overrides))


# the module's main() ------------------------------------------------------------------------------------------------


def run_module(monkeypatch, capsys, args, expectations, check_mode=False, diff=False):
    """main() with these args against these expectations: (result dict, transport)."""
    transport = FakeTransport(BASE, expectations)

    def client_with_fake_transport(module, concurrency=8):
        client = _module.client_from_module(module, concurrency=concurrency)
        client.session.mount("https://", transport)
        client.sleep = lambda _seconds: None
        return client

    monkeypatch.setattr(recording_webhook, "client_from_module", client_with_fake_transport)
    full = dict(api_url=BASE, access_token=TOKEN, _ansible_check_mode=check_mode, _ansible_diff=diff)
    full.update(args)
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": full}).encode())
    if hasattr(basic, "_ANSIBLE_PROFILE"):
        monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
    for name in ("WEBEX_ACCESS_TOKEN", "WEBEX_CLIENT_ID", "WEBEX_CLIENT_SECRET", "WEBEX_REFRESH_TOKEN", "WEBEX_API_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit):
        recording_webhook.main()
    out = capsys.readouterr().out
    assert SECRET not in out and TOKEN not in out, "a secret reached the module's output"
    transport.assert_done()
    return json.loads(out), transport


def listing(items, owned_by_org=True):
    """The module's listing: its own hooks, then (for owned_by=org) the org-wide ones."""
    calls = [Expect("GET", "/webhooks", query={"max": "100"}, json={"items": items})]
    if owned_by_org:
        calls.append(Expect("GET", "/webhooks", query={"max": "100", "ownedBy": "org"}, json={"items": items}))
    return calls


ARGS = dict(name="archive", target_url=TARGET, owned_by="org", secret=SECRET)


def test_main_creates_with_the_secret_and_never_returns_it(monkeypatch, capsys):
    created = hook(secret=SECRET)  # the API's examples echo the secret: the module must drop it
    body = {"name": "archive", "targetUrl": TARGET, "resource": "convergedRecordings", "event": "created", "ownedBy": "org", "secret": SECRET}
    result, _t = run_module(monkeypatch, capsys, ARGS, listing([]) + [Expect("POST", "/webhooks", body_json=body, json=created)])
    assert result["changed"] is True and result["action"] == "create"
    assert result["webhook"]["id"] == "hook-1" and "secret" not in result["webhook"]


def test_main_no_change(monkeypatch, capsys):
    result, _t = run_module(monkeypatch, capsys, ARGS, listing([hook()]))
    assert result["changed"] is False and result["action"] == "none" and result["webhook"]["id"] == "hook-1"


def test_main_updates_target_url_in_place(monkeypatch, capsys):
    body = {"name": "archive", "targetUrl": NEW_TARGET}
    expectations = listing([hook()]) + [Expect("PUT", "/webhooks/hook-1", body_json=body, json=hook(targetUrl=NEW_TARGET))]
    result, _t = run_module(monkeypatch, capsys, dict(ARGS, target_url=NEW_TARGET), expectations, diff=True)
    assert (result["changed"], result["action"], result["webhook"]["targetUrl"]) == (True, "update", NEW_TARGET)
    assert result["diff"]["before"]["targetUrl"] == TARGET and result["diff"]["after"]["targetUrl"] == NEW_TARGET


def test_main_update_secret_always_sends_it(monkeypatch, capsys):
    body = {"name": "archive", "targetUrl": TARGET, "secret": SECRET}
    expectations = listing([hook()]) + [Expect("PUT", "/webhooks/hook-1", body_json=body, json=hook())]
    result, _t = run_module(monkeypatch, capsys, dict(ARGS, update_secret="always"), expectations)
    assert result["changed"] is True and result["action"] == "update"


def test_main_reactivates_an_inactive_hook(monkeypatch, capsys):
    body = {"name": "archive", "targetUrl": TARGET, "status": "active"}
    expectations = listing([hook(status="inactive")]) + [Expect("PUT", "/webhooks/hook-1", body_json=body, json=hook())]
    result, _t = run_module(monkeypatch, capsys, ARGS, expectations)
    assert (result["changed"], result["action"], result["webhook"]["status"]) == (True, "reactivate", "active")


def test_main_replaces_when_the_filter_differs(monkeypatch, capsys):
    body = {
        "name": "archive",
        "targetUrl": TARGET,
        "resource": "convergedRecordings",
        "event": "created",
        "filter": "serviceType=calling",
        "ownedBy": "org",
        "secret": SECRET,
    }
    expectations = listing([hook()]) + [
        Expect("DELETE", "/webhooks/hook-1", status=204),
        Expect("POST", "/webhooks", body_json=body, json=hook(id="hook-9", filter="serviceType=calling")),
    ]
    result, _t = run_module(monkeypatch, capsys, dict(ARGS, filter="serviceType=calling"), expectations)
    assert (result["action"], result["deleted_ids"], result["webhook"]["id"]) == ("replace", ["hook-1"], "hook-9")


def test_main_deletes(monkeypatch, capsys):
    expectations = listing([hook()], owned_by_org=False) + [Expect("DELETE", "/webhooks/hook-1", status=204)]
    result, _t = run_module(monkeypatch, capsys, dict(name="archive", state="absent"), expectations)
    assert (result["changed"], result["action"], result["deleted_ids"], result["webhook"]) == (True, "delete", ["hook-1"], None)


def test_main_delete_of_nothing_is_ok(monkeypatch, capsys):
    result, _t = run_module(monkeypatch, capsys, dict(name="archive", state="absent"), listing([], owned_by_org=False))
    assert (result["changed"], result["action"]) == (False, "none")


@pytest.mark.parametrize(
    "existing, args, action",
    [
        ([], ARGS, "create"),
        ([hook(status="inactive")], ARGS, "reactivate"),
        ([hook()], dict(ARGS, event="all"), "replace"),
        ([hook()], dict(name="archive", state="absent", owned_by="org"), "delete"),
    ],
)
def test_main_check_mode_lists_only(monkeypatch, capsys, existing, args, action):
    result, transport = run_module(monkeypatch, capsys, args, listing(existing), check_mode=True, diff=True)
    assert result["changed"] is True and result["action"] == action
    assert all(request.method == "GET" for request in transport.seen), "check mode changed something"
    if action in ("create", "replace"):
        assert result["diff"]["after"]["secret"] == "(set by this task)"


def test_main_refuses_bad_input_before_any_request(monkeypatch, capsys):
    result, transport = run_module(monkeypatch, capsys, dict(ARGS, filter="ownerEmail=a@example.com", owned_by="creator"), [])
    assert result["failed"] is True and "owned_by=org" in result["msg"] and transport.seen == []


def test_main_reports_webex_errors_with_the_tracking_id(monkeypatch, capsys):
    error = {"message": "Forbidden", "errors": [{"description": "org webhooks need an admin"}], "trackingId": "T-1"}
    expectations = [Expect("GET", "/webhooks", query={"max": "100"}, status=403, json=error)]
    result, _t = run_module(monkeypatch, capsys, ARGS, expectations)
    assert result["failed"] is True and result["error"]["tracking_id"] == "T-1" and result["error"]["status"] == 403
