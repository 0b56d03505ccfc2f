#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_retention_apply
short_description: Trash and purge what a checked retention plan says, only with a verified archive where one is needed
version_added: 1.0.0
description:
  - Carries out the writes of a retention plan that M(wxc.recordings.recording_retention_plan) wrote to its
    O(wxc.recordings.recording_retention_plan#module:checked_plan_file), in this order, and writes one results file
    for the report.
  - "The gate: a recording that needs an archive (an archive-first trash, or with C(archive_before_trash) and
    purging on, a recycle-bin recording to purge) is trashed or purged only when its archive under O(archive_dest)
    matches the manifest now (size and sha256 of every file, checked here, right before). The others are kept and
    reported with the reason (the archive step's own, such as Prevent Downloading, when O(archive_results_file)
    has one)."
  - Trash (C(POST /convergedRecordings/softDelete), 100 ids a call, calls side by side), then purge
    (C(POST /convergedRecordings/purge)) of the recycle-bin recordings the plan purges, and those the trash step just
    moved there. Nothing is purged after a trash step that failed.
  - The plan's recordings were listed by the planning step moments before (or re-checked against Webex in apply
    mode), so they are not looked up again. A call that fails has its recordings read back, as in
    M(wxc.recordings.recording_trash).
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
      - Sends no write call and reports what would be trashed and purged. Archives cannot be verified before they
        are downloaded, so a dry run counts what the archive step would download (O(archive_results_file)) as
        verified. O(results_file) is written in check mode too (the dry-run report reads it).
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - A second run of the same checked plan finds nothing to do only when the plan was checked again
        (M(wxc.recordings.recording_retention_plan) in apply mode marks what is done as unchanged). Trashing what is
        already in the recycle bin is reported as unchanged.
options:
  plan_file:
    description:
      - The checked plan (O(wxc.recordings.recording_retention_plan#module:checked_plan_file)) or a plan file.
    type: path
    required: true
  archive_dest:
    description:
      - The archive folder of M(wxc.recordings.recording_archive) (O(wxc.recordings.recording_archive#module:dest)).
        Required in effect when the plan archives before trashing; without it nothing that needs an archive is
        trashed or purged.
    type: path
  archive_results_file:
    description:
      - The archive step's O(wxc.recordings.recording_archive#module:results_file), with the reasons recordings were not
        archived, and in check mode what would be.
    type: path
  archive_error:
    description:
      - The archive step's message when it failed as a whole (it then writes no results file); reported as the cause.
    type: str
  results_file:
    description:
      - Write one JSON object per recording and action here (C(id), C(action), C(outcome), C(reason), C(rule),
        C(owner_email)), that is what was trashed, purged, kept and skipped. Mode C(0600).
    type: path
    required: true
seealso:
  - module: wxc.recordings.recording_retention_plan
  - module: wxc.recordings.recording_archive
  - module: wxc.recordings.recording_trash
  - module: wxc.recordings.recording_purge
  - name: The wxc.recordings.retention role
    description: Runs this module between the others, handing them files.
    link: https://github.com/wxc-recordings/wxc.recordings/blob/main/roles/retention/README.md
"""

EXAMPLES = r"""
- name: Plan, handing the plan over as a file
  wxc.recordings.recording_retention_plan:
    rules:
      - name: older-than-300-days
        action: trash
        match:
          older_than_days: 300
    checked_plan_file: /srv/retention/run-checked-plan.json
    summary_only: true
  register: plan

- name: Archive what the plan archives, with a compliance officer token
  wxc.recordings.recording_archive:
    access_token: "{{ compliance_token }}"
    access_level: compliance_officer
    plan_file: /srv/retention/run-checked-plan.json
    dest: /srv/archive
    results_file: /srv/retention/run-archive.jsonl
    summary_only: true
  register: archive
  failed_when: false
  when: plan.archive_count > 0

- name: Trash and purge, only what has a verified archive
  wxc.recordings.recording_retention_apply:
    plan_file: /srv/retention/run-checked-plan.json
    archive_dest: /srv/archive
    archive_results_file: /srv/retention/run-archive.jsonl
    archive_error: "{{ archive.msg | default('') }}"
    results_file: /srv/retention/run-results.jsonl
  register: applied

- name: Fail after the report when something went wrong
  ansible.builtin.fail:
    msg: "{{ applied.failures | join('; ') }}"
  when: applied.failures | length > 0
"""

RETURN = r"""
results_file:
  description: The results file written.
  returned: always
  type: str
trash:
  description: Recordings of the trash step per outcome (V(changed), V(would_change), V(unchanged), V(failed)).
  returned: always
  type: dict
  sample: {changed: 67800}
purge:
  description: Recordings of the purge step per outcome.
  returned: always
  type: dict
purge_after_trash_count:
  description: Check mode. Recordings that would be purged right after the trash step moves them.
  returned: always
  type: int
purge_skipped_count:
  description: Recordings not purged because the trash step failed.
  returned: always
  type: int
unchanged_count:
  description: Recordings already in the target state.
  returned: always
  type: int
kept_count:
  description: Recordings not trashed or purged because their archive is not verified.
  returned: always
  type: int
kept_reasons:
  description: RV(kept_count) per reason.
  returned: always
  type: dict
kept_message:
  description: The kept recordings for a person, cause first, with the count and at most 20 ids (empty when none).
  returned: always
  type: str
archive_error:
  description: Why the archive step failed as a whole (empty when it did not).
  returned: always
  type: str
failures:
  description: One message per step that failed (archive as a whole, trash, purge), cause first; empty on success.
  returned: always
  type: list
  elements: str
tracking_ids:
  description: Webex tracking ids of the write calls sent.
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
from ansible_collections.wxc.recordings.plugins.module_utils._retention_apply_step import run_apply


def argument_spec():
    return dict(
        plan_file=dict(type="path", required=True),
        archive_dest=dict(type="path"),
        archive_results_file=dict(type="path"),
        archive_error=dict(type="str"),
        results_file=dict(type="path", required=True),
        progress_file=dict(type="path"),
    )


def main():
    run_apply(build_module(argument_spec()))


if __name__ == "__main__":
    main()
