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
version_added: 0.1.0
description:
  - Evaluates a declarative retention policy against the organisation's recordings and returns the plan, the exact
    list of recordings to act on and why. It changes nothing itself; M(wxc.recordings.recording_archive),
    M(wxc.recordings.recording_trash) and M(wxc.recordings.recording_purge) carry the plan out by RV(ids)
    (the C(wxc.recordings.retention) role does).
  - "Plan mode (no O(apply_plan)): lists every V(available) and V(deleted) recording of the retention year once
    (30-day windows, C(GET /admin/convergedRecordings)) and evaluates, in this order: legal holds (O(legal_holds)) take
    a recording out of every rule, quota and purge; the ordered O(rules), first matching rule wins, so a recording is
    acted on at most once per run; the quota target (O(quota_enabled)) trashes the oldest remaining available
    recordings until the available storage is at or under O(target_gb); with O(purge_enabled), recycle-bin recordings
    older than O(purge_grace_days) are purged."
  - The plan is written to O(plan_file) (JSON) when set, in check mode too, so that a person can review it.
  - "Apply mode (O(apply_plan)): reads a plan file written earlier, lists the organisation again and keeps only the
    planned recordings whose status, owner and size are still as planned and that are not on legal hold now; the
    others are refused (RV(refused), drift). Nothing is re-evaluated: no recording outside the plan is ever added."
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Read-only towards Webex. O(plan_file) and O(inventory_file) are written in check mode too (they are the
        output); O(bin_ledger) is only read in check mode.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - Never changes anything in Webex and always reports C(changed=false). The files it writes are its output.
options:
  rules:
    description:
      - The ordered rules. The first rule whose conditions all hold for a recording decides its action.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the rule, shown in the plan and the reports. Unique; V(quota) and V(recycle-bin-grace) are reserved.
        type: str
        required: true
      action:
        description:
          - V(archive) downloads the recording (O(archive_before_trash) does not matter).
          - V(trash) moves an available recording to the recycle bin, archived first when O(archive_before_trash).
          - V(purge) trashes an available recording (archived first when O(archive_before_trash)) and purges it, and
            purges a recording already in the recycle bin. With O(purge_enabled=false) it only trashes.
        type: str
        required: true
        choices: [archive, trash, purge]
      match:
        description: The conditions; all must hold. No condition matches every recording in the rule's statuses.
        type: dict
        default: {}
        suboptions:
          older_than_days:
            description: Created more than this many days ago.
            type: int
          newer_than_days:
            description: Created less than this many days ago.
            type: int
          owner_emails:
            description: Owned by one of these people (case-insensitive).
            type: list
            elements: str
          exclude_owner_emails:
            description: Not owned by any of these people.
            type: list
            elements: str
          owner_types:
            description: Owner of one of these types.
            type: list
            elements: str
            choices: [user, place, virtualLine, callQueue]
          location_ids:
            description: At one of these Webex Calling locations.
            type: list
            elements: str
          service_types:
            description: Of one of these services.
            type: list
            elements: str
            choices: [calling, customerAssist]
          storage_regions:
            description: Stored in one of these regions.
            type: list
            elements: str
            choices: [US, SG, GB, JP, DE, AU, IN, CA]
          topic_pattern:
            description: A Python regular expression searched in the topic, case-insensitively.
            type: str
          statuses:
            description:
              - The statuses the rule applies to. Default V([available]) for V(archive) and V(trash), V([available, deleted])
                for V(purge). V(trash) accepts only V(available).
            type: list
            elements: str
            choices: [available, deleted]
          min_size_bytes:
            description: At least this size.
            type: int
          max_size_bytes:
            description: At most this size.
            type: int
          min_duration_seconds:
            description: At least this long.
            type: int
  legal_holds:
    description:
      - Recordings no rule, quota or purge may touch, whatever they match. Checked again in apply mode.
    type: dict
    default: {}
    suboptions:
      owner_emails:
        description: Every recording of these owners.
        type: list
        elements: str
      recording_ids:
        description: These recordings.
        type: list
        elements: str
      location_ids:
        description: Every recording of these locations.
        type: list
        elements: str
  archive_before_trash:
    description:
      - Mark every recording a V(trash) or V(purge) rule or the quota trashes as to be archived first
        (RV(entries[].archive_first), RV(ids.archive_required)); the role trashes only those whose archive is verified.
    type: bool
    default: true
  quota_enabled:
    description:
      - Trash the oldest available recordings (not held, not trashed by a rule) until the storage of available
        recordings is at or under O(target_gb). When false the plan still reports RV(storage.excess_bytes).
    type: bool
    default: false
  quota_gb:
    description: The organisation's storage quota in GB (10^9 bytes). Webex gives each organisation 100 GB.
    type: float
    default: 100
  target_gb:
    description: The storage of available recordings to trim down to, in GB. A margin under O(quota_gb).
    type: float
    default: 90
  purge_enabled:
    description:
      - Allow purging at all. When false no recording is ever planned for V(purge); V(purge) rules only trash.
    type: bool
    default: false
  purge_grace_days:
    description:
      - With O(purge_enabled), purge recycle-bin recordings that have been there at least this many days.
      - Webex does not tell when a recording was trashed. With O(bin_ledger) the days count from the first run that
        saw the recording in the recycle bin; without it, from the recording's creation.
    type: int
    default: 30
  bin_ledger:
    description:
      - A JSON file remembering when each recording was first seen in the recycle bin (created if missing). Updated
        by every run outside check mode.
    type: path
  plan_file:
    description: Write the plan here (JSON), in plan mode. Written in check mode too.
    type: path
  apply_plan:
    description:
      - Apply mode. The plan file to apply; the policy options only contribute O(legal_holds), checked again.
    type: path
  inventory_file:
    description:
      - Write every listed recording here, one JSON object per line (the fields of M(wxc.recordings.recording_info)),
        for a report. Written in check mode too.
    type: path
  access_level:
    description:
      - The role the token acts in; both list the whole organisation (C(GET /admin/convergedRecordings)).
    type: str
    choices: [admin, compliance_officer]
    default: admin
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
  returned: always
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
  returned: always
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
  returned: always
  type: list
  elements: dict
