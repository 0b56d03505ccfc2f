#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_delete
short_description: Delete Webex Calling recordings for good, as a compliance officer
version_added: 1.0.0
description:
  - Deletes each selected recording permanently (C(DELETE /convergedRecordings/{id})), several at a time
    (O(concurrency)). A deleted recording is inaccessible to everyone, the compliance officer included.
  - Selects V(available) and V(deleted) recordings unless O(status) says otherwise (V(purged) ones too, when asked).
  - A recording already gone (HTTP 404) is fine and reported as unchanged.
  - Webex requires a O(reason) when the recording is not the compliance officer's own. Without O(reason), the task
    looks up the caller (C(GET /people/me)) and refuses, before deleting anything, if any selected recording belongs to
    someone else.
  - The task first plans, then sends exactly the planned calls. Check mode returns the plan. If a call fails, its
    recording is read back; one no longer found counts as deleted, the others as failed, and the task fails listing
    them.
  - At least one selection option is required, so that a task never deletes a whole organisation by accident.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.selection
  - wxc.recordings.results
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Returns the same RV(recordings) and RV(count) as a real run would, with RV(recordings[].outcome=would_change),
        and the RV(planned_calls); sends no DELETE.
  diff_mode:
    support: full
    details:
      - Each recording that is (or would be) deleted appears in C(before) and not in C(after), keyed by recording id.
  idempotent:
    support: full
    details:
      - Deleted recordings are gone, so a second run reports C(changed=false).
options:
  reason:
    description:
      - Why the recordings are deleted (for example V(audit)); sent with every DELETE.
      - Required by Webex when a recording is not the caller's own.
    type: str
  comment:
    description:
      - A free-text comment sent with every DELETE, at most 255 characters (checked before sending anything).
    type: str
  concurrency:
    description:
      - How many DELETE calls (and lookups by id) are in flight at the same time.
    type: int
    default: 8
  access_level:
    description:
      - Only a compliance officer can delete recordings (scope C(spark-compliance:recordings_write)).
    choices: [compliance_officer]
    default: compliance_officer
seealso:
  - module: wxc.recordings.recording_archive
  - module: wxc.recordings.recording_purge
"""

EXAMPLES = r"""
- name: Delete the recordings of one call session, for an audit
  wxc.recordings.recording_delete:
    access_token: "{{ webex_compliance_token }}"
    call_session_id: b51c62ea-bbf6-4828-8959-1e41d8752022
    status: [available, deleted, purged]
    reason: audit
    comment: "Case 2026-114: recorded without consent"

- name: Delete recordings archived by an earlier task, 16 at a time
  wxc.recordings.recording_delete:
    access_token: "{{ webex_compliance_token }}"
    recording_ids: "{{ archive.recordings | selectattr('archived') | map(attribute='id') | list }}"
    reason: retention
    concurrency: 16

- name: Preview deleting everything purged more than 60 days after creation at one location
  wxc.recordings.recording_delete:
    location_id: 02a43ee9-17ae-4e0c-9e79-720e3a6503fd
    status: [purged]
    older_than_days: 60
    reason: retention
  check_mode: true
  diff: true
"""

RETURN = r"""
summary:
  description: Counts over the selected recordings, with or without O(summary_only).
  returned: always
  type: dict
  contains:
    recordings:
      description: How many recordings were selected (RV(count) says how many of them were deleted).
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
results_file:
  description: The file the per-recording results were written to (O(results_file)), one JSON object per line.
  returned: with O(results_file)
  type: str
  sample: /srv/reports/delete-results.jsonl
count:
  description: How many recordings were deleted (in check mode, would be).
  returned: always
  type: int
  sample: 250
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
      description: State after the task (in check mode, the planned state); C(status) is V(gone) (not an API status) for a deleted recording.
      type: dict
      sample: {status: gone, owner_email: alice@example.com}
    outcome:
      description:
        - V(changed) deleted by this task; V(unchanged) already gone (HTTP 404); V(would_change) in check mode;
          V(failed) not deleted (see RV(recordings[].reason)).
      type: str
      choices: [changed, unchanged, would_change, failed]
    reason:
      description: Why a recording failed.
      type: str
      returned: when outcome is failed
planned_calls:
  description: The write calls of the plan, as sent to the API (method, path, JSON body).
  returned: always
  type: list
  elements: dict
  sample:
    - method: POST
      path: /convergedRecordings/62807eaf-0c89-492e-a3c3-c4751812603b
      body: {reason: audit}
tracking_ids:
  description: The C(trackingId) of each successful DELETE (Webex support asks for them).
  returned: always
  type: list
  elements: str
  sample: [ROUTER_0a1b2c3d-0000-4000-8000-000000000001]
not_found:
  description: Ids from O(recording_ids) that Webex does not know (HTTP 404), so already gone; nothing to do.
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: Each recording that is (or would be) deleted, in C(before) only, keyed by id.
  returned: in diff mode
  type: dict
  sample:
    before: {62807eaf-0c89-492e-a3c3-c4751812603b: "available, owner alice@example.com, created 2026-03-02T09:30:00Z: Call with Bob"}
    after: {}
option:
  description: The option that is wrong, when the task fails on its input (before any request).
  returned: on a wrong option
  type: str
  sample: reason
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._delete import run_delete
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._results import results_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._selection import (
    SELECTION_MUTUALLY_EXCLUSIVE,
    SELECTION_REQUIRED_ONE_OF,
    selection_argument_spec,
)


def main():
    argument_spec = selection_argument_spec()
    argument_spec["access_level"] = dict(type="str", default="compliance_officer", choices=["compliance_officer"])
    argument_spec.update(
        reason=dict(type="str"),
        comment=dict(type="str"),
        concurrency=dict(type="int", default=8),
    )
    argument_spec.update(results_argument_spec())
    module = build_module(argument_spec, mutually_exclusive=SELECTION_MUTUALLY_EXCLUSIVE, required_one_of=SELECTION_REQUIRED_ONE_OF)
    run_delete(module)


if __name__ == "__main__":
    main()
