#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_report
short_description: Write a JSON, CSV and self-contained HTML report of Webex Calling recordings and a run's actions
version_added: 1.0.0
description:
  - Renders a report from an inventory of recordings (O(inventory_file) written by M(wxc.recordings.recording_info)'s
    C(results_file) or M(wxc.recordings.recording_retention_plan)'s C(inventory_file), or O(recordings)) and the
    registered results of the run's steps (O(steps)).
  - "The report holds: storage used against the quota (available recordings), before and after the run's actions;
    storage by owner, location and month; an age histogram; the oldest recordings; the recycle bin; and every action
    with its outcome (V(changed), V(would_change), V(unchanged), V(skipped), V(refused), V(held), V(failed), V(not_found)),
    the words of the modules' own C(recordings[].outcome). An archive step's finer outcomes count as their base one:
    C(downloaded) as V(changed), C(would_download) as V(would_change), C(verified) as V(unchanged), C(mismatch),
    C(incomplete), C(not_archived) and C(missing) as V(failed)."
  - Writes C(<name>.json), C(<name>.csv) and C(<name>.html) into O(dest). The HTML page has no external asset; it has
    inline CSS, and inline SVG charts of the storage by owner, location and month, the age of recordings, the quota
    (gauges) and the actions.
  - The CSV lists one row per recording and action; with no O(steps), one row per recording of the inventory.
  - Makes no API call. It has no connection options and is not in the C(wxc.recordings.recordings) action group.
  - With O(metadata_file), a calls report instead, from the export of M(wxc.recordings.recording_metadata_export);
    the calls grouped by any of its columns (O(group_by)), the number of calls, their total duration and size per
    group, a chart of O(metric) per group, and the longest calls. The files are the same three; the CSV has one row per
    group.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.attributes
attributes:
  check_mode:
    support: partial
    details:
      - The report files are written in check mode too, because a dry run's report is what the dry run is for (the
        roles write their C(-dry-run) reports this way). C(changed) then says whether a file was created or changed,
        as in a normal run. Use O(dry_run) to mark a report made from check-mode results.
  diff_mode:
    support: none
  idempotent:
    support: partial
    details:
      - C(changed=true) when a report file was created, or its content or mode changed. A file that already holds
        exactly the report, with O(mode), is left untouched.
      - A report carries the time it was generated, so a new run rewrites its files and reports C(changed=true).