purge_disabled_count:
  description: Recycle-bin recordings a V(purge) rule matched while O(purge_enabled=false) (apply mode, the plan's).
  returned: always
  type: int
refused:
  description: Apply mode. Planned recordings refused because they changed since the plan (the plan's entries, with a reason).
  returned: always
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
option:
  description: The option that is wrong, when the task fails on its input.
  returned: on a wrong option
  type: str
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
"""

import os
from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._client import RETENTION_DAYS, WebexError, format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module, client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._records import recording_facts
from ansible_collections.wxc.recordings.plugins.module_utils._results import JsonLinesFile
from ansible_collections.wxc.recordings.plugins.module_utils._retention import (
    Holds,
    Policy,
    PolicyError,
    check_drift,
    evaluate,
    plan_document,
    read_json,
    step_ids,
    update_bin_ledger,
    validate_plan,
    write_json_atomic,
)

LISTED_STATUSES = ("available", "deleted")


def argument_spec():
    match = dict(
        older_than_days=dict(type="int"),
        newer_than_days=dict(type="int"),
        owner_emails=dict(type="list", elements="str"),
        exclude_owner_emails=dict(type="list", elements="str"),
        owner_types=dict(type="list", elements="str", choices=["user", "place", "virtualLine", "callQueue"]),
        location_ids=dict(type="list", elements="str"),
        service_types=dict(type="list", elements="str", choices=["calling", "customerAssist"]),
        storage_regions=dict(type="list", elements="str", choices=["US", "SG", "GB", "JP", "DE", "AU", "IN", "CA"]),
        topic_pattern=dict(type="str"),
        statuses=dict(type="list", elements="str", choices=["available", "deleted"]),
        min_size_bytes=dict(type="int"),
        max_size_bytes=dict(type="int"),
        min_duration_seconds=dict(type="int"),
    )
    return dict(
        rules=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                name=dict(type="str", required=True),
                action=dict(type="str", required=True, choices=["archive", "trash", "purge"]),
                match=dict(type="dict", default={}, options=match),
            ),
        ),
        legal_holds=dict(
            type="dict",
            default={},
            options=dict(
                owner_emails=dict(type="list", elements="str"),
                recording_ids=dict(type="list", elements="str"),
                location_ids=dict(type="list", elements="str"),
            ),
        ),
        archive_before_trash=dict(type="bool", default=True),
        quota_enabled=dict(type="bool", default=False),
        quota_gb=dict(type="float", default=100),
        target_gb=dict(type="float", default=90),
        purge_enabled=dict(type="bool", default=False),
        purge_grace_days=dict(type="int", default=30),
        bin_ledger=dict(type="path"),
        plan_file=dict(type="path"),
        apply_plan=dict(type="path"),
        inventory_file=dict(type="path"),
        access_level=dict(type="str", default="admin", choices=["admin", "compliance_officer"]),
    )


def _clean(value):
    """Drop the None values the argument spec fills suboptions with."""
    if isinstance(value, dict):
        return dict((k, _clean(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def policy_from(params):
    return Policy(
        rules=_clean(params["rules"]),
        legal_holds=_clean(params["legal_holds"]),
        archive_before_trash=params["archive_before_trash"],
        quota_enabled=params["quota_enabled"],
        quota_gb=params["quota_gb"],
        target_gb=params["target_gb"],
        purge_enabled=params["purge_enabled"],
        purge_grace_days=params["purge_grace_days"],
    )


def check_output_paths(params):
    for option in ("plan_file", "inventory_file", "bin_ledger"):
        path = params.get(option)
        if path is None:
            continue
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise PolicyError(option, "%s: folder %s does not exist" % (option, folder))
        if os.path.isdir(path):
            raise PolicyError(option, "%s: %s is a folder, not a file" % (option, path))
    if params.get("apply_plan") and params.get("plan_file"):
        raise PolicyError("plan_file", "plan_file and apply_plan are mutually exclusive: apply mode reads a plan, it does not write one")


def list_organisation(client, now, inventory=None):
    """Every available and deleted recording of the retention year, streamed into ``inventory`` when given."""
    start = now - timedelta(days=RETENTION_DAYS)
    end = now + timedelta(minutes=1)
    recordings = []
    for status in LISTED_STATUSES:
        for recording in client.list_recordings(start, end, admin=True, status=status):
            recordings.append(recording)
            if inventory is not None:
                inventory.write(recording_facts(recording))
    return recordings


def main():
    module = build_module(argument_spec())
    params = module.params
    try:
        check_output_paths(params)
        policy = policy_from(params)
    except PolicyError as error:
        module.fail_json(msg=error.message, option=error.option)
    now = utc_now()
    ledger = None
    if params.get("bin_ledger") and os.path.exists(params["bin_ledger"]):
        try:
            ledger = read_json(params["bin_ledger"], "bin_ledger")
        except PolicyError as error:
            module.fail_json(msg=error.message, option=error.option)
        if not isinstance(ledger, dict):
            module.fail_json(msg="bin_ledger %s is not a JSON object" % params["bin_ledger"], option="bin_ledger")
    elif params.get("bin_ledger"):
        ledger = {}

    document = None
    if params.get("apply_plan"):
        try:
            document = read_json(params["apply_plan"], "apply_plan")
            planned = validate_plan(document, params["apply_plan"])
        except PolicyError as error:
            module.fail_json(msg=error.message, option=error.option)

    client = client_from_module(module)
    inventory = JsonLinesFile(params["inventory_file"], mode=0o600) if params.get("inventory_file") else None
    try:
        recordings = list_organisation(client, now, inventory)
    except WebexError as error:
        if inventory is not None:
            inventory.discard()
        fail_from_error(module, client, error)
    if inventory is not None:
        inventory.commit()

    deleted_ids = [r.get("id") for r in recordings if r.get("status") == "deleted"]
    new_ledger = update_bin_ledger(ledger, deleted_ids, now) if ledger is not None else None
    _described, fingerprint = policy.describe()
    result = dict(changed=False, held=[], held_count=0, purge_disabled_count=0, refused=[], refused_count=0, policy_changed=False)

    if document is None:
        evaluation = evaluate(recordings, policy, now=now, bin_first_seen=new_ledger)
        plan = plan_document(evaluation, policy, api_url=params.get("api_url"), now=now)
        entries = evaluation["entries"]
        result.update(
            mode="plan",
            storage=evaluation["storage"],
            by_action=evaluation["by_action"],
            by_rule=evaluation["by_rule"],
            held=evaluation["held"],
            held_count=len(evaluation["held"]),
            purge_disabled_count=len(evaluation["purge_disabled"]),
            policy_sha256=fingerprint,
            plan_created=plan["created"],
        )
        if params.get("plan_file"):
            write_json_atomic(params["plan_file"], plan)
            result["plan_file"] = params["plan_file"]
    else:
        current = dict((r.get("id"), r) for r in recordings)
        holds = Holds(_clean(params["legal_holds"]))
        entries, refused = check_drift(planned, current, holds)
        held = []
        for recording in recordings:
            reason = holds.reason(recording)
            if reason:
                held.append({"id": recording.get("id"), "status": recording.get("status"), "owner_email": recording.get("ownerEmail"), "reason": reason})
        by_action = dict((action, 0) for action in ("archive", "trash", "purge"))
        by_rule = {}
        for entry in entries:
            by_action[entry["action"]] += 1
            by_rule[entry["rule"]] = by_rule.get(entry["rule"], 0) + 1
        result.update(
            mode="apply",
            plan_file=params["apply_plan"],
            storage=document.get("storage") or {},
            by_action=by_action,
            by_rule=by_rule,
            refused=refused,
            refused_count=len(refused),
            held=held,
            held_count=len(held),
            purge_disabled_count=int(document.get("purge_disabled_count") or 0),
            policy_sha256=document.get("policy_sha256"),
            policy_changed=document.get("policy_sha256") != fingerprint,
            plan_created=document.get("created"),
        )
    if new_ledger is not None:
        result["bin_ledger"] = params["bin_ledger"]
        if not module.check_mode and new_ledger != ledger:
            write_json_atomic(params["bin_ledger"], new_ledger)
    if inventory is not None:
        result["inventory_file"] = params["inventory_file"]
    result.update(entries=entries, ids=step_ids(entries), count=len(entries), listed_at=format_datetime(now))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
