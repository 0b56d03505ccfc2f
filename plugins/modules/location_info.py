#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: location_info
short_description: Names of the organisation's Webex Calling locations, for the reports
version_added: 1.0.0
description:
  - Lists the locations (C(GET /v1/locations)) and returns their names by the plain location id recordings carry
    (C(serviceData.locationId)), for O(wxc.recordings.recording_report#module:location_names).
  - C(GET /v1/locations) answers base64 Webex ids (C(ciscospark://us/LOCATION/<uuid>)); the names are keyed by the
    UUID they decode to.
  - The token needs C(spark-admin:locations_read) or C(spark-admin:people_read). A token that may not read locations
    (HTTP 401 or 403) is not an error here - RV(status) is V(not permitted), RV(names) is empty and the reports show
    location ids. Any other API error gives RV(status=failed) and no names either (the names are a nicety of the
    reports, never a reason to fail a run); RV(message) says why.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Read-only; runs the same in check mode.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - Never changes anything.
options: {}
seealso:
  - module: wxc.recordings.recording_report
"""

EXAMPLES = r"""
- name: Look up the location names
  wxc.recordings.location_info:
  register: locations

- name: Storage report with location names
  wxc.recordings.recording_report:
    dest: /srv/reports
    name: storage
    inventory_file: /srv/reports/inventory.jsonl
    location_names: "{{ locations.names }}"
"""

RETURN = r"""
names:
  description: Location names by plain location id (empty when the token may not read locations).
  returned: always
  type: dict
  sample: {"5f2cbb63-9e0b-4bd9-a7e6-9b3b3c5a5f00": Headquarters}
count:
  description: Number of locations found.
  returned: always
  type: int
status:
  description: V(checked); V(not permitted) when the token may not read locations; V(failed) on another API error.
  returned: always
  type: str
message:
  description: Why the names could not be looked up (empty when they were).
  returned: always
  type: str
"""

from ansible_collections.wxc.recordings.plugins.module_utils._locations import look_up_locations
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module, client_from_module


def main():
    module = build_module({})
    client = client_from_module(module)
    found = look_up_locations(client)
    module.exit_json(changed=False, names=found["names"], count=len(found["names"]), status=found["status"], message=found["message"])


if __name__ == "__main__":
    main()
