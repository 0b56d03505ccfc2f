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
version_added: 0.1.0
description:
  - Renders a report from an inventory of recordings (O(inventory_file) written by M(wxc.recordings.recording_info)'s
    C(results_file) or M(wxc.recordings.recording_retention_plan)'s C(inventory_file), or O(recordings)) and the
    registered results of the run's steps (O(steps)).
  - "The report holds: storage used against the quota (available recordings), before and after the run's actions;
    storage by owner, location and month; an age histogram; the oldest recordings; the recycle bin; and every action
    with its outcome (V(done), V(would), V(unchanged), V(skipped), V(refused), V(held), V(failed), V(not_found))."
  - Writes C(<name>.json), C(<name>.csv) and C(<name>.html) into O(dest). The HTML page has no external asset; it has
    inline CSS, and inline SVG charts of the storage by owner, location and month, the age of recordings, the quota
    (gauges) and the actions.
  - The CSV lists one row per recording and action; with no O(steps), one row per recording of the inventory.
  - Makes no API call. It has no connection options and is not in the C(wxc.recordings.recordings) action group.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.attributes
attributes:
  check_mode:
    support: full
    details:
      - The files are the module's output and are written in check mode too (like C(results_file) of
        M(wxc.recordings.recording_info)). Use O(dry_run) to mark a report made from check-mode results.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - Changes nothing but its own output files and always reports C(changed=false).
options:
  dest:
    description: Folder to write the report files in; created (mode C(0700)) if missing.
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
        choices: [done, would, unchanged, skipped, refused, held, failed, not_found]
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
    description: The steps ran in check mode; the report says so and its outcomes read "would".
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
  formats:
    description: Which files to write.
    type: list
    elements: str
    default: [json, csv, html]
    choices: [json, csv, html]
  mode:
    description: Permissions of the report files (they hold owners' emails and call topics).
    type: raw
    default: '0600'
seealso:
  - module: wxc.recordings.recording_info
  - module: wxc.recordings.recording_retention_plan
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
"""

RETURN = r"""
files:
  description: The files written, by format.
  returned: always
  type: dict
  sample: {json: /srv/reports/storage.json, csv: /srv/reports/storage.csv, html: /srv/reports/storage.html}
summary:
  description: The report's main numbers.
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
      description: Number of action rows.
      type: int
    by_action:
      description: Rows per action and outcome.
      type: dict
      sample: {trash: {done: 12, skipped: 1}}
    by_outcome:
      description: Rows per outcome.
      type: dict
message:
  description: A short plain-text summary (what a notification sends).
  returned: always
  type: str
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.wxc.recordings.plugins.module_utils._reporting import (
    build_report,
    message_text,
    read_inventory,
    steps_from_checked_plan,
    summary_of,
    write_report,
)


def parse_mode(value, default):
    if value is None:
        return default
    try:
        return int(str(value), 8)
    except ValueError:
        return None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            dest=dict(type="path", required=True),
            name=dict(type="str", required=True),
            title=dict(type="str", default="Webex Calling recordings"),
            kind=dict(type="str", default="storage", choices=["storage", "offboarding", "retention", "archive", "custom"]),
            inventory_file=dict(type="path"),
            recordings=dict(type="list", elements="dict", default=[]),
            steps=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(
                    action=dict(type="str", required=True),
                    result=dict(type="dict"),
                    recordings=dict(type="list", elements="dict"),
                    ids=dict(type="list", elements="str"),
                    outcome=dict(type="str", default="refused", choices=["done", "would", "unchanged", "skipped", "refused", "held", "failed", "not_found"]),
                    reason=dict(type="str"),
                    results_file=dict(type="path"),
                ),
            ),
            plan_file=dict(type="path"),
            plan_entries=dict(type="list", elements="dict", default=[]),
            facts=dict(type="dict", default={}),
            quota_gb=dict(type="float", default=100),
            target_gb=dict(type="float"),
            dry_run=dict(type="bool", default=False),
            oldest_count=dict(type="int", default=20),
            top_count=dict(type="int", default=15),
            table_limit=dict(type="int", default=1000),
            csv_rows=dict(type="str", default="auto", choices=["auto", "actions", "all"]),
            formats=dict(type="list", elements="str", default=["json", "csv", "html"], choices=["json", "csv", "html"]),
            mode=dict(type="raw", default="0600"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = params["name"]
    if not name or "/" in name or name in (".", ".."):
        module.fail_json(msg="name must be a file name without folders, got %r" % name)
    mode = parse_mode(params["mode"], 0o600)
    if mode is None:
        module.fail_json(msg="mode must be an octal number such as '0600', got %r" % params["mode"])
    if params["quota_gb"] <= 0:
        module.fail_json(msg="quota_gb must be greater than 0")
    for option in ("oldest_count", "top_count", "table_limit"):
        if params[option] < 1:
            module.fail_json(msg="%s must be 1 or more" % option)
    inventory_file = params.get("inventory_file")
    if inventory_file and not os.path.isfile(inventory_file):
        module.fail_json(msg="inventory_file %s does not exist" % inventory_file)

    def inventory():
        yield from params["recordings"]
        if inventory_file:
            yield from read_inventory(inventory_file)

    plan_entries = params["plan_entries"]
    steps = []
    if params.get("plan_file"):
        try:
            with open(params["plan_file"]) as handle:
                document = json.load(handle)
        except (IOError, OSError, ValueError) as error:
            module.fail_json(msg="plan_file: cannot read %s: %s" % (params["plan_file"], error), option="plan_file")
        plan_entries = list(plan_entries) + list(document.get("entries") or []) + list(document.get("refused") or []) + list(document.get("unchanged") or [])
        steps.extend(steps_from_checked_plan(document))
    for step in params["steps"]:
        result = step.get("result") or {}
        if result.get("skipped") and not result.get("recordings"):
            continue
        if step.get("results_file") and not os.path.exists(step["results_file"]):
            continue
        steps.append(
            {
                "action": step["action"],
                "result": result if step.get("result") is not None else None,
                "recordings": step.get("recordings"),
                "ids": step.get("ids"),
                "outcome": step.get("outcome"),
                "reason": step.get("reason"),
                "results_file": step.get("results_file"),
            }
        )
    try:
        report = build_report(
            inventory(),
            steps=steps,
            plan_entries=plan_entries,
            facts=params["facts"],
            title=params["title"],
            kind=params["kind"],
            quota_gb=params["quota_gb"],
            target_gb=params.get("target_gb"),
            dry_run=params["dry_run"],
            oldest_count=params["oldest_count"],
            top_count=params["top_count"],
            csv_rows=params["csv_rows"],
        )
    except ValueError as error:
        module.fail_json(msg="inventory_file %s: not JSON lines: %s" % (inventory_file, error))
    try:
        if not os.path.isdir(params["dest"]):
            os.makedirs(params["dest"], 0o700)
        files = write_report(report, params["dest"], name, formats=params["formats"], mode=mode, table_limit=params["table_limit"])
    except (IOError, OSError) as error:
        module.fail_json(msg="cannot write the report into %s: %s" % (params["dest"], error))
    module.exit_json(changed=False, files=files, summary=summary_of(report), message=message_text(report, files))


if __name__ == "__main__":
    main()
