#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_retention
short_description: Apply a retention policy to Webex Calling recordings in one task - plan, trash, purge, report
version_added: 2.0.0
description:
  - "The C(wxc.recordings.retention) role's run in one module process: it plans as
    M(wxc.recordings.recording_retention_plan) does (or re-checks an approved plan, O(apply_plan)), then trashes and
    purges as M(wxc.recordings.recording_retention_apply) does, then writes the report (JSON, CSV and HTML) as
    M(wxc.recordings.recording_report) does - the same steps, called in a row instead of handing each other through
    three module tasks."
  - "Every file of the run goes to O(report_dir), named after O(run_name): C(<run_name>-plan.json) (the plan, unless
    O(plan_file) or O(apply_plan) is set), C(<run_name>-plan-rows.jsonl), C(<run_name>-results.jsonl) (what was
    trashed, purged and kept), C(<run_name>-progress.json) while it runs, and the report C(<run_name>.json),
    C(<run_name>.csv), C(<run_name>.html). The report reads the listing in memory, so no inventory file is written
    unless the plan archives (then C(<run_name>-inventory.jsonl), for the second call's report)."
  - "When the plan archives recordings (an V(archive) rule, or C(archive_before_trash) with something to trash), the
    archive needs the compliance officer's token and M(wxc.recordings.recording_archive). The module then writes the
    checked plan (C(<run_name>-checked-plan.json), for that module's
    O(wxc.recordings.recording_archive#module:plan_file)), sends no write and returns RV(archive_pending). After the
    archive step (its O(wxc.recordings.recording_archive#module:results_file) is C(<run_name>-archive.jsonl)), call
    this module again with O(after_archive=true), the same O(report_dir) and O(run_name): it reads the checked plan,
    trashes and purges only what has a verified archive, and writes the report. The role does exactly this."
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.retention_policy
  - wxc.recordings.progress
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: partial
    details:
      - Sends no write call and reports what would be trashed and purged. The plan, the results file and the report
        are written in check mode too (they are what a dry run exists to produce); O(bin_ledger) is
        only read.
  diff_mode:
    support: none
  idempotent:
    support: partial
    details:
      - A second run of the same policy finds nothing left to do and reports C(changed=false), unless new recordings
        have come to match since. Its files are new on every run (RV(files)) and do not count as a change.
options:
  report_dir:
    description:
      - The folder of the run's files and its report; created (mode C(0700)) when missing, in check mode too.
    type: path
    required: true
  run_name:
    description:
      - The start of every file name of the run (a file name, no folder), for example C(retention-20261130T020000Z).
        The second call (O(after_archive)) must give the same name.
    type: str
    required: true
  progress_file:
    description:
      - While the task runs, keep this JSON file up to date with its progress, for people watching a long run (see
        the C(wxc.recordings.progress) callback). Default C(<report_dir>/<run_name>-progress.json), one of the run's
        files. Replaced atomically at most every 2 seconds; mode 0600; a file that cannot be written is skipped
        silently. It never counts towards C(changed).
    type: path
  archive_dest:
    description:
      - The archive folder of M(wxc.recordings.recording_archive) (O(wxc.recordings.recording_archive#module:dest)).
        A recording that needs an archive is trashed or purged only when its archive there matches the manifest
        (checked right before). Without it nothing that needs an archive is trashed or purged.
    type: path
  archive_error:
    description:
      - With O(after_archive), the archive step's message when it failed as a whole (it then writes no results file);
        reported as the cause.
    type: str
    default: ""
  after_archive:
    description:
      - The second call of a run whose plan archives recordings, after M(wxc.recordings.recording_archive). Lists
        nothing; reads the checked plan and the archive step's results of O(run_name) in O(report_dir), then trashes,
        purges and writes the report. The policy options are not read (the checked plan holds the policy).
    type: bool
    default: false
  fail_on_unarchived:
    description:
      - Say in RV(failures) that recordings to trash or purge were kept because their archive is not verified (never
        in check mode, which cannot verify an archive it has not downloaded).
    type: bool
    default: false
  fail_on_drift:
    description:
      - Say in RV(failures) that planned recordings were refused because they changed since the plan (apply mode).
        Recordings already in their planned state are never drift.
    type: bool
    default: false
seealso:
  - module: wxc.recordings.recording_retention_plan
  - module: wxc.recordings.recording_retention_apply
  - module: wxc.recordings.recording_archive
  - module: wxc.recordings.recording_report
  - name: The wxc.recordings.retention role
    description: Runs this module, and the archive step between its two calls when the plan archives.
    link: https://github.com/wxc-recordings/wxc.recordings/blob/main/roles/retention/README.md
"""

EXAMPLES = r"""
- name: Trash what is older than 90 days, and write the report (one task when nothing needs an archive)
  wxc.recordings.recording_retention:
    access_token: "{{ webex_admin_token }}"
    rules:
      - name: older-than-90-days
        action: trash
        match:
          older_than_days: 90
    archive_before_trash: false
    report_dir: /srv/retention
    run_name: "retention-{{ now(utc=true, fmt='%Y%m%dT%H%M%SZ') }}"
  register: run

- name: Show the summary
  ansible.builtin.debug:
    msg: "{{ run.report.message_lines }}"

- name: A policy that archives first
  wxc.recordings.recording_retention:
    access_token: "{{ webex_admin_token }}"
    rules:
      - name: older-than-300-days
        action: trash
        match:
          older_than_days: 300
    report_dir: /srv/retention
    run_name: retention-2026-11
  register: planned

- name: Archive what the plan archives, with a compliance officer token
  wxc.recordings.recording_archive:
    access_token: "{{ compliance_token }}"
    access_level: compliance_officer
    plan_file: "{{ planned.plan.checked_plan_file }}"
    dest: /srv/archive
    results_file: "{{ planned.files.archive }}"
    summary_only: true
  register: archived
  failed_when: false
  when: planned.archive_pending > 0

- name: Trash only what has a verified archive, and write the report
  wxc.recordings.recording_retention:
    access_token: "{{ webex_admin_token }}"
    report_dir: /srv/retention
    run_name: retention-2026-11
    after_archive: true
    archive_dest: /srv/archive
    archive_error: "{{ archived.msg | default('') }}"
  register: run
  when: planned.archive_pending > 0
"""

RETURN = r"""
run_name:
  description: The run's name, O(run_name), for the second call of a run whose plan archives.
  returned: always
  type: str
  sample: retention-20261130T020000Z
archive_pending:
  description:
    - How many recordings the plan archives before anything is written; when above 0 this call sent no write, and
      the run goes on with M(wxc.recordings.recording_archive) and a second call with O(after_archive). 0 otherwise.
  returned: always
  type: int
files:
  description:
    - The run's files by what they hold (C(plan), C(checked_plan), C(plan_rows), C(inventory), C(archive), C(results),
      C(progress)).
  returned: always
  type: dict
plan:
  description:
    - What the plan says, in counts, as M(wxc.recordings.recording_retention_plan) returns it with
      O(wxc.recordings.recording_retention_plan#module:summary_only=true) - C(mode), C(plan_file), C(checked_plan_file),
      C(by_action), C(by_rule), C(count), C(archive_count), C(held_count), C(unchanged_count), C(refused_count),
      C(refused_message), C(purge_disabled_count), C(listed), C(limited_to), C(storage), C(preview) and, with
      O(location_names), C(locations).
  returned: always
  type: dict
apply:
  description:
    - What the writes did, as M(wxc.recordings.recording_retention_apply) returns it - C(trash) and C(purge) per
      outcome, C(kept_count), C(kept_message), C(archive_error), C(failures) (one message per failed step, cause
      first), C(tracking_ids). Empty while RV(archive_pending).
  returned: always
  type: dict
report:
  description:
    - The report - C(files) (paths of the JSON, CSV and HTML files), C(summary), C(message) and C(message_lines) (the
      summary for people). Empty while RV(archive_pending).
  returned: always
  type: dict
failures:
  description:
    - Why the run should end failed, cause first, one message each - a step that failed, and with O(fail_on_unarchived)
      or O(fail_on_drift) the recordings kept or refused. Empty when the run went well. The module itself does not
      fail for them, so that the report is written and the summary can be sent first; the role fails after that.
  returned: always
  type: list
  elements: str
option:
  description: The option that is wrong, when the task fails on its input.
  returned: on a wrong option
  type: str
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._retention_job import job_argument_spec, run_retention


def main():
    run_retention(build_module(job_argument_spec()))


if __name__ == "__main__":
    main()
