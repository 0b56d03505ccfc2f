#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_storage_report
short_description: List the organisation's Webex Calling recordings and write the storage report, in one task
version_added: 2.0.0
description:
  - Lists every recording of the retention year (in the states of O(status)) and writes the storage report from that
    listing, as it streams - C(<name>.json), C(<name>.csv) (one row per recording) and C(<name>.html) in O(dest).
  - "The report holds: storage used against the quota (available recordings) with the target, storage by owner,
    location and month, an age histogram, the oldest recordings and the recycle bin."
  - It is M(wxc.recordings.recording_info) (with C(results_file) and C(location_names)) followed by
    M(wxc.recordings.recording_report) (with C(inventory_file)) in one module process, without reading the listing back;
    the report is the same. The role C(wxc.recordings.storage_report) runs it.
  - Any organisation size fits - each recording passes through once, and the report keeps only what its tables and
    CSV need.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.progress
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: partial
    details:
      - Read-only in Webex. The listing runs and the report files (and O(inventory_file)) are written in check mode too,
        because the report is what the task is for (as M(wxc.recordings.recording_report) does). C(changed) then says
        what it says in a normal run.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Changes nothing in Webex, but a report carries the time it was generated, so every run rewrites its files and
        reports C(changed=true). The role C(wxc.recordings.storage_report) marks the task C(changed_when=false).
