#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_fleet_status
short_description: Record how one org's part of a fleet run ended, for the fleet report
version_added: 2.0.0
description:
  - Writes C(<org_dir>/fleet-status.json), the file M(wxc.recordings.recording_fleet_report) merges into the fleet
    report, or removes it (O(state=absent)) before an org's run starts, so that a rerun which fails early never
    leaves the last run's result for the report to find.
  - The playbook C(wxc.recordings.fleet) runs it for each org. It makes no request.
  - It runs on the controller (an action plugin, without a module process), where the fleet report reads the
    files; a fleet run works on every org from the controller (C(connection=local)).
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.attributes
attributes:
  check_mode:
    support: partial
    details:
      - The status file is the run's own record, written (and removed) in check mode too, as the reports are;
        C(changed) says whether it was.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - Writing the same status again, or removing a file that is not there, reports no change.
options:
  org_dir:
    description: The org's report folder. It is created (mode C(0700)) when missing.
    type: path
    required: true
  state:
    description: V(present) writes O(status); V(absent) removes the status file.
    type: str
    choices: [present, absent]
    default: present
  status:
    description:
      - The org's status document, required with O(state=present). It needs C(org) and C(status) (V(ok) or
        V(failed)); the fleet report also reads C(org_id), C(org_name), C(reason), C(failed_task), C(finished),
        C(storage) and C(retention) (the summaries M(wxc.recordings.recording_report) returns).
      - Written as JSON, mode C(0600).
    type: dict
seealso:
  - module: wxc.recordings.recording_fleet_report
"""

EXAMPLES = r"""
- name: Forget this org's last result before its run starts
  wxc.recordings.recording_fleet_status:
    org_dir: "{{ wxc_report_dir }}/{{ inventory_hostname }}"
    state: absent

- name: Record that the org is done
  wxc.recordings.recording_fleet_status:
    org_dir: "{{ wxc_report_dir }}/{{ inventory_hostname }}"
    status:
      org: "{{ inventory_hostname }}"
      org_id: "{{ wxc_org_id }}"
      status: ok
"""

RETURN = r"""
path:
  description: The status file.
  returned: always
  type: str
  sample: /srv/reports/acme/fleet-status.json
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.wxc.recordings.plugins.module_utils._fleet import FLEET_STATUS_ARGUMENT_SPEC, fleet_status_result


def main():
    module = AnsibleModule(argument_spec=FLEET_STATUS_ARGUMENT_SPEC, required_if=[("state", "present", ("status",))], supports_check_mode=True)
    result = fleet_status_result(module.params)
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
