# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection and authentication options of every module (plugins/module_utils/_module.py holds their spec).
    DOCUMENTATION = r"""
options:
  access_token:
    description:
      - "Webex access token (integration, service app or personal token) sent as C(Authorization: Bearer)."
      - Which scopes it needs depends on the module's C(access_level) and the operation; see the collection README.
      - If not set, the value of the E(WEBEX_ACCESS_TOKEN) environment variable is used.
      - Not needed when O(client_id), O(client_secret) and O(refresh_token) are all set; a token is then obtained.
    type: str
  api_url:
    description:
      - Base URL of the Webex API, including C(/v1).
      - If not set, the value of the E(WEBEX_API_URL) environment variable is used, else the default.
    type: str
    default: https://webexapis.com/v1
  validate_certs:
    description:
      - Verify the server's TLS certificate. Set to V(false) only against a test server.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM) to verify the server's certificate with, instead of the system's.
    type: path
  timeout:
    description:
      - Seconds to wait for the server to answer one request.
    type: float
    default: 30
  retries:
    description:
      - How many times one call is repeated after a 429 or 423 (after C(Retry-After)), a 500, 502, 503 or 504,
        or a connection error (after an exponential back-off with jitter). Other 4xx errors are never retried.
      - A call that may already have been applied is repeated only when repeating it cannot apply anything twice.
    type: int
    default: 5
  retry_max_wait:
    description:
      - The longest wait, in seconds, before one retry, whatever C(Retry-After) asks for.
    type: float
    default: 60
  client_id:
    description:
      - OAuth client id of the integration, to refresh an expired access token on a 401 (once per expiry).
      - If not set, the value of the E(WEBEX_CLIENT_ID) environment variable is used.
    type: str
  client_secret:
    description:
      - OAuth client secret of the integration, used with O(client_id) and O(refresh_token).
      - If not set, the value of the E(WEBEX_CLIENT_SECRET) environment variable is used.
    type: str
  refresh_token:
    description:
      - OAuth refresh token used with O(client_id) and O(client_secret).
      - If not set, the value of the E(WEBEX_REFRESH_TOKEN) environment variable is used.
    type: str
notes:
  - Proxies are taken from the usual E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables.
  - Tokens and secrets never appear in results, messages or logs.
requirements:
  - requests
"""
