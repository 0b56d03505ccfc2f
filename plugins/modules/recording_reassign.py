#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_reassign
short_description: Give Webex Calling recordings to a new owner, with a journal to move them back
version_added: 1.0.0
description:
  - Reassigns the selected recordings to O(new_owner_email) (C(POST /convergedRecordings/reassign)), for example
    before a departing employee's account is removed.
  - Selects V(available) and V(deleted) recordings unless O(status) says otherwise. Recordings the new owner already
    owns are reported as unchanged and not sent.
  - When the selection is everything one owner has (only O(owner_email), or only O(owner_id) for a virtual line or
    a workspace, and no other selection option), one call moves them all (C(ownerEmail) or C(ownerID) form);
    otherwise ids are sent in batches of at most 100.
  - Returns a RV(journal) of what moved from whom, which a later task can use to move the recordings back (see
    EXAMPLES).
  - The task first plans, then sends exactly the planned calls. Check mode returns the plan and the journal it would
    write. If a call fails, its recordings are read back; those owned by the new owner by then count as moved, the
    others as failed, and the task fails listing them.
  - At least one selection option is required, so that a task never reassigns a whole organisation by accident.
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
      - Returns the same RV(recordings), RV(count) and RV(journal) as a real run would, with
        RV(recordings[].outcome=would_change), and the RV(planned_calls); sends no write call.
  diff_mode:
    support: full
    details:
      - Before and after owner of each recording that is (or would be) reassigned, keyed by recording id.
  idempotent:
    support: full
    details:
      - Recordings already owned by O(new_owner_email) are skipped, so a second run reports C(changed=false).
options:
  new_owner_email:
    description:
      - Email address of the new owner. Webex accepts only a user of the organisation (not a virtual line or
        a workspace).
      - It must differ from O(owner_email); the module refuses the task before any request otherwise.
    type: str
    required: true
  access_level:
    description:
      - Reassigning is for administrators only (scope C(spark-admin:recordings_write)).
    choices: [admin]
notes:
  - An owner-wide call acts on everything that owner has when it lands; the result lists the recordings the task saw.
  - Recordings taken from a virtual line or a workspace cannot be given back through the API (only users can
    receive recordings); the journal still records where they came from (RV(journal[].previous_owner_type)).
seealso:
  - module: wxc.recordings.recording_info
  - module: wxc.recordings.recording_archive
"""

EXAMPLES = r"""
- name: Give everything a departing employee owns to their manager (one call), keeping the journal
  wxc.recordings.recording_reassign:
    access_token: "{{ webex_admin_token }}"
    owner_email: alice@example.com
    new_owner_email: manager@example.com
  register: handover

- name: Keep the journal next to the change ticket
  ansible.builtin.copy:
    content: "{{ handover.journal | to_nice_json }}"
    dest: /srv/changes/CHG0042-reassign-journal.json
    mode: "0600"

- name: Move them back, one task per previous owner, from the journal
  wxc.recordings.recording_reassign:
    new_owner_email: "{{ item.0 }}"
    recording_ids: "{{ item.1 | map(attribute='id') | list }}"
  loop: "{{ handover.journal | selectattr('previous_owner_type', 'equalto', 'user') | groupby('previous_owner_email') }}"
  loop_control:
    label: "{{ item.0 }} ({{ item.1 | length }} recordings)"

- name: Give a virtual line's recordings to the team lead (ownerID form)
  wxc.recordings.recording_reassign:
    owner_id: 0f3c2a51-8a7b-4d6e-9c12-5b8e1f0a9d34
    new_owner_email: lead@example.com

- name: Give last quarter's customer-assist recordings of two agents to the quality team, previewing first
  wxc.recordings.recording_reassign:
    owner_emails: [agent1@example.com, agent2@example.com]
    service_type: customerAssist
    newer_than_days: 90
    new_owner_email: quality@example.com
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
      description: How many recordings were selected (RV(count) says how many of them were reassigned).
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
  sample: /srv/reports/reassign-results.jsonl
count:
  description: How many recordings were reassigned (in check mode, would be).
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
      description: State after the task (in check mode, the planned state). After a failed call, the state read back.
      type: dict
      sample: {status: available, owner_email: manager@example.com}
    outcome:
      description:
        - V(changed) reassigned by this task; V(unchanged) already owned by O(new_owner_email);
          V(would_change) in check mode; V(failed) not reassigned (see RV(recordings[].reason)).
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
      path: /convergedRecordings/reassign
      body: {reassignOwnerEmail: manager@example.com, ownerEmail: alice@example.com}
tracking_ids:
  description: The C(trackingId) of each successful write call (Webex support asks for them).
  returned: always
  type: list
  elements: str
  sample: [ROUTER_0a1b2c3d-0000-4000-8000-000000000001]
not_found:
  description: Ids from O(recording_ids) that Webex does not know (HTTP 404).
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: Before and after line (status, owner) of each recording that is (or would be) reassigned, keyed by id.
  returned: in diff mode
  type: dict
  sample:
    before: {62807eaf-0c89-492e-a3c3-c4751812603b: "available, owner alice@example.com, created 2026-03-02T09:30:00Z: Call with Bob"}
    after: {62807eaf-0c89-492e-a3c3-c4751812603b: "available, owner manager@example.com, created 2026-03-02T09:30:00Z: Call with Bob"}
option:
  description: The option that is wrong, when the task fails on its input (before any request).
  returned: on a wrong option
  type: str
  sample: created_after
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
journal:
  description:
    - One entry per recording reassigned (in check mode, that would be), to move them back later.
    - Not returned with O(summary_only); O(results_file) has each recording's owner before and after.
    - Group it by C(previous_owner_email) and give each group's ids back with O(recording_ids) and O(new_owner_email).
  returned: unless O(summary_only)
  type: list
  elements: dict
  contains:
    id:
      description: Recording id.
      type: str
    previous_owner_email:
      description: Owner before the task.
      type: str
      sample: alice@example.com
    previous_owner_id:
      description: Owner id before the task.
      type: str
    previous_owner_type:
      description: Owner type before the task (only V(user) owners can be given recordings back).
      type: str
      sample: user
    new_owner_email:
      description: The new owner.
      type: str
      sample: manager@example.com
"""

from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._reassign import run_reassign
from ansible_collections.wxc.recordings.plugins.module_utils._results import results_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._selection import (
    SELECTION_MUTUALLY_EXCLUSIVE,
    SELECTION_REQUIRED_ONE_OF,
    selection_argument_spec,
)


def main():
    argument_spec = selection_argument_spec()
    argument_spec["access_level"] = dict(type="str", default="admin", choices=["admin"])
    argument_spec["new_owner_email"] = dict(type="str", required=True)
    argument_spec.update(results_argument_spec())
    module = build_module(argument_spec, mutually_exclusive=SELECTION_MUTUALLY_EXCLUSIVE, required_one_of=SELECTION_REQUIRED_ONE_OF)
    run_reassign(module)


if __name__ == "__main__":
    main()
