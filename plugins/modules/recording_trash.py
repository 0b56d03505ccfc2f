#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_trash
short_description: Move Webex Calling recordings into the recycle bin
version_added: 1.0.0
description:
  - Moves the selected recordings from V(available) to V(deleted), the recycle bin
    (C(POST /convergedRecordings/softDelete)). They can be restored with M(wxc.recordings.recording_restore) until
    they are purged.
  - Selects V(available) recordings unless O(status) says otherwise. Recordings already in the recycle bin or purged
    are reported as unchanged and not sent.
  - Ids are sent in batches of at most 100. When the selection is everything one owner has (only O(owner_email),
    no other selection option), one C(trashAll) call is sent for that owner instead; with O(access_level=user) and no
    selection option at all, one C(trashAll) call for the caller's own recordings.
  - The task first plans (which recordings, which calls), then sends exactly the planned calls. Check mode returns
    the plan. If a call fails, its recordings are read back; those in the recycle bin by then count as trashed,
    the others as failed, and the task fails listing them.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.selection
  - wxc.recordings.results
  - wxc.recordings.progress
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Returns the same RV(recordings) and RV(count) as a real run would, with RV(recordings[].outcome=would_change),
        and the RV(planned_calls); sends no write call. With O(summary_only), the same counts; O(results_file) is
        written in check mode too.
  diff_mode:
    support: full
    details:
      - Before and after status of each recording that is (or would be) trashed, keyed by recording id. With
        O(summary_only), the number of those recordings per status before and after.
  idempotent:
    support: full
    details:
      - Recordings already in the recycle bin are not selected again, so a second run reports C(changed=false).
options:
  access_level:
    description:
      - V(admin) trashes any recording of the organisation (scope C(spark-admin:recordings_write)); V(user) only
        the caller's own (scope C(spark:recordings_write)).
      - Compliance officers are not listed for the recycle-bin calls, so V(compliance_officer) is not accepted.
    choices: [user, admin]
notes:
  - An owner-wide C(trashAll) call acts on everything that owner has when it lands, including recordings created
    after the task listed them; the result lists the recordings the task saw.
  - A token with the admin write scope is always treated as an administrator by Webex, whatever O(access_level) says.
seealso:
  - module: wxc.recordings.recording_restore
  - module: wxc.recordings.recording_purge
  - module: wxc.recordings.recording_info
"""

EXAMPLES = r"""
- name: Trash recordings older than 90 days at one location, but never those on legal hold
  wxc.recordings.recording_trash:
    access_token: "{{ webex_admin_token }}"
    location_id: 02a43ee9-17ae-4e0c-9e79-720e3a6503fd
    older_than_days: 90
    exclude_recording_ids: "{{ legal_hold_recording_ids }}"
  register: trashed

- name: Show what was trashed and the trackingIds for Webex support
  ansible.builtin.debug:
    msg: "{{ trashed.count }} recordings trashed, trackingIds {{ trashed.tracking_ids }}"

- name: Preview trashing everything a departed employee left (check mode sends nothing)
  wxc.recordings.recording_trash:
    owner_email: alice@example.com
  check_mode: true
  diff: true
  register: preview

- name: Trash everything a departed employee left (one trashAll call)
  wxc.recordings.recording_trash:
    owner_email: alice@example.com
  when: preview.count > 0

- name: Trash a few recordings by id
  wxc.recordings.recording_trash:
    recording_ids:
      - 62807eaf-0c89-492e-a3c3-c4751812603b
      - 4f914b1dfe3c4d11a61730f18c0f5387

- name: Trash the whole organisation's recordings older than 180 days; counts in the result, details in a file
  wxc.recordings.recording_trash:
    older_than_days: 180
    summary_only: true
    results_file: /srv/reports/trash-180-days.jsonl
  register: bulk

- name: Show the counts per outcome
  ansible.builtin.debug:
    msg: "{{ bulk.summary.by_outcome }} in {{ bulk.planned_calls | length }} calls; per recording: {{ bulk.results_file }}"

- name: A user trashes their own recordings older than 30 days that are at least an hour long
  wxc.recordings.recording_trash:
    access_token: "{{ my_webex_token }}"
    access_level: user
    older_than_days: 30
    min_duration_seconds: 3600
