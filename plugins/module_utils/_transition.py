# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Recycle-bin transitions (trash, restore, purge): plan which recordings move and with which calls, then run it.

Internal use only: this module is not part of the collection's public API and may change at any time.

Lifecycle (docs/webex-api.md 7): available --softDelete--> deleted --restore--> available; deleted --purge--> purged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._calls import PURGE_PATH, RESTORE_PATH, SOFT_DELETE_PATH, bin_call, chunked
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import LIST_IDS_ABOVE, select_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import FAILED, UNCHANGED, WOULD_CHANGE
from ansible_collections.wxc.recordings.plugins.module_utils._plan import Plan, PlannedCall, RecordingChange, state_of
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_from_params
from ansible_collections.wxc.recordings.plugins.module_utils._results import finish_plan, validate_results_options
from ansible_collections.wxc.recordings.plugins.module_utils._selection import validate_selection

# All a plan, its result and its summary read of a recording: the selection keeps only these (of about 1.7 KB).
PLAN_FIELDS = ("id", "status", "ownerEmail", "ownerId", "ownerType", "topic", "createTime")


class Transition:
    """One recycle-bin operation: the status it takes recordings from and to, and its API call."""

    def __init__(self, name, past, source, target, settled, blocked_reason, path, all_flag, missing_means_done=False):
        self.name = name
        self.past = past
        self.source = source
        self.target = target
        # Statuses that need nothing more: the target, or beyond it.
        self.settled = tuple(settled)
        self.blocked_reason = blocked_reason
        self.path = path
        self.all_flag = all_flag
        self.missing_means_done = missing_means_done


TRASH = Transition(
    "trash",
    "trashed",
    source="available",
    target="deleted",
    # A purged recording has already left the recycle bin: nothing is left to trash.
    settled=("deleted", "purged"),
    blocked_reason="unknown status %s",
    path=SOFT_DELETE_PATH,
    all_flag="trashAll",
)
RESTORE = Transition(
    "restore",
    "restored",
    source="deleted",
    target="available",
    settled=("available",),
    blocked_reason="%s recordings cannot be restored through the API",
    path=RESTORE_PATH,
    all_flag="restoreAll",
)
PURGE = Transition(
    "purge",
    "purged",
    source="deleted",
    target="purged",
    settled=("purged",),
    blocked_reason="%s recordings are not in the recycle bin: trash them first (wxc.recordings.recording_trash)",
    path=PURGE_PATH,
    all_flag="purgeAll",
    # Admins and users cannot see purged recordings (docs/webex-api.md 10): one that vanished after a purge was purged.
    missing_means_done=True,
)
TRANSITIONS = dict((transition.name, transition) for transition in (TRASH, RESTORE, PURGE))


def plan_transition(transition, recordings, whole_owner=None, not_found=()):
    """The plan: which recordings move from ``source`` to ``target``, and the calls that move them.

    Recordings already settled (in the target state or beyond) are unchanged. Recordings in a state the
    transition cannot start from are failed in the plan, which then refuses to run (nothing is sent).
    ``whole_owner`` (from ``Selection.whole_owner()``) allows the one-call ``*All`` form: ``("owner_email", email)``
    for an admin, ``("me", None)`` for a user; otherwise ids go in batches of at most 100.
    """
    changes = [recording_change(transition, recording) for recording in recordings]
    moving = [change.id for change in changes if change.outcome == WOULD_CHANGE]
    blocked = [change for change in changes if change.outcome == FAILED]
    calls = []
    # The *All forms name an owner by email, and Webex takes only users there (virtual lines and workspaces go by
    # id, docs/webex-api.md 7); so the form is used only when every recording that moves is a user's.
    owner_wide = (
        whole_owner is not None
        and whole_owner[0] in ("owner_email", "me")
        and all(change.recording.get("ownerType", "user") == "user" for change in changes if change.outcome == WOULD_CHANGE)
    )
    if moving and owner_wide and not blocked:
        # The *All form: one call for everything an owner has (owner_email None: the calling user's own).
        calls.append(PlannedCall(bin_call(transition.path, transition.all_flag, owner_email=whole_owner[1], all_recordings=True), moving))
    elif moving:
        for batch in chunked(moving):
            calls.append(PlannedCall(bin_call(transition.path, transition.all_flag, recording_ids=batch), batch))
    return Plan(
        transition.name,
        transition.past,
        changes,
        calls,
        is_done=lambda recording: recording.get("status") in transition.settled,
        not_found=not_found,
        missing_means_done=transition.missing_means_done,
    )


def recording_change(transition, recording):
    """One recording in the plan: moving, already settled, or unable to make the transition."""
    status = recording.get("status")
    if status == transition.source:
        after = state_of(recording)
        after["status"] = transition.target
        return RecordingChange(recording, after=after)
    if status in transition.settled:
        return RecordingChange(recording, outcome=UNCHANGED)
    return RecordingChange(recording, outcome=FAILED, reason=transition.blocked_reason % status)


def run_transition(module, transition):
    """The whole task for recording_trash, recording_restore or recording_purge."""
    validate_selection(module)
    try:
        validate_results_options(module.params)
    except OptionError as exc:
        module.fail_json(msg=exc.message, option=exc.option)
    client = client_from_module(module)
    try:
        selected = select_recordings(
            client,
            module.params,
            module.params["access_level"],
            statuses=[transition.source],
            fields=PLAN_FIELDS,
            # The plan needs no download links: many ids are found by listing, not one GET each.
            list_ids_above=LIST_IDS_ABOVE,
        )
        plan = plan_transition(transition, selected, whole_owner=selected.selection.whole_owner(), not_found=selected.not_found)
        del selected  # the plan holds what it needs
    except WebexError as error:
        fail_from_error(module, client, error)
    # Batches are disjoint, so they can be sent side by side (the client pools a connection per worker).
    finish_plan(module, client, plan, concurrency=client.concurrency, progress=progress_from_params(module.params, transition.name))
