#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_retention_plan
short_description: Plan which Webex Calling recordings a retention policy archives, trashes or purges
version_added: 1.0.0
description:
  - Evaluates a declarative retention policy against the organisation's recordings and returns the plan, the exact
    list of recordings to act on and why. It changes nothing itself; M(wxc.recordings.recording_archive),
    M(wxc.recordings.recording_trash) and M(wxc.recordings.recording_purge) carry the plan out by RV(ids)
    (the C(wxc.recordings.retention) role does).
  - "Plan mode (no O(apply_plan)): lists what the policy needs, once (30-day windows,
    C(GET /admin/convergedRecordings)): each rule's statuses over the ages it matches (a rule with
    O(rules[].match.older_than_days=90) lists nothing newer than 90 days), every available recording when
    O(quota_enabled) (the quota counts them all), and the whole recycle bin when O(purge_enabled). RV(listed) says
    what was listed. It then evaluates, in this order: legal holds (O(legal_holds)) take
    a recording out of every rule, quota and purge; the ordered O(rules), first matching rule wins, so a recording is
    acted on at most once per run; the quota target (O(quota_enabled)) trashes the oldest remaining available
    recordings until the available storage is at or under O(target_gb); with O(purge_enabled), recycle-bin recordings
    older than O(purge_grace_days) are purged."
  - The plan is written to O(plan_file) (JSON) when set, in check mode too, so that a person can review it.
  - "Apply mode (O(apply_plan)): reads a plan file written earlier, lists the organisation again and keeps only the
    planned recordings whose status, owner and size are still as planned and that are not on legal hold now; the
    others are refused (RV(refused), drift). A recording already in its planned action's target state (trashed for
    V(trash), gone for V(purge)) is RV(unchanged_count), not drift, so applying a plan a second time (an AWX retry)
    refuses nothing. Nothing is re-evaluated: no recording outside the plan is ever added."
  - "O(checked_plan_file) receives what this run acts on (the entries), what is already done, what was refused and
    what is held: M(wxc.recordings.recording_archive) (O(wxc.recordings.recording_archive#module:plan_file)) and
    M(wxc.recordings.recording_retention_apply) read it, so no list of ids passes through Ansible variables."
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
      - Read-only towards Webex. O(plan_file), O(checked_plan_file) and O(inventory_file) are written in check mode
        too (they are the output a dry run exists to produce); O(bin_ledger) is only read in check mode.
  diff_mode:
    support: none
  idempotent:
    support: partial
    details:
      - Never changes anything in Webex. It reports C(changed=true) when it wrote a file (RV(files_written)); the plan
        and the inventory are new on every run, as the organisation is listed anew.
options:
  checked_plan_file:
    description:
      - Write the plan as checked now here (JSON) - the entries this run acts on, with what is already done
        (C(unchanged)), refused (C(refused)) and held (C(held)). Written in check mode too.
      - In plan mode it is the plan itself plus the held recordings.
    type: path
  plan_rows_file:
    description:
      - Write the rows the report shows for the plan here, one JSON object per line - held recordings (action
        V(hold)), planned ones already done (outcome V(unchanged)) and refused ones (outcome V(refused)) - so that
        M(wxc.recordings.recording_report) reads them (O(wxc.recordings.recording_report#module:steps[].results_file))
        without loading the plan. Written in check mode too.
    type: path
  summary_only:
    description:
      - Return counts only, not RV(entries), RV(ids), RV(held), RV(refused) and RV(unchanged); the lists are in
        O(checked_plan_file). For large organisations (100,000 recordings make a large result).
    type: bool
    default: false
  inventory_file:
    description:
      - Write every listed recording here, one JSON object per line (the fields of M(wxc.recordings.recording_info)),
        for a report. Written in check mode too.
    type: path
  create_folders:
    description:
      - Create the missing folders of O(plan_file), O(checked_plan_file), O(plan_rows_file) and O(inventory_file)
        (mode C(0700)), in check mode too, as the retention role does for its report folder. When V(false), a missing
        folder fails the task before any request.
    type: bool
    default: false
    version_added: 2.0.0

seealso:
  - module: wxc.recordings.recording_info
  - module: wxc.recordings.recording_trash
  - module: wxc.recordings.recording_purge
  - module: wxc.recordings.recording_archive
"""

EXAMPLES = r"""
- name: Plan the policy and write the plan for review (changes nothing)
  wxc.recordings.recording_retention_plan:
    access_token: "{{ webex_admin_token }}"
    rules:
      - name: customer-assist-90-days
        action: trash
        match:
          service_types: [customerAssist]
          older_than_days: 90
      - name: everything-after-300-days
        action: trash
        match:
          older_than_days: 300
    legal_holds:
      owner_emails: [cfo@example.com]
      recording_ids: [62807eaf-0c89-492e-a3c3-c4751812603b]
    quota_enabled: true
    target_gb: 85
    plan_file: /srv/retention/plan-2026-11.json
  register: plan

- name: Show the plan
  ansible.builtin.debug:
    msg: "{{ plan.by_action }} by rule {{ plan.by_rule }}; {{ plan.held_count }} held"

- name: After review, apply exactly that plan (drifted recordings are refused)
  wxc.recordings.recording_retention_plan:
    access_token: "{{ webex_admin_token }}"
    apply_plan: /srv/retention/plan-2026-11.json
    legal_holds:
      owner_emails: [cfo@example.com]
  register: approved

- name: Trash what is still as planned
  wxc.recordings.recording_trash:
    access_token: "{{ webex_admin_token }}"
    recording_ids: "{{ approved.ids.trash }}"
  when: approved.ids.trash | length > 0

- name: For large organisations, hand the checked plan over as a file
  wxc.recordings.recording_retention_plan:
    access_token: "{{ webex_admin_token }}"
    rules:
      - name: older-than-90-days
        action: trash
        match:
          older_than_days: 90
    archive_before_trash: false
    checked_plan_file: /srv/retention/run-checked-plan.json
    summary_only: true
  register: plan

- name: Trash and purge from it (the gate, the writes and one results file)
  wxc.recordings.recording_retention_apply:
    access_token: "{{ webex_admin_token }}"
    plan_file: /srv/retention/run-checked-plan.json
    results_file: /srv/retention/run-results.jsonl
"""

RETURN = r"""
mode:
  description: V(plan) or V(apply).
  returned: always
  type: str
plan_file:
  description: The plan file written (plan mode) or read (apply mode).
  returned: when O(plan_file) or O(apply_plan) is set
  type: str
entries:
  description: The recordings to act on (apply mode, those still as planned), oldest first.
  returned: unless O(summary_only)
  type: list
  elements: dict
  contains:
    id:
      description: Recording id.
      type: str
    status:
      description: Status when planned (V(available) or V(deleted)).
      type: str
    owner_email:
      description: Owner when planned.
      type: str
    owner_id:
      description: Owner id.
      type: str
    owner_type:
      description: Owner type.
      type: str
    location_id:
      description: Location.
      type: str
    service_type:
      description: Service type.
      type: str
    create_time:
      description: Creation time.
      type: str
    size_bytes:
      description: Size when planned.
      type: int
    topic:
      description: Topic.
      type: str
    rule:
      description: The rule that matched, V(quota) or V(recycle-bin-grace).
      type: str
    action:
      description: V(archive), V(trash) or V(purge).
      type: str
    archive_first:
      description: The recording must be archived (and the archive verified) before it is trashed.
      type: bool
    note:
      description: Why the action differs from the rule's (purging disabled, quota after an archive rule).
      type: str
      returned: when there is one
ids:
  description: The recording ids of each execution step, from RV(entries).
  returned: unless O(summary_only)
  type: dict
  contains:
    archive:
      description: To archive (V(archive) actions and RV(entries[].archive_first)).
      type: list
      elements: str
    archive_required:
      description: To trash only once their archive is verified.
      type: list
      elements: str
    trash:
      description: Available recordings to move to the recycle bin (V(trash) and V(purge) actions).
      type: list
      elements: str
    purge:
      description: To purge (those in the recycle bin now and those the trash step moves there).
      type: list
      elements: str
    purge_deleted:
      description: The part of RV(ids.purge) already in the recycle bin.
      type: list
      elements: str
count:
  description: Number of RV(entries).
  returned: always
  type: int
by_action:
  description: Entries per action.
  returned: always
  type: dict
  sample: {archive: 0, trash: 120, purge: 4}
by_rule:
  description: Entries per rule.
  returned: always
  type: dict
storage:
  description:
    - Storage of the organisation when it was listed for the plan, in bytes. Apply mode reports the plan file's.
  returned: always
  type: dict
  contains:
    available_count:
      description: Available recordings.
      type: int
    available_bytes:
      description: Their size, what counts against the quota.
      type: int
    deleted_count:
      description: Recordings in the recycle bin.
      type: int
    deleted_bytes:
      description: Their size.
      type: int
    quota_bytes:
      description: O(quota_gb) in bytes.
      type: int
    target_bytes:
      description: O(target_gb) in bytes.
      type: int
    quota_enabled:
      description: O(quota_enabled).
      type: bool
    excess_bytes:
      description: How far the available storage is above the target once the rules are applied (0 when under it).
      type: int
    available_bytes_after:
      description: The available storage once the plan is carried out.
      type: int
held_count:
  description: Recordings under a legal hold (plan mode, those left alone; apply mode, those held now).
  returned: always
  type: int
held:
  description: The held recordings (C(id), C(status), C(owner_email), C(reason), the hold).
  returned: unless O(summary_only)
  type: list
  elements: dict
purge_disabled_count:
  description: Recycle-bin recordings a V(purge) rule matched while O(purge_enabled=false) (apply mode, the plan's).
  returned: always
  type: int
unchanged:
  description: Apply mode. Planned recordings already in their action's target state (the plan's entries, with a reason).
  returned: unless O(summary_only)
  type: list
  elements: dict
unchanged_count:
  description: Number of planned recordings already in their action's target state (apply mode; 0 in plan mode).
  returned: always
  type: int
archive_count:
  description: Recordings the archive step takes (archive actions, archive-first trashes, and recycle-bin recordings to purge with O(archive_before_trash)).
  returned: always
  type: int
listed:
  description: What was listed, per status, from and to (ISO 8601), only what the policy (or the plan) needs.
  returned: always
  type: dict
  sample: {available: {from: "2025-11-29T10:00:00.000Z", to: "2026-08-31T10:00:00.000Z"}}
limited_to:
  description: The locations (plain UUIDs) and owners the run was limited to (O(location_ids), O(owner_emails)); empty lists mean all.
  returned: always
  type: dict
  sample: {location_ids: [4f914b1d-fe3c-4d11-a617-30f18c0f5387], owner_emails: []}
  version_added: 2.0.0
checked_plan_file:
  description: The checked plan written.
  returned: when O(checked_plan_file) is set
  type: str
preview:
  description:
    - What the next steps are about to do, one line per step, with counts, sizes and the number of API calls; in
      check mode in the conditional ("Would trash ...").
  returned: always
  type: list
  elements: str
  sample: ["Next: archive 473 recordings, 285.00 MB", "Next: trash 67,800 recordings, 41.20 GB, in 678 calls"]
refused_message:
  description: Why planned recordings were refused, cause first, per reason with its count and at most 20 ids (empty when none).
  returned: always
  type: str
refused:
  description: Apply mode. Planned recordings refused because they changed since the plan (the plan's entries, with a reason).
  returned: unless O(summary_only)
  type: list
  elements: dict
  contains:
    id:
      description: Recording id.
      type: str
    action:
      description: The planned action.
      type: str
    reason:
      description: What changed (status, owner, size, gone, now held).
      type: str
refused_count:
  description: Number of RV(refused).
  returned: always
  type: int
policy_sha256:
  description: Fingerprint of the policy the plan was made with.
  returned: always
  type: str
policy_changed:
  description: Apply mode. The policy given now differs from the plan's (legal holds are checked anyway).
  returned: always
  type: bool
plan_created:
  description: When the plan was made (ISO 8601).
  returned: always
  type: str
files_written:
  description: The files this run wrote (plan, checked plan, plan rows, inventory, recycle-bin ledger).
  returned: always
  type: list
  elements: str
listed_at:
  description: When the organisation was listed (ISO 8601).
  returned: always
  type: str
inventory_file:
  description: The inventory written.
  returned: when O(inventory_file) is set
  type: str
bin_ledger:
  description: The recycle-bin ledger file.
  returned: when O(bin_ledger) is set
  type: str
locations:
  description: The location names, as M(wxc.recordings.location_info) returns them.
  returned: when O(location_names=true)
  version_added: 2.0.0
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
from ansible_collections.wxc.recordings.plugins.module_utils._retention_options import policy_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan_step import run_plan


def argument_spec():
    spec = policy_argument_spec()
    spec.update(
        checked_plan_file=dict(type="path"),
        plan_rows_file=dict(type="path"),
        summary_only=dict(type="bool", default=False),
        inventory_file=dict(type="path"),
        progress_file=dict(type="path"),
        create_folders=dict(type="bool", default=False),
    )
    return spec


def main():
    run_plan(build_module(argument_spec()))


if __name__ == "__main__":
    main()
