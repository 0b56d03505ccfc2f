# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: service_app_token
author:
  - wxc.recordings contributors (@wxc-recordings)
short_description: Mint a Webex org's access token with a Service App
version_added: 1.0.0
description:
  - Mints the access token of a Webex Service App for one customer org, with
    C(POST /v1/applications/{applicationId}/token), for a partner, an MSP or an enterprise with several orgs.
  - The Converged Recordings API takes no org parameter, so each org needs its own token; a full admin of the org
    must have authorized the Service App in Control Hub (else the call answers 403).
  - The caller's token (O(token)) needs the scope C(spark:applications_token).
  - B(The result is a secret.) Use it only in a task with C(no_log) set to V(true) (a C(set_fact) is the usual
    place), never C(cacheable); the lookup itself keeps nothing, caches nothing and writes nothing. Each call mints
    a new token, so mint once per org and play, not in a variable that is templated on every task.
  - Errors name the org and lead with the cause (not authorized, refused secret, refused caller token, 5xx after
    the retries), and never hold a token or secret.
options:
  _terms:
    description:
      - The org ids to mint a token for, as base64 Webex ids (what C(GET /v1/organizations) and the
        P(wxc.recordings.webex_orgs#inventory) inventory's C(wxc_org_id) give) or as UUIDs.
    type: list
    elements: str
    required: true
  client_id:
    description:
      - The Service App's client id.
    type: str
    env:
      - name: WEBEX_SERVICE_APP_CLIENT_ID
  client_secret:
    description:
      - The Service App's client secret.
    type: str
    env:
      - name: WEBEX_SERVICE_APP_CLIENT_SECRET
  token:
    description:
      - The caller's access token, with the scope C(spark:applications_token) (an integration's, another Service
        App's, or the Service App owner's personal token).
    type: str
    env:
      - name: WEBEX_SERVICE_APP_TOKEN
  api_url:
    description:
      - Base URL of the Webex API, including C(/v1).
    type: str
    default: https://webexapis.com/v1
    env:
      - name: WEBEX_API_URL
  validate_certs:
    description:
      - Verify the server's TLS certificate.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM) to verify the server's certificate with.
    type: path
  timeout:
    description:
      - Seconds to wait for one answer.
    type: float
    default: 30
  retries:
    description:
      - How many times the call is repeated after a 429, 423, 5xx or connection error.
    type: int
    default: 5
  result:
    description:
      - V(access_token) returns the token (a string).
      - V(all) returns a dictionary with C(access_token), C(refresh_token), C(expires_in) and
        C(refresh_token_expires_in). The refresh token renews the org's token with the Service App's client id and
        secret (the C(*_client_id), C(*_client_secret) and C(*_refresh_token) variables of the roles).
    type: str
    choices: [access_token, all]
    default: access_token
  on_error:
    description:
      - V(fail) fails the task with the cause.
      - V(return) returns a dictionary C({error, status, kind}) instead of the token, so that a play can report
        why an org failed even though the task minting the token hides its output (C(no_log)). C(kind) is one of
        V(not_authorized), V(bad_credentials), V(caller_token), V(app_not_found), V(error).
    type: str
    choices: [fail, return]
    default: fail
notes:
  - Lifetimes are read from each answer (the spec's example says one hour for the access token, 90 days for the
    refresh token).
  - Never cached; never put the result in a fact cache, a report or a log.
seealso:
  - plugin: wxc.recordings.webex_orgs
    plugin_type: inventory
requirements:
  - requests
"""

EXAMPLES = r"""
- name: Mint this org's token (the inventory wxc.recordings.webex_orgs gives wxc_org_id)
  ansible.builtin.set_fact:
    org_token: "{{ lookup('wxc.recordings.service_app_token', wxc_org_id) }}"
  no_log: true

- name: Mint it with its refresh token, and keep the cause when it fails
  ansible.builtin.set_fact:
    org_mint: >-
      {{ lookup('wxc.recordings.service_app_token', wxc_org_id, result='all', on_error='return',
                client_id=sa_client_id, client_secret=sa_client_secret, token=partner_token) }}
  no_log: true

- name: Stop this org with the cause (no secret in it)
  ansible.builtin.fail:
    msg: "{{ org_mint.error }}"
  when: org_mint.error is defined
"""

RETURN = r"""
_raw:
  description:
    - One item per org id, in order. The access token (O(result=access_token)); or a dictionary with
      C(access_token), C(refresh_token), C(expires_in), C(refresh_token_expires_in) (O(result=all)); or, with
      O(on_error=return) and a failure, a dictionary with C(error), C(status) and C(kind).
  type: list
  elements: raw
"""

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexClient, WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._orgs import MintError, mint_token, uuid_of


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        client_id = self.get_option("client_id") or ""
        client_secret = self.get_option("client_secret") or ""
        token = self.get_option("token") or ""
        missing = [name for name, value in (("client_id", client_id), ("client_secret", client_secret), ("token", token)) if not value]
        if missing:
            raise AnsibleLookupError(
                "wxc.recordings.service_app_token: %s not set (options, or WEBEX_SERVICE_APP_CLIENT_ID, "
                "WEBEX_SERVICE_APP_CLIENT_SECRET, WEBEX_SERVICE_APP_TOKEN)" % ", ".join(missing)
            )
        org_ids = [str(term).strip() for term in terms]
        if not org_ids or not all(org_ids):
            raise AnsibleLookupError("wxc.recordings.service_app_token: give the org id(s) to mint a token for")
        try:
            client = WebexClient(
                access_token=token,
                api_url=self.get_option("api_url"),
                validate_certs=self.get_option("validate_certs"),
                ca_path=self.get_option("ca_path"),
                timeout=self.get_option("timeout"),
                retries=self.get_option("retries"),
                # Held only so that the client scrubs it from any error text.
                client_secret=client_secret,
                concurrency=1,
            )
        except ImportError as exc:
            raise AnsibleLookupError("wxc.recordings.service_app_token: %s" % exc) from None
        results = []
        for org_id in org_ids:
            try:
                minted = mint_token(client, client_id, client_secret, org_id)
            except MintError as exc:
                message = "%s (Service App token for org %s)" % (client.redact(exc.reason), uuid_of(exc.org))
                if self.get_option("on_error") == "return":
                    results.append({"error": message, "status": exc.status, "kind": exc.kind})
                    continue
                raise AnsibleLookupError(message) from None
            except WebexError as exc:  # pragma: no cover - mint_token turns these into MintError
                raise AnsibleError(client.redact(exc)) from None
            results.append(minted if self.get_option("result") == "all" else minted["access_token"])
        return results
