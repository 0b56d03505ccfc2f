# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: webex_orgs
author:
  - wxc.recordings contributors (@wxc-recordings)
short_description: One inventory host per Webex org
version_added: 1.0.0
description:
  - Makes one host per Webex org, in the group O(group) (default C(webex_orgs)), so that a play, C(--limit), C(-f)
    and AWX/Automation Controller job slicing work over orgs as over machines.
  - The orgs come from a static list (O(orgs)), or from a partner admin's token (O(partner_token)) with
    C(GET /v1/organizations), optionally filtered by name (O(name_pattern)).
  - "Host variables: C(wxc_org_id) (the base64 Webex id, what the Service App token call wants), C(wxc_org_uuid)
    (the UUID recordings carry), C(wxc_org_name), C(wxc_api_url) and C(ansible_connection=local): every org is
    worked on from the controller. Plays over these hosts set C(ansible_python_interpreter) to
    C({{ ansible_playbook_python }}) (playbooks/fleet.yml does), so that modules run with the controller's Python."
  - The host name is the org's name in lower case with every other character than a letter or a digit turned into
    C(_) (C(Acme Corp) becomes C(acme_corp)); two orgs with the same such name both get the first 8 characters of
    their UUID appended.
  - Supports the inventory cache. The cache holds the org list (ids, names, API URLs) and never a token; the host
    variables never hold one either. Each org's token is minted at run time, with the lookup
    P(wxc.recordings.service_app_token#lookup).
  - The file name must end with C(webex_orgs.yml) or C(webex_orgs.yaml).
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [wxc.recordings.webex_orgs]
  orgs:
    description:
      - A static list of orgs, each a dictionary with C(id) (base64 Webex id or UUID), C(name) and optionally
        C(api_url); a plain string is an id.
      - When set, O(partner_token) is not used.
    type: list
    elements: raw
  partner_token:
    description:
      - A partner admin's token that can list the managed orgs (C(GET /v1/organizations)). Used only when O(orgs)
        is not set. Never cached.
      - Give it with the environment variable (an AWX credential type injects it), not in the file.
    type: str
    env:
      - name: WEBEX_PARTNER_TOKEN
  name_pattern:
    description:
      - Keep only the orgs whose name matches this regular expression (searched anywhere, case-insensitive).
    type: str
  api_url:
    description:
      - Base URL of the Webex API, including C(/v1); also the host variable C(wxc_api_url) of orgs without their own.
    type: str
    default: https://webexapis.com/v1
    env:
      - name: WEBEX_API_URL
  group:
    description:
      - The group every org host is in.
    type: str
    default: webex_orgs
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
      - How many times the listing is repeated after a 429, 423, 5xx or connection error.
    type: int
    default: 5
notes:
  - The static list needs no network access at all.
seealso:
  - plugin: wxc.recordings.service_app_token
    plugin_type: lookup
requirements:
  - requests (only with O(partner_token))
"""

EXAMPLES = r"""
# customers.webex_orgs.yml: the orgs a partner token can see whose name starts with "Acme"
plugin: wxc.recordings.webex_orgs
name_pattern: "^Acme"
keyed_groups:
  - key: wxc_org_name[0] | lower
    prefix: letter
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/wxc-webex-orgs
cache_timeout: 3600

# static.webex_orgs.yml (a file of its own): a fixed list, no token needed to build the inventory
#
# plugin: wxc.recordings.webex_orgs
# orgs:
#   - id: Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE
#     name: Acme Corp
#   - id: 0ae87ade-8c8a-4952-af08-3d3d1e5e1b7f
#     name: Globex
# compose:
#   report_group: "'big' if wxc_org_name in ['Acme Corp'] else 'small'"
# groups:
#   eu: wxc_org_name is search('GmbH|Ltd')
"""

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexClient, WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._orgs import (
    filter_orgs,
    inventory_hosts,
    list_organizations,
    static_orgs,
)

# What the cache may hold for one org: never a token.
_CACHED_KEYS = ("id", "name", "api_url")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "wxc.recordings.webex_orgs"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(("webex_orgs.yml", "webex_orgs.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache

        orgs = None
        if use_cache:
            try:
                orgs = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if orgs is None:
            orgs = self._fetch_orgs()
        if update_cache:
            self._cache[cache_key] = [dict((k, org.get(k)) for k in _CACHED_KEYS) for org in orgs]

        try:
            selected = filter_orgs(orgs, self.get_option("name_pattern"))
            hosts = inventory_hosts(selected, self.get_option("api_url"))
        except OptionError as exc:
            raise AnsibleParserError("%s: %s" % (path, exc)) from None
        self._populate(hosts)

    def _fetch_orgs(self):
        static = self.get_option("orgs")
        if static is not None:
            try:
                return static_orgs(static)
            except OptionError as exc:
                raise AnsibleParserError("wxc.recordings.webex_orgs: %s" % exc) from None
        token = self.get_option("partner_token")
        if not token:
            raise AnsibleParserError(
                "wxc.recordings.webex_orgs: give the orgs (a static list in `orgs`) or a partner admin's token "
                "(partner_token, or the environment variable WEBEX_PARTNER_TOKEN) to list them"
            )
        client = WebexClient(
            access_token=token,
            api_url=self.get_option("api_url"),
            validate_certs=self.get_option("validate_certs"),
            ca_path=self.get_option("ca_path"),
            timeout=self.get_option("timeout"),
            retries=self.get_option("retries"),
            concurrency=1,
        )
        try:
            return list_organizations(client)
        except WebexError as exc:
            hint = ""
            if exc.status in (401, 403):
                hint = " (the partner token must be a partner admin's, with spark-admin:organizations_read)"
            raise AnsibleParserError("wxc.recordings.webex_orgs: cannot list the orgs%s: %s" % (hint, client.redact(exc))) from None

    def _populate(self, hosts):
        group = self.inventory.add_group(self.get_option("group"))
        strict = self.get_option("strict")
        for name, host_vars in hosts:
            self.inventory.add_host(name, group=group)
            for key, value in host_vars.items():
                self.inventory.set_variable(name, key, value)
            self.inventory.set_variable(name, "ansible_connection", "local")
            all_vars = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option("compose"), all_vars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), all_vars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), all_vars, name, strict=strict)