options:
  access_level:
    description:
      - The role the token acts in. V(admin) lists the organisation's recordings (C(GET /admin/convergedRecordings),
        scope C(spark-admin:recordings_read)); V(compliance_officer) with the compliance scopes, and can also list
        V(purged) recordings; V(user) the caller's own recordings.
    type: str
    choices: [user, admin, compliance_officer]
    default: admin
  status:
    description:
      - Recordings in any of these states. V(available) are live (they count against the quota), V(deleted) are in the
        recycle bin, V(purged) have left it and are visible to a compliance officer only.
      - Each status is listed separately (the API takes one per listing).
      - When not set, V(available) only, as M(wxc.recordings.recording_info). The role lists V([available, deleted]).
    type: list
    elements: str
    choices: [available, deleted, purged]
  dest:
    description: Folder to write the report files in; created (mode C(0700), whatever the umask) if missing.
    type: path
    required: true
  name:
    description: Base name of the files, without extension.
    type: str
    required: true
  title:
    description: Title of the report.
    type: str
    default: Webex Calling recordings storage
  create_folders:
    description:
      - Create the missing folders of O(inventory_file) (mode C(0700)) before the listing, in check mode too. When
        V(false), a missing folder fails the task before any request. O(dest) is created in any case.
    type: bool
    default: false
  location_names:
    description:
      - Look up the location names (C(GET /v1/locations), while the listing runs) and show them in the report instead
        of the location ids. A token that may not read locations fails nothing - the report shows the ids and
        RV(locations.message) says why.
    type: bool
    default: true
  inventory_file:
    description:
      - Also keep the listing in this file, one recording a line (snake_case), as M(wxc.recordings.recording_info)'s
        C(results_file) writes it, for other tasks to re-use (for example O(wxc.recordings.recording_report#module:inventory_file)).
      - Written to C(<inventory_file>.part) and renamed when the listing is complete; mode C(0600).
    type: path
  quota_gb:
    description: The organisation's quota in GB (10^9 bytes).
    type: float
    default: 100
  target_gb:
    description: A storage target to mark on the quota gauge.
    type: float
  oldest_count:
    description: How many of the oldest recordings, and of the recycle bin, are listed.
    type: int
    default: 20
  top_count:
    description: How many owners and locations get their own bar in the charts.
    type: int
    default: 15
  table_limit:
    description: The HTML tables show at most this many rows (the CSV has all).
    type: int
    default: 1000
  csv_rows:
    description:
      - V(all) one CSV row per recording. A storage report has no actions, so V(actions) (and V(auto), which is V(all)
        here) are only there to match M(wxc.recordings.recording_report).
    type: str
    default: all
    choices: [auto, actions, all]
  formats:
    description: Which files to write.
    type: list
    elements: str
    default: [json, csv, html]
    choices: [json, csv, html]
  mode:
    description:
      - Permissions of the report files (they hold owners' emails and call topics), whatever the umask. An octal
        string such as V('0640') (quote it in YAML), or an integer (an unquoted C(0640) in YAML is read as octal).
    type: raw
    default: '0600'
seealso:
  - module: wxc.recordings.recording_info
  - module: wxc.recordings.recording_report
  - module: wxc.recordings.location_info
"""

EXAMPLES = r"""
- name: Storage report of the organisation, the recycle bin included
  wxc.recordings.recording_storage_report:
    access_token: "{{ webex_admin_token }}"
    status: [available, deleted]
    dest: /srv/reports
    name: storage-2026-11-24
    quota_gb: 100
    target_gb: 90
  register: storage

- name: Warn near the quota
  ansible.builtin.debug:
    msg: "{{ storage.message_lines }}"
  when: storage.summary.used_percent >= 80

- name: The same, keeping the listing for later tasks
  wxc.recordings.recording_storage_report:
    status: [available, deleted]
    dest: /srv/reports/storage
    name: weekly
    inventory_file: /srv/reports/storage/weekly-inventory.jsonl
    create_folders: true
"""

RETURN = r"""
files:
  description: The report files written, by format.
  returned: always
  type: dict
  sample: {json: /srv/reports/storage.json, csv: /srv/reports/storage.csv, html: /srv/reports/storage.html}
summary:
  description:
    - The report's main numbers (as M(wxc.recordings.recording_report) returns them), and the listing's totals (as
      M(wxc.recordings.recording_info) returns them, without its counts per owner and location, which the report has).
  returned: always
  type: dict
  contains:
    available_count:
      description: Available recordings.
      type: int
    available_bytes:
      description: Their size (the storage used against the quota).
      type: int
    deleted_count:
      description: Recordings in the recycle bin.
      type: int
    deleted_bytes:
      description: Their size.
      type: int
    used_percent:
      description: Storage used, percent of the quota.
      type: float
    used_percent_after:
      description: The same as RV(summary.used_percent) (a storage report has no actions).
      type: float
    quota_bytes:
      description: The quota.
      type: int
    actions:
      description: Always V(0) (no actions).
      type: int
    held:
      description: Always V(0).
      type: int
    by_action:
      description: Always empty.
      type: dict
    by_outcome:
      description: Always empty.
      type: dict
    count:
      description: Number of recordings listed.
      type: int
    total_size_bytes:
      description: Their total size.
      type: int
    total_duration_seconds:
      description: Their total duration.
      type: int
    by_status:
      description: Number of recordings per status.
      type: dict
      sample: {available: 290, deleted: 22}
    oldest_create_time:
      description: Creation time of the oldest recording (null when none was listed).
      type: str
      sample: "2025-11-30T05:12:17Z"
    newest_create_time:
      description: Creation time of the newest recording.
      type: str
count:
  description: How many recordings were listed.
  returned: always
  type: int
  sample: 1952
inventory_file:
  description: The file the listing was kept in (null without O(inventory_file)).
  returned: always
  type: str
  sample: /srv/reports/storage/weekly-inventory.jsonl
locations:
  description: The location names, as M(wxc.recordings.location_info) returns them.
  returned: when O(location_names=true)
  type: dict
  contains:
    names:
      description: Location names by plain location id (empty when the token may not read locations).
      type: dict
    status:
      description: V(checked); V(not permitted) when the token may not read locations; V(failed) on another API error.
      type: str
    message:
      description: Why the names could not be looked up (empty when they were).
      type: str
message:
  description: A short plain-text summary (what a notification sends), the lines of RV(message_lines) joined.
  returned: always
  type: str
message_lines:
  description: The same summary, one line per item, for a C(ansible.builtin.debug) task.
  returned: always
  type: list
  elements: str
  sample:
    - Webex Calling recordings storage
    - "Oldest create time: 2025-11-30T05:12:17Z"
    - "Recordings: 1,952"
    - "Statuses: available, deleted"
    - "Storage: 958.12 MB of the 100.00 GB quota (1.0%) in 1,776 recordings available; recycle bin 176 recordings, 133.60 MB (not in the quota figure)"
    - Nothing was done.
    - "Report: /srv/reports/storage.html"
option:
  description: The option that is wrong, when the task fails on its input (before any request).
  returned: on a wrong option
  type: str
  sample: quota_gb
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._storage_report_run import run_storage_report, storage_report_argument_spec


def main():
    run_storage_report(build_module(storage_report_argument_spec()))


if __name__ == "__main__":
    main()
