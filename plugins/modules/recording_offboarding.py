#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_offboarding
short_description: Offboard a leaver's Webex Calling recordings (trash or reassign), with a journal that rolls back exactly
version_added: 1.0.0
description:
  - The decisions of the C(wxc.recordings.offboarding) role, in three steps that hand each other files.
  - "O(step=check), before any write: looks the leaver and the successor up (C(GET /people?email=), scope
    C(spark-admin:people_read)); an unknown successor fails the task. Without the scope the lookup is reported
    (RV(people)) and the run goes on. Lists what the leaver owns (available and in the recycle bin, the retention
    year) into O(inventory_file), and fails when the leaver owns nothing, most likely a typo, unless
    O(allow_no_recordings)."
  - "O(step=apply), after the archive step (M(wxc.recordings.recording_archive) with its O(archive_results_file)):
    for V(archive_and_trash), trashes the available recordings whose archive matches the manifest under
    O(archive_dest) now, and keeps the others; for V(reassign) and V(archive_and_reassign), reassigns everything the
    leaver owns to O(successor_email). The journal is written ahead (C(intended)), then each entry becomes C(done)
    only with the status or owner read back from Webex after the calls; an intended move that did not happen leaves
    the journal, and a later run's intent supersedes an earlier C(intended) entry. The final state is checked."
  - "O(step=rollback): reads the journal and gives each reassigned recording back to its previous owner while it is
    still with the owner the journal recorded, and restores each trashed recording still in the recycle bin. What
    it skips is counted with the reason (RV(skipped_message)); a rollback that restores none of what the journal
    lists reports it in RV(failures)."
  - The task itself fails only on wrong input or an API error that stops it; what went wrong in the writes is
    returned in RV(failures) so that the report is written first and the role fails after it.
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
      - Sends no write call and writes no journal. O(inventory_file) and O(results_file) are written (a dry run's
        report reads them). What a real run would keep or refuse is returned (RV(kept_message)); it is not a failure.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - Recordings the journal has as done, already trashed or already the successor's are not moved again.
options:
  step:
    description: Which step to run.
    type: str
    choices: [check, apply, rollback]
    required: true
  leaver_email:
    description: The leaver whose recordings are offboarded.
    type: str
    required: true
  successor_email:
    description: Who receives the recordings (V(reassign), V(archive_and_reassign)).
    type: str
  action:
    description: V(archive_and_trash), V(reassign) or V(archive_and_reassign).
    type: str
    choices: [archive_and_trash, reassign, archive_and_reassign]
    default: archive_and_trash
  look_up_people:
    description: In O(step=check), look the leaver and the successor up before any write.
    type: bool
    default: true
  allow_no_recordings:
    description: In O(step=check), a leaver who owns no recording is expected, not an error.
    type: bool
    default: false
  inventory_file:
    description:
      - The leaver's recordings (JSON lines), written by O(step=check), read by O(step=apply); written by
        O(step=rollback) with the journal's recordings as they are now.
    type: path
  journal_file:
    description: The journal (JSON), written by O(step=apply), read by O(step=rollback). Mode C(0600).
    type: path
  archive_dest:
    description: The archive folder, to verify each archive against the manifest before trashing (O(step=apply)).
    type: path
  archive_statuses:
    description: The statuses the archive step archives.
    type: list
    elements: str
    default: [available]
  archive_results_file:
    description: The archive step's results file (its reasons, and in check mode what would be archived).
    type: path
  archive_error:
    description: The archive step's message when it failed as a whole (it then writes no results file).
    type: str
  results_file:
    description: One JSON object per recording and action (trashed, reassigned, kept, restored, skipped), for the report. Mode C(0600).
    type: path
  run:
    description: The run's name, recorded in the journal entries.
    type: str
    default: offboarding
  create_folders:
    description:
      - Create the missing folders of O(inventory_file), O(journal_file) and O(results_file) (mode C(0700)), in check
        mode too, as the offboarding role does for its report and journal folders. When V(false), a missing folder
        fails the task before any request.
    type: bool
    default: false
    version_added: 2.0.0
seealso:
  - module: wxc.recordings.recording_archive
  - module: wxc.recordings.recording_reassign
  - name: The wxc.recordings.offboarding role
    description: Runs this module between the others, handing them files.
    link: https://github.com/wxc-recordings/wxc.recordings/blob/main/roles/offboarding/README.md
"""

EXAMPLES = r"""
- name: Check before any write (people, and that the leaver owns recordings)
  wxc.recordings.recording_offboarding:
    step: check
    leaver_email: leaver@example.com
    successor_email: manager@example.com
    action: reassign
    inventory_file: /srv/offboarding/leaver-inventory.jsonl