options:
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
    default: Webex Calling recordings
  kind:
    description: What the report is about; shown under the title.
    type: str
    default: storage
    choices: [storage, offboarding, retention, archive, custom]
  inventory_file:
    description: A JSON lines file of recordings (one object per line, snake_case or API fields).
    type: path
  recordings:
    description: Recordings (snake_case or API fields), added to O(inventory_file)'s.
    type: list
    elements: dict
    default: []
  steps:
    description:
      - The run's steps, in order. Each is the registered result of a module (O(steps[].result)), or rows already
        in the report's vocabulary (O(steps[].recordings)).
      - Results of skipped tasks add nothing.
    type: list
    elements: dict
    default: []
    suboptions:
      action:
        description: The action the step performed (V(archive), V(verify), V(trash), V(purge), V(reassign), V(restore), ...).
        type: str
        required: true
      result:
        description: A registered module result; its C(recordings[]) (C(id), C(outcome), C(reason) or C(error), C(after)) and C(not_found).
        type: dict
      recordings:
        description: Rows with C(id), C(outcome) and optionally C(reason), C(rule), C(owner_email), C(new_owner_email).
        type: list
        elements: dict
      ids:
        description: Recordings that all had the same O(steps[].outcome), for the same O(steps[].reason).
        type: list
        elements: str
      outcome:
        description: The outcome of O(steps[].ids).
        type: str
        default: refused
        choices: [changed, would_change, unchanged, skipped, refused, held, failed, not_found]
      reason:
        description: Why, for O(steps[].ids).
        type: str
      results_file:
        description:
          - A module's results file (JSON lines, one row per recording, as O(steps[].recordings)), read row by row,
            so the rows never pass through Ansible variables. A file that does not exist adds nothing (the step did
            not run).
        type: path
  plan_file:
    description:
      - A checked retention plan (M(wxc.recordings.recording_retention_plan)'s C(checked_plan_file)), whose entries give
        each row its C(rule), and its held, already done and refused recordings are reported.
    type: path
  plan_entries:
    description: Entries of a retention plan; each row gets the C(rule) of its recording.
    type: list
    elements: dict
    default: []
  facts:
    description: Key facts of the run shown at the top (leaver, successor, plan file, ...).
    type: dict
    default: {}
  quota_gb:
    description: The organisation's quota in GB (10^9 bytes).
    type: float
    default: 100
  target_gb:
    description: A storage target to mark on the quota gauges.
    type: float
  dry_run:
    description: The steps ran in check mode; the report says so and its outcomes read "would_change".
    type: bool
    default: false
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
      - V(actions) one row per recording and action; V(all) also a row for each inventory recording without action;
        V(auto) is V(actions) with O(steps), else V(all).
    type: str
    default: auto
    choices: [auto, actions, all]
  location_names:
    description:
      - Names of the locations, by location id, shown in the report instead of the ids. The ids may be the plain
        UUIDs recordings carry or the base64 Webex ids of C(GET /v1/locations) (C(ciscospark://us/LOCATION/<uuid>)).
      - A location without a name here is shown by its id.
    type: dict
    default: {}
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
  metadata_file:
    description:
      - Export files of M(wxc.recordings.recording_metadata_export) (JSON lines, or CSV when the name ends in C(.csv));
        their rows are grouped together, read one at a time. Makes a calls report, see O(group_by).
      - Cannot be combined with O(inventory_file), O(recordings), O(steps), O(plan_file) or O(plan_entries).
    type: list
    elements: path
  group_by:
    description:
      - With O(metadata_file), the columns the calls are grouped by, together (V([location, day]) is calls per location
        per day).
      - Any column of the export, or V(owner) (C(owner_email)), V(location) (C(location_id), named by
        O(location_names)), V(session) (C(call_session_id)), V(day), V(month), V(hour) or V(weekday) (of the call's
        start, UTC). For example V(direction) for inbound against outbound.
      - One time column alone (V(day), V(month), V(hour), V(weekday)) is charted in time order, anything else largest
        first (O(top_count) bars).
    type: list
    elements: str
    default: [location]
  metric:
    description: With O(metadata_file), what orders the groups and sizes the bars - the number of calls, their total duration or their total size.
    type: str
    choices: [count, duration, size]
    default: count
  longest_count:
    description: With O(metadata_file), how many of the longest calls are listed.
    type: int
    default: 20
seealso:
  - module: wxc.recordings.recording_info
  - module: wxc.recordings.recording_retention_plan
  - module: wxc.recordings.recording_metadata_export
"""

EXAMPLES = r"""
- name: List the organisation to a file
  wxc.recordings.recording_info:
    status: [available, deleted]
    results_file: /srv/reports/inventory.jsonl

- name: Storage report
  wxc.recordings.recording_report:
    dest: /srv/reports
    name: storage-2026-11-24
    title: Webex Calling recordings storage
    inventory_file: /srv/reports/inventory.jsonl
  register: report

- name: Report of an offboarding run, from its steps' results
  wxc.recordings.recording_report:
    dest: /srv/reports
    name: offboarding-alice
    kind: offboarding
    recordings: "{{ inventory.recordings }}"
    steps:
      - action: archive
        result: "{{ archived }}"
      - action: trash
        result: "{{ trashed }}"
    facts:
      leaver: alice@example.com
    dry_run: "{{ ansible_check_mode }}"

- name: Calls per location per day, from every export of the month
  wxc.recordings.recording_report:
    dest: /srv/reports
    name: calls-2026-11
    metadata_file: "{{ query('ansible.builtin.fileglob', '/srv/export/calls-202611*.jsonl') }}"
    group_by: [location, day]
    metric: duration
"""

RETURN = r"""
files:
  description: The files written, by format.
  returned: always
  type: dict
  sample: {json: /srv/reports/storage.json, csv: /srv/reports/storage.csv, html: /srv/reports/storage.html}
summary:
  description:
    - The report's main numbers.
    - For a calls report (O(metadata_file)) instead C(calls), C(duration_seconds), C(size_bytes), C(groups),
      C(by_direction) and C(top_group) (the label of the first group).
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
      description: The same after the run's actions (projected in a dry run).
      type: float
    quota_bytes:
      description: The quota.
      type: int
    actions:
      description: Number of action rows (recordings on legal hold are not actions, see RV(summary.held)).
      type: int
    held:
      description: Recordings kept because of a legal hold.
      type: int
    by_action:
      description: Rows per action and outcome.
      type: dict
      sample: {trash: {changed: 12, skipped: 1}}
    by_outcome:
      description: Rows per outcome.
      type: dict
message:
  description: A short plain-text summary (what a notification sends), the lines of RV(message_lines) joined.
  returned: always
  type: str
message_lines:
  description:
    - The same summary, one line per item, for a C(ansible.builtin.debug) task (readable with the default callback
      and in AWX). Numbers carry units and thousands separators; a dry run says what would be done.
  returned: always
  type: list
  elements: str
  sample:
    - Offboarding of alice@example.com
    - "Leaver: alice@example.com"
    - "Storage: 1.20 GB of the 100.00 GB quota (1.2%) in 1,204 recordings available; recycle bin 3 recordings, 4.10 MB (not in the quota figure)"
    - "Trash: trashed 12 recordings, 85.30 MB"
    - "Report: /srv/reports/offboarding-alice.html"
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.wxc.recordings.plugins.module_utils._report_run import report_argument_spec, run_report


def main():
    module = AnsibleModule(argument_spec=report_argument_spec(), supports_check_mode=True)
    run_report(module)


if __name__ == "__main__":
    main()
