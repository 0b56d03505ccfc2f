#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_fleet_report
short_description: Merge the per-org results of a run over many Webex orgs into one fleet report
version_added: 1.0.0
description:
  - Reads C(<src>/<org>/fleet-status.json) of every org (what C(wxc.recordings.fleet) writes for each org it ran),
    from one folder or from the folders of several slices of a sliced AWX job, and writes one fleet report
    C(<name>.json), C(<name>.csv) and C(<name>.html) into O(dest).
  - "One row per org: storage used against the quota, recordings, the actions of the run by action and outcome,
    and, for a failed org, the reason (cause first: not authorized, refused token, 5xx after the retries)."
  - An org named in O(expected_orgs) without a status file counts as failed (its run never finished). An org found
    twice (overlapping slices, a rerun) keeps its latest result and is named in RV(duplicates).
  - With O(expected_orgs), results of other orgs found in O(src) (left there by an earlier run, or outside this
    run's C(--limit)) are left out and named in RV(ignored).
  - Does not fail because orgs failed; the playbook decides (RV(failed_orgs)). Makes no API call.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.attributes
attributes:
  check_mode:
    support: partial
    details:
      - The report is written in check mode too, like the other reports of the collection (a dry run's report is
        what the dry run is for).
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - The files are written on every run (C(changed=true)).
options:
  src:
    description: Folders holding one sub-folder per org (the C(report_dir) of each run or slice).
    type: list
    elements: path
    required: true
  dest:
    description: Folder to write the fleet report into; created (mode C(0700)) if missing.
    type: path
    required: true
  name:
    description: Base name of the files, without extension.
    type: str
    default: fleet
  expected_orgs:
    description: Inventory host names of the orgs the run was meant to cover; any without a result counts as failed.
    type: list
    elements: str
    default: []
  warn_percent:
    description: Orgs at or above this percentage of their quota are named in the message.
    type: float
    default: 80
  formats:
    description: Which files to write.
    type: list
    elements: str
    default: [json, csv, html]
    choices: [json, csv, html]
  mode:
    description:
      - Permissions of the report files, whatever the umask. An octal string such as V('0640') (quote it in YAML).
    type: raw
    default: '0600'
seealso:
  - module: wxc.recordings.recording_report
  - plugin: wxc.recordings.webex_orgs
    plugin_type: inventory
"""

EXAMPLES = r"""
- name: Merge the slices of a sliced job (AWX workflow node after the sliced job)
  wxc.recordings.recording_fleet_report:
    src:
      - /srv/reports/slice-1
      - /srv/reports/slice-2
    dest: /srv/reports
    expected_orgs: "{{ groups['webex_orgs'] }}"
  register: fleet

- name: End non-zero naming the failed orgs
  ansible.builtin.fail:
    msg: "{{ fleet.message }}"
  when: fleet.failed_orgs | length > 0
"""

RETURN = r"""
files:
  description: The files written, by format.
  returned: always
  type: dict
  sample: {json: /srv/reports/fleet.json, csv: /srv/reports/fleet.csv, html: /srv/reports/fleet.html}
summary:
  description: Totals over the orgs.
  returned: always
  type: dict
  sample: {orgs: 6, ok: 4, failed: 2, recordings: 1200, used_bytes: 421000000, quota_bytes: 400000000000,
           used_percent: 0.11, actions: 40, by_action: {trash: {done: 40}}, above_warn: []}
failed_orgs:
  description: The failed orgs, by name, with the reason.
  returned: always
  type: list
  elements: dict
  sample: [{org: globex_001, org_name: Globex 001, reason: "Service App token for org ...: not authorized"}]
duplicates:
  description: Orgs found more than once (the latest result is kept).
  returned: always
  type: list
  elements: str
ignored:
  description: Orgs whose results were found but are not in O(expected_orgs), left out of the report.
  returned: always
  type: list
  elements: str
message:
  description: Failed orgs with their reasons first (at most 20), then the totals.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import DEFAULT_MODE, parse_mode
from ansible_collections.wxc.recordings.plugins.module_utils._fleet import merge, message_text, read_statuses, write_fleet_report


def main():
    module = AnsibleModule(
        argument_spec=dict(
            src=dict(type="list", elements="path", required=True),
            dest=dict(type="path", required=True),
            name=dict(type="str", default="fleet"),
            expected_orgs=dict(type="list", elements="str", default=[]),
            warn_percent=dict(type="float", default=80),
            formats=dict(type="list", elements="str", default=["json", "csv", "html"], choices=["json", "csv", "html"]),
            mode=dict(type="raw", default="0600"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        mode = parse_mode(params["mode"], DEFAULT_MODE)
    except OptionError as error:
        module.fail_json(msg=error.message, option="mode")
    if not params["name"] or "/" in params["name"]:
        module.fail_json(msg="name: a file name without folders, not %r" % params["name"], option="name")
    report = merge(read_statuses(params["src"]), params["expected_orgs"], params["warn_percent"])
    try:
        files = write_fleet_report(report, params["dest"], params["name"], mode, formats=params["formats"])
    except (IOError, OSError) as error:
        module.fail_json(msg="cannot write the fleet report into %s: %s" % (params["dest"], error), option="dest")
    module.exit_json(
        changed=True,
        files=files,
        summary=report["totals"],
        failed_orgs=report["failed"],
        duplicates=report["duplicates"],
        ignored=report["ignored"],
        message=message_text(report),
    )


if __name__ == "__main__":
    main()