- name: Reassign, with a journal that rolls back exactly
  wxc.recordings.recording_offboarding:
    step: apply
    leaver_email: leaver@example.com
    successor_email: manager@example.com
    action: reassign
    inventory_file: /srv/offboarding/leaver-inventory.jsonl
    journal_file: /srv/offboarding/leaver-journal.json
    results_file: /srv/offboarding/leaver-results.jsonl
  register: offboarded

- name: Roll it back
  wxc.recordings.recording_offboarding:
    step: rollback
    leaver_email: leaver@example.com
    journal_file: /srv/offboarding/leaver-journal.json
"""

RETURN = r"""
count:
  description: Recordings of the leaver (check, apply) or of the journal (rollback).
  returned: success
  type: int
by_status:
  description: O(step=check). The leaver's recordings per status.
  returned: when O(step=check)
  type: dict
preview:
  description:
    - O(step=check). What the run is about to do, one line per step (archive with O(archive_statuses), then trash or
      reassign), with counts and sizes; in check mode in the conditional ("Would archive ...").
  returned: when O(step=check)
  type: list
  elements: str
  sample: ["Next: archive 473 recordings, 285.00 MB (status available)", "Next: trash 473 recordings, 285.00 MB (those with a verified archive)"]
people:
  description: O(step=check). The people lookup, C(status) (V(checked), V(not permitted), V(failed), V(skipped)), C(unknown) emails and C(message).
  returned: when O(step=check)
  type: dict
trash:
  description: O(step=apply). Recordings of the trash step per outcome.
  returned: when O(step=apply)
  type: dict
reassign:
  description: Recordings reassigned per outcome (apply), or per previous owner and outcome (rollback).
  returned: when O(step=apply) or O(step=rollback)
  type: dict
restore:
  description: O(step=rollback). Recordings restored per outcome.
  returned: when O(step=rollback)
  type: dict
kept_count:
  description: O(step=apply). Recordings kept (not trashed) because their archive is not verified.
  returned: when O(step=apply)
  type: int
unarchived_count:
  description: O(step=apply). Recordings the archive step was to archive that have no verified archive.
  returned: when O(step=apply)
  type: int
kept_message:
  description: O(step=apply). The unarchived recordings for a person, cause first, with the count and at most 20 ids.
  returned: when O(step=apply)
  type: str
archive_error:
  description: O(step=apply). Why the archive step failed as a whole (empty when it did not).
  returned: when O(step=apply)
  type: str
remaining_count:
  description: O(step=apply). What the leaver still has after the run (available ones for V(archive_and_trash)).
  returned: when O(step=apply)
  type: int
skipped_count:
  description: O(step=rollback). Journal recordings not rolled back.
  returned: when O(step=rollback)
  type: int
skipped_message:
  description: O(step=rollback). How many were skipped and why, with at most 20 ids per reason.
  returned: when O(step=rollback)
  type: str
unchanged_count:
  description: O(step=rollback). Journal recordings already as before the offboarding.
  returned: when O(step=rollback)
  type: int
journal_entries:
  description: O(step=rollback). Entries in the journal.
  returned: when O(step=rollback)
  type: int
final_state:
  description: V(verified), what is wrong, or V(not checked (dry run)).
  returned: when O(step=apply) or O(step=rollback)
  type: str
failures:
  description: One message per problem, cause first (the archive step as a whole, failed writes, the final state); empty on success.
  returned: when O(step=apply) or O(step=rollback)
  type: list
  elements: str
journal_file:
  description: The journal.
  returned: when O(step=apply) or O(step=rollback)
  type: str
results_file:
  description: The results file.
  returned: when O(step=apply) or O(step=rollback)
  type: str
inventory_file:
  description: The inventory written.
  returned: when O(step=check)
  type: str
tracking_ids:
  description: Webex tracking ids of the write calls sent.
  returned: when O(step=apply) or O(step=rollback)
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
from ansible_collections.wxc.recordings.plugins.module_utils._offboarding_run import run_offboarding


def argument_spec():
    return dict(
        step=dict(type="str", required=True, choices=["check", "apply", "rollback"]),
        leaver_email=dict(type="str", required=True),
        successor_email=dict(type="str"),
        action=dict(type="str", default="archive_and_trash", choices=["archive_and_trash", "reassign", "archive_and_reassign"]),
        look_up_people=dict(type="bool", default=True),
        allow_no_recordings=dict(type="bool", default=False),
        inventory_file=dict(type="path"),
        journal_file=dict(type="path"),
        archive_dest=dict(type="path"),
        archive_statuses=dict(type="list", elements="str", default=["available"]),
        archive_results_file=dict(type="path"),
        archive_error=dict(type="str"),
        results_file=dict(type="path"),
        run=dict(type="str", default="offboarding"),
        progress_file=dict(type="path"),
        create_folders=dict(type="bool", default=False),
    )


def main():
    run_offboarding(build_module(argument_spec()))


if __name__ == "__main__":
    main()
