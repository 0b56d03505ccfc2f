# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Ansible glue shared by every module: the connection argument spec, building the client, reporting errors.

Internal use only: this module is not part of the collection's public API and may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.wxc.recordings.plugins.module_utils._client import (
    DEFAULT_API_URL,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    WebexClient,
    WebexError,
)

ACCESS_LEVELS = ("user", "admin", "compliance_officer")


def env_fallback(*names):
    """The first of the environment variables ``names`` that is set to a non-blank value.

    Unlike ``ansible.module_utils.basic.env_fallback``, an empty (or blank) value counts as unset: AWX credential
    types and ``awx.awx.credential`` inject ``WEBEX_API_URL=""`` for a field left empty, which must mean "use the
    default", not "use the empty string".
    """
    for name in names:
        value = os.environ.get(name)
        if value is not None and value.strip():
            return value
    raise AnsibleFallbackNotFound


def connection_argument_spec():
    """Options of the ``wxc.recordings.connection`` doc fragment, in one place."""
    return dict(
        access_token=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_ACCESS_TOKEN"])),
        api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["WEBEX_API_URL"])),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        timeout=dict(type="float", default=30),
        retries=dict(type="int", default=5),
        retry_max_wait=dict(type="float", default=60),
        client_id=dict(type="str", fallback=(env_fallback, ["WEBEX_CLIENT_ID"])),
        client_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_CLIENT_SECRET"])),
        refresh_token=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_REFRESH_TOKEN"])),
    )


def access_level_argument_spec():
    return dict(access_level=dict(type="str", default="admin", choices=list(ACCESS_LEVELS)))


def build_module(argument_spec, **kwargs):
    """An AnsibleModule with the connection options merged in; every module supports check mode."""
    spec = connection_argument_spec()
    spec.update(argument_spec)
    kwargs.setdefault("supports_check_mode", True)
    module = AnsibleModule(argument_spec=spec, **kwargs)
    validate_connection_params(module)
    return module


def validate_connection_params(module):
    """Checks the argument spec cannot express, before any request is sent."""
    params = module.params
    refresh = [name for name in ("client_id", "client_secret", "refresh_token") if params.get(name)]
    if refresh and len(refresh) != 3:
        missing = sorted(set(("client_id", "client_secret", "refresh_token")) - set(refresh))
        module.fail_json(msg="token refresh needs client_id, client_secret and refresh_token together; missing: %s" % ", ".join(missing))
    if not params.get("access_token") and not refresh:
        module.fail_json(msg="access_token is required (or set WEBEX_ACCESS_TOKEN, or give client_id, client_secret and refresh_token)")
    api_url = params.get("api_url") or ""
    if not api_url.startswith(("https://", "http://")):
        module.fail_json(msg="api_url must be an http(s) URL, got %r" % api_url)
    ca_path = params.get("ca_path")
    if ca_path and not os.path.exists(ca_path):
        module.fail_json(msg="ca_path: the CA certificate bundle %s does not exist" % ca_path)
    for name in ("timeout", "retry_max_wait"):
        if params.get(name) is not None and params[name] <= 0:
            module.fail_json(msg="%s must be greater than 0" % name)
    if params.get("retries") is not None and params["retries"] < 0:
        module.fail_json(msg="retries must be 0 or more")


def client_from_module(module, concurrency=8):
    """The shared client, configured from the connection options."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    params = module.params
    return WebexClient(
        access_token=params.get("access_token"),
        api_url=params.get("api_url"),
        validate_certs=params.get("validate_certs"),
        ca_path=params.get("ca_path"),
        timeout=params.get("timeout"),
        retries=params.get("retries"),
        retry_max_wait=params.get("retry_max_wait"),
        client_id=params.get("client_id"),
        client_secret=params.get("client_secret"),
        refresh_token=params.get("refresh_token"),
        concurrency=concurrency,
    )


def error_hint(error, access_level=None):
    """What a person should do about ``error``, when we can tell (cause first), else None."""
    if not isinstance(error, WebexError) or error.status != 403:
        return None
    if (error.path or "").startswith("/admin/") and access_level in (None, "admin", "compliance_officer"):
        # The admin list endpoint refuses a token that holds only user scopes (spark:recordings_read): the most
        # common 403 of a new admin, who tried a personal token first.
        return (
            "The token may not read the organisation's recordings (it needs spark-admin:recordings_read, or "
            "spark-compliance:recordings_read for a compliance officer). A user's own token works with access_level: user, "
            "for that user's recordings."
        )
    return None


def fail_from_error(module, client, error, **result):
    """Fail the task with Webex's message and trackingId; keep what was already done in the result."""
    text = client.redact(str(error)) if client is not None else str(error)
    hint = error_hint(error, module.params.get("access_level"))
    if hint:
        text = "%s %s" % (hint, text)
    details = error.to_dict() if isinstance(error, WebexError) else None
    module.fail_json(msg=text, error=details, **result)
