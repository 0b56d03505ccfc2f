"""The lookup wxc.recordings.service_app_token, loaded as Ansible loads it, against ordered HTTP expectations."""

import base64
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from plugin_harness import BASE_URL, run_plugin  # noqa: E402

NAME = "wxc.recordings.service_app_token"
CLIENT_ID = "sa-client"
SECRET = "sa-SECRET-canary"
CALLER = "caller-TOKEN-canary"
ORG_UUID = "0ae87ade-8c8a-4952-af08-3d3d1e5e1b7f"
ORG_ID = base64.b64encode(("ciscospark://us/ORGANIZATION/" + ORG_UUID).encode()).decode().rstrip("=")
APP_ID = base64.b64encode(("ciscospark://us/APPLICATION/" + CLIENT_ID).encode()).decode().rstrip("=")
TOKEN_PATH = "/applications/%s/token" % APP_ID
MINTED = {"access_token": "MINTED-access", "expires_in": 3600, "refresh_token": "MINTED-refresh", "refresh_token_expires_in": 7776000}
BODY = {"clientId": CLIENT_ID, "clientSecret": SECRET, "targetOrgId": ORG_ID}
OPTIONS = {"client_id": CLIENT_ID, "client_secret": SECRET, "token": CALLER, "api_url": BASE_URL}


def error_body(message):
    return {"message": message, "errors": [{"description": message}], "trackingId": "TRACK-1"}


def lookup(expect, terms=(ORG_ID,), env=None, **options):
    kwargs = dict(OPTIONS)
    kwargs.update(options)
    kwargs = dict((k, v) for k, v in kwargs.items() if v is not None)
    return run_plugin({"kind": "lookup", "name": NAME, "expect": expect, "terms": list(terms), "kwargs": kwargs, "env": env or {}})


def assert_no_secret(outcome):
    text = json.dumps({"result": outcome["result"] if outcome["error"] else None, "error": outcome["error"]}) + outcome["stderr"]
    for secret in (SECRET, CALLER):
        assert secret not in text


def test_mints_the_token_of_an_org_with_the_callers_token_and_the_apps_credentials():
    outcome = lookup([{"method": "POST", "url": TOKEN_PATH, "json": MINTED, "body_json": BODY}])
    assert outcome["error"] is None, outcome
    assert outcome["result"] == ["MINTED-access"]
    assert outcome["requests"][0]["authorization"] == "Bearer " + CALLER
    assert outcome["left"] == []


def test_a_uuid_org_id_is_sent_as_the_base64_webex_id():
    outcome = lookup([{"method": "POST", "url": TOKEN_PATH, "json": MINTED, "body_json": BODY}], terms=[ORG_UUID])
    assert outcome["result"] == ["MINTED-access"]


def test_result_all_gives_the_refresh_token_and_lifetimes():
    outcome = lookup([{"method": "POST", "url": TOKEN_PATH, "json": MINTED}], result="all")
    assert outcome["result"] == [MINTED]


def test_several_orgs_in_order():
    other = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlcg"
    expect = [
        {"method": "POST", "url": TOKEN_PATH, "json": MINTED, "body_json": BODY},
        {"method": "POST", "url": TOKEN_PATH, "json": dict(MINTED, access_token="second"), "body_json": dict(BODY, targetOrgId=other)},
    ]
    assert lookup(expect, terms=[ORG_ID, other])["result"] == ["MINTED-access", "second"]


@pytest.mark.parametrize(
    ("status", "cause"),
    [
        (403, "the Service App is not authorized for this org"),
        (400, "client id or secret was refused"),
        (401, "the caller's token (with spark:applications_token) was refused"),
        (404, "no such Service App"),
    ],
)
def test_a_refusal_fails_cause_first_naming_the_org_and_no_secret(status, cause):
    # The server echoes the secret back: the message must still not carry it.
    outcome = lookup([{"method": "POST", "url": TOKEN_PATH, "status": status, "json": error_body("refused " + SECRET)}])
    assert outcome["error"] is not None
    message = outcome["error"]["message"]
    assert cause in message
    assert message.index(cause) < message.index(ORG_UUID)
    assert "HTTP %d" % status in message and "TRACK-1" in message
    assert_no_secret(outcome)


def test_on_error_return_gives_the_cause_instead_of_failing():
    outcome = lookup([{"method": "POST", "url": TOKEN_PATH, "status": 403, "json": error_body("not authorized")}], on_error="return", result="all")
    assert outcome["error"] is None
    [item] = outcome["result"]
    assert set(item) == {"error", "status", "kind"}
    assert item["status"] == 403 and item["kind"] == "not_authorized"
    assert "not authorized for this org" in item["error"]


def test_a_5xx_storm_is_retried_then_reported():
    expect = [{"method": "POST", "url": TOKEN_PATH, "status": 503, "json": error_body("down")}] * 3
    outcome = lookup(expect, retries=2)
    assert outcome["left"] == []
    assert "HTTP 503" in outcome["error"]["message"]


@pytest.mark.parametrize("missing", ["client_id", "client_secret", "token"])
def test_missing_credentials_fail_before_any_request_naming_them(missing):
    outcome = lookup([], **{missing: None})
    assert outcome["requests"] == []
    assert missing in outcome["error"]["message"]


def test_credentials_come_from_the_environment():
    env = {"WEBEX_SERVICE_APP_CLIENT_ID": CLIENT_ID, "WEBEX_SERVICE_APP_CLIENT_SECRET": SECRET, "WEBEX_SERVICE_APP_TOKEN": CALLER}
    outcome = lookup([{"method": "POST", "url": TOKEN_PATH, "json": MINTED, "body_json": BODY}], env=env, client_id=None, client_secret=None, token=None)
    assert outcome["result"] == ["MINTED-access"]


def test_nothing_is_cached_each_call_mints():
    expect = [{"method": "POST", "url": TOKEN_PATH, "json": MINTED}, {"method": "POST", "url": TOKEN_PATH, "json": dict(MINTED, access_token="again")}]
    assert lookup(expect, terms=[ORG_ID, ORG_ID])["result"] == ["MINTED-access", "again"]