"""

RETURN = r"""
count:
  description: How many recordings were trashed (in check mode, would be).
  returned: always
  type: int
  sample: 250
summary:
  description: Counts over the selected recordings, with or without O(summary_only).
  returned: always
  type: dict
  contains:
    recordings:
      description: How many recordings were selected (RV(count) says how many of them were trashed).
      type: int
      sample: 252
    by_outcome:
      description: Number of recordings per outcome (see RV(recordings[].outcome)).
      type: dict
      sample: {changed: 250, unchanged: 2}
    by_owner:
      description: Per owner email (the owner id when there is no email), the number of recordings per outcome.
      type: dict
      sample: {alice@example.com: {changed: 120}, bob@example.com: {changed: 130, unchanged: 2}}
recordings:
  description:
    - Every selected recording, newest first, with its state before and after and what happened to it.
  returned: unless O(summary_only) or O(results_file) is set
  type: list
  elements: dict
  contains:
    id:
      description: Recording id.
      type: str
      sample: 62807eaf-0c89-492e-a3c3-c4751812603b
    owner_email:
      description: Owner's email address.
      type: str
      sample: alice@example.com
    topic:
      description: Recording topic.
      type: str
      sample: Call with Bob
    create_time:
      description: When the recording was created (ISO 8601).
      type: str
      sample: "2026-03-02T09:30:00Z"
    before:
      description: State before the task, C(status) and C(owner_email).
      type: dict
      sample: {status: available, owner_email: alice@example.com}
    after:
      description: State after the task (in check mode, the planned state). After a failed call, the state read back.
      type: dict
      sample: {status: deleted, owner_email: alice@example.com}
    outcome:
      description:
        - V(changed) trashed by this task; V(unchanged) already in the recycle bin (or purged);
          V(would_change) in check mode; V(failed) not trashed (see RV(recordings[].reason)).
      type: str
      choices: [changed, unchanged, would_change, failed]
    reason:
      description: Why a recording failed.
      type: str
      returned: when outcome is failed
planned_calls:
  description:
    - The write calls of the plan, as sent to the API (method, path, JSON body).
    - With O(summary_only), each call's C(method), C(path) and C(count) (how many recordings it is for), without
      its list of ids; C(body) only when the call has more than the ids (the owner-wide form).
  returned: always
  type: list
  elements: dict
  sample:
    - method: POST
      path: /convergedRecordings/softDelete
      body: {recordingIds: [62807eaf-0c89-492e-a3c3-c4751812603b]}
tracking_ids:
  description: The C(trackingId) of each successful write call (Webex support asks for them).
  returned: always
  type: list
  elements: str
  sample: [ROUTER_0a1b2c3d-0000-4000-8000-000000000001]
results_file:
  description: The file the per-recording results were written to (O(results_file)), one JSON object per line.
  returned: with O(results_file)
  type: str
  sample: /srv/reports/trash-results.jsonl
not_found:
  description: Ids from O(recording_ids) that Webex does not know (HTTP 404).
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: Before and after status line of each recording that is (or would be) trashed, keyed by id.
  returned: in diff mode
  type: dict
  sample:
    before: {62807eaf-0c89-492e-a3c3-c4751812603b: "available, owner alice@example.com, created 2026-03-02T09:30:00Z: Call with Bob"}
    after: {62807eaf-0c89-492e-a3c3-c4751812603b: "deleted, owner alice@example.com, created 2026-03-02T09:30:00Z: Call with Bob"}
option:
  description: The option that is wrong, when the task fails on its input (before any request).
  returned: on a wrong option
  type: str
  sample: created_after
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._results import results_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._selection import SELECTION_MUTUALLY_EXCLUSIVE, selection_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._transition import TRASH, run_transition


def main():
    argument_spec = selection_argument_spec()
    # Compliance officers are not listed for the recycle-bin calls (docs/webex-api.md 2): strict reading, refused.
    argument_spec["access_level"] = dict(type="str", default="admin", choices=["user", "admin"])
    argument_spec.update(results_argument_spec())
    argument_spec.update(progress_argument_spec())
    module = build_module(argument_spec, mutually_exclusive=SELECTION_MUTUALLY_EXCLUSIVE)
    run_transition(module, TRASH)


if __name__ == "__main__":
    main()
