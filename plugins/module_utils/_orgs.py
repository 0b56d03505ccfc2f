# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Several Webex orgs: their ids, inventory hosts, and Service App tokens.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure functions (ids, host names, filters, error texts: plain data in and out) and two calls through the one HTTP
client (``_client.WebexClient``: retries, redaction): ``list_organizations`` (``GET /organizations``, a partner
token) and ``mint_token`` (``POST /applications/{applicationId}/token``, docs: ORG-APIS.md 1). Nothing here imports
Ansible, and nothing here keeps a token.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import re
import uuid

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError

HOST_VARS = ("wxc_org_id", "wxc_org_uuid", "wxc_org_name", "wxc_api_url")
_SLUG = re.compile(r"[^a-z0-9]+")


def _bad_input(option, message):
    """Bad input (a static org list, a name pattern): ``option: message``."""
    return OptionError(option, "%s: %s" % (option, message))


class MintError(Exception):
    """The token of one org could not be minted. ``str()`` leads with the cause and never holds a secret."""

    def __init__(self, org, reason, status=None, kind="error"):
        super(MintError, self).__init__("%s (org %s)" % (reason, org))
        self.org = org
        self.reason = reason
        self.status = status
        self.kind = kind


def webex_id(kind, raw):
    """The public base64 id of a UUID (or a client id): base64("ciscospark://us/KIND/raw"), without padding."""
    return base64.b64encode(("ciscospark://us/%s/%s" % (kind, raw)).encode()).decode().rstrip("=")


def uuid_of(value):
    """The last segment of a base64 Webex id (wxc_sdk's webex_id_to_uuid); anything else is returned as it is."""
    text = str(value).strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        pass
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return text
    if decoded.startswith("ciscospark://"):
        return decoded.rsplit("/", 1)[-1]
    return text


def org_webex_id(value):
    """An org id as the token endpoint wants it (base64), from either form."""
    text = str(value).strip()
    return webex_id("ORGANIZATION", str(uuid.UUID(text))) if _is_uuid(text) else text


def _is_uuid(text):
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def application_id(client_id):
    """The Service App's application id: base64 of ``ciscospark://us/APPLICATION/<client id>``."""
    return webex_id("APPLICATION", client_id)


def slug(name):
    return _SLUG.sub("_", str(name).lower()).strip("_")


def static_orgs(entries):
    """Validate the inventory's static ``orgs`` list: each ``{id, name}`` (``api_url`` optional)."""
    if not isinstance(entries, list):
        raise _bad_input("orgs", "must be a list of {id, name}")
    out = []
    for index, entry in enumerate(entries):
        where = "orgs[%d]" % index
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, dict):
            raise _bad_input(where, "must be a mapping with id and name")
        unknown = sorted(set(entry) - set(("id", "name", "api_url")))
        if unknown:
            raise _bad_input(where, "unknown keys %s; use id, name, api_url" % ", ".join(unknown))
        org_id = entry.get("id")
        if not isinstance(org_id, str) or not org_id.strip():
            raise _bad_input(where + ".id", "required: the org's id (base64 Webex id or UUID)")
        name = entry.get("name") or uuid_of(org_id)
        out.append({"id": org_id.strip(), "name": str(name), "api_url": entry.get("api_url")})
    return out


def filter_orgs(orgs, name_pattern=None):
    """Orgs whose name matches the regular expression ``name_pattern`` (``re.search``, case-insensitive)."""
    if not name_pattern:
        return list(orgs)
    try:
        pattern = re.compile(name_pattern, re.IGNORECASE)
    except re.error as exc:
        raise _bad_input("name_pattern", "not a regular expression: %s" % exc) from None
    return [org for org in orgs if pattern.search(org["name"])]


def inventory_hosts(orgs, api_url):
    """``[(host name, host vars)]``: one host per org, named after the org (a slug), never holding a token.

    Two orgs with the same slug get the first 8 characters of their UUID appended, both of them: which one
    came first must not decide a host's name."""
    slugs = [slug(org["name"]) or uuid_of(org["id"])[:8] for org in orgs]
    counts = {}
    for name in slugs:
        counts[name] = counts.get(name, 0) + 1
    hosts = []
    seen_ids = set()
    for org, name in zip(orgs, slugs):
        raw = uuid_of(org["id"])
        if raw in seen_ids:
            raise _bad_input("orgs", "org %s is listed twice" % org["id"])
        seen_ids.add(raw)
        if counts[name] > 1:
            name = "%s_%s" % (name, slug(raw)[:8])
        hosts.append(
            (
                name,
                {
                    "wxc_org_id": org_webex_id(org["id"]),
                    "wxc_org_uuid": raw,
                    "wxc_org_name": org["name"],
                    "wxc_api_url": (org.get("api_url") or api_url).rstrip("/"),
                },
            )
        )
    return hosts


def list_organizations(client):
    """``GET /organizations`` (a partner admin's token): ``[{id, name}]`` in the API's order."""
    response = client.request("GET", "/organizations")
    items = response.json().get("items") or []
    return [{"id": item["id"], "name": item.get("displayName") or uuid_of(item["id"])} for item in items if item.get("id")]


# Why a token call failed, cause first (ORG-APIS.md 1: 400 bad input or credentials, 401, 403 not authorized, 404).
_MINT_REASONS = {
    400: ("bad_credentials", "the Service App's client id or secret was refused (expired or rotated secret?)"),
    401: ("caller_token", "the caller's token (with spark:applications_token) was refused: expired or revoked"),
    403: (
        "not_authorized",
        "the Service App is not authorized for this org (a full admin of the org authorizes it in Control Hub), "
        "or the caller's token lacks spark:applications_token",
    ),
    404: ("app_not_found", "no such Service App: check its client id"),
}


def explain_mint_error(org, error):
    """A MintError for ``org`` from the WebexError of the token call."""
    kind, reason = _MINT_REASONS.get(error.status, ("error", None))
    if reason is None:
        reason = str(error)
    else:
        reason = "%s (%s)" % (reason, str(error))
    return MintError(org, reason, status=error.status, kind=kind)


def mint_token(client, client_id, client_secret, org_id):
    """Mint the Service App's token for one org; returns the token response (access and refresh token, lifetimes).

    ``client`` carries the caller's token (scope spark:applications_token) and redacts ``client_secret`` too.
    """
    target = org_webex_id(org_id)
    try:
        response = client.request(
            "POST",
            "/applications/%s/token" % application_id(client_id),
            json={"clientId": client_id, "clientSecret": client_secret, "targetOrgId": target},
            # A token call only issues a token: repeating it after a lost answer is harmless.
            idempotent=True,
        )
    except WebexError as exc:
        raise explain_mint_error(org_id, exc) from None
    body = response.json()
    if not body.get("access_token"):
        raise MintError(org_id, "the token endpoint answered without an access_token")
    return {
        "access_token": body["access_token"],
        "refresh_token": body.get("refresh_token") or "",
        "expires_in": body.get("expires_in"),
        "refresh_token_expires_in": body.get("refresh_token_expires_in"),
    }
