"""_module's connection options: an empty environment value counts as unset (AWX injects WEBEX_API_URL="")."""

import json

import pytest
from ansible.module_utils import basic

from ansible_collections.wxc.recordings.plugins.module_utils import _module
from ansible_collections.wxc.recordings.plugins.module_utils._client import DEFAULT_API_URL, WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._module import error_hint

ENV_NAMES = ("WEBEX_ACCESS_TOKEN", "WEBEX_API_URL", "WEBEX_CLIENT_ID", "WEBEX_CLIENT_SECRET", "WEBEX_REFRESH_TOKEN")


def build(monkeypatch, capsys, args, env):
    """build_module() with these module args and exactly these WEBEX_* variables; (params, None) or (None, failure)."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # what ansible.module_utils.testing.patch_module_args (2.19+) does, in a form ansible-core 2.16 also reads
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode())
    if hasattr(basic, "_ANSIBLE_PROFILE"):
        monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
    try:
        module = _module.build_module({})
    except SystemExit:
        return None, json.loads(capsys.readouterr().out)
    return module.params, None


def test_every_option_read_from_the_environment_uses_the_fallback_that_ignores_empty_values():
    spec = _module.connection_argument_spec()
    with_env = {name: option["fallback"] for name, option in spec.items() if "fallback" in option}
    assert sorted(var for fallback in with_env.values() for var in fallback[1]) == sorted(ENV_NAMES)
    assert all(fallback[0] is _module.env_fallback for fallback in with_env.values()), with_env


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"WEBEX_API_URL": "http://127.0.0.1:9/v1"}, "http://127.0.0.1:9/v1"),
        ({"WEBEX_API_URL": ""}, None),
        ({"WEBEX_API_URL": "   "}, None),
        ({}, None),
    ],
)
def test_env_fallback_returns_a_non_blank_value_and_treats_empty_as_unset(monkeypatch, env, expected):
    monkeypatch.delenv("WEBEX_API_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if expected is None:
        with pytest.raises(_module.AnsibleFallbackNotFound):
            _module.env_fallback("WEBEX_API_URL")
    else:
        assert _module.env_fallback("WEBEX_API_URL") == expected


def test_the_first_non_empty_variable_wins(monkeypatch):
    monkeypatch.setenv("WXC_TEST_FIRST", "")
    monkeypatch.setenv("WXC_TEST_SECOND", "second")
    assert _module.env_fallback("WXC_TEST_FIRST", "WXC_TEST_SECOND") == "second"


def test_empty_api_url_in_the_environment_means_the_default_url(monkeypatch, capsys):
    # the AWX credential type with its API URL field left blank
    env = dict.fromkeys(ENV_NAMES, "")
    env["WEBEX_ACCESS_TOKEN"] = "awx-token"
    params, failure = build(monkeypatch, capsys, {}, env)
    assert failure is None
    assert params["api_url"] == DEFAULT_API_URL
    assert params["access_token"] == "awx-token"
    # empty refresh credentials are no refresh credentials: no "needs client_id, client_secret and refresh_token"
    assert (params["client_id"], params["client_secret"], params["refresh_token"]) == (None, None, None)


def test_empty_refresh_token_next_to_a_real_client_id_is_reported_as_missing(monkeypatch, capsys):
    env = {"WEBEX_ACCESS_TOKEN": "canary-access", "WEBEX_CLIENT_ID": "client-1", "WEBEX_CLIENT_SECRET": "canary-secret", "WEBEX_REFRESH_TOKEN": ""}
    params, failure = build(monkeypatch, capsys, {}, env)
    assert params is None
    assert failure["msg"] == "token refresh needs client_id, client_secret and refresh_token together; missing: refresh_token"
    assert "canary" not in json.dumps(failure)


def test_empty_access_token_is_unset_and_named_in_the_error(monkeypatch, capsys):
    params, failure = build(monkeypatch, capsys, {}, {"WEBEX_ACCESS_TOKEN": "", "WEBEX_API_URL": ""})
    assert params is None
    assert failure["msg"].startswith("access_token is required")


def test_a_task_parameter_still_wins_over_the_environment(monkeypatch, capsys):
    args = {"access_token": "from-task", "api_url": "http://127.0.0.1:9/v1"}
    params, failure = build(monkeypatch, capsys, args, {"WEBEX_ACCESS_TOKEN": "from-env", "WEBEX_API_URL": ""})
    assert failure is None
    assert (params["access_token"], params["api_url"]) == ("from-task", "http://127.0.0.1:9/v1")


@pytest.mark.parametrize(
    "status, path, access_level, hinted",
    [
        (403, "/admin/convergedRecordings", "admin", True),
        (403, "/admin/convergedRecordings", "compliance_officer", True),
        (403, "/admin/convergedRecordings", None, True),
        (403, "/convergedRecordings", "user", False),
        (401, "/admin/convergedRecordings", "admin", False),
        (404, "/admin/convergedRecordings", "admin", False),
    ],
)
def test_a_403_on_the_admin_listing_says_to_use_a_user_token_with_access_level_user(status, path, access_level, hinted):
    error = WebexError("Forbidden", status=status, method="GET", path=path, tracking_id="T1")
    hint = error_hint(error, access_level)
    assert (hint is not None) == hinted
    if hinted:
        assert "access_level: user" in hint and "spark-admin:recordings_read" in hint
