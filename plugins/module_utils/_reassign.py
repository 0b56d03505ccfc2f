# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Reassign recordings to a new owner: plan the calls, keep a journal that can move them back, run it.

Internal use only: this module is not part of the collection's public API and may change at any time.

API (docs/webex-api.md 8): ``POST /convergedRecordings/reassign`` with ``reassignOwnerEmail`` and one of
``ownerEmail`` (all that owner's recordings), ``ownerID`` (same, for virtual lines and workspaces) or
``recordingIds``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._calls import chunked, reassign_call
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import select_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, UNCHANGED, WOULD_CHANGE
from ansible_collections.wxc.recordings.plugins.module_utils._plan import Plan, PlannedCall, RecordingChange, state_of
from ansible_collections.wxc.recordings.plugins.module_utils._results import finish_plan, validate_results_options
from ansible_collections.wxc.recordings.plugins.module_utils._selection import is_email, validate_selection

# ownerEmail-only moves an owner's available and deleted recordings, so that is what a reassign selects by default.
DEFAULT_STATUSES = ["available", "deleted"]


def _owned_by(recording, email):
    return (recording.get("ownerEmail") or "").lower() == email.lower()


def _owner_form(whole_owner, recordings):
    """``{"owner_email": ...}`` or ``{"owner_id": ...}`` for the one-call form, or None.

    ``ownerEmail`` takes users only; a virtual line or workspace selected by email goes by its id instead
    (``ownerID``), which the listed recordings carry.
    """
    if whole_owner is None or not recordings:
        return None
    kind, owner = whole_owner
    if kind == "owner_id":
        return {"owner_id": owner}
    if kind != "owner_email":
        return None
    if all(recording.get("ownerType", "user") == "user" for recording in recordings):
        return {"owner_email": owner}
    owner_ids = set(recording.get("ownerId") for recording in recordings)
    if len(owner_ids) == 1 and None not in owner_ids:
        return {"owner_id": owner_ids.pop()}
    return None


def plan_reassign(recordings, new_owner_email, whole_owner=None, not_found=()):
    """The plan: every selected recording not already owned by ``new_owner_email`` moves to it.

    ``whole_owner`` (from ``Selection.whole_owner()``) allows one call for everything an owner has:
    ``("owner_email", email)`` uses ``ownerEmail``, ``("owner_id", id)`` uses ``ownerID`` (virtual lines,
    workspaces). Otherwise ids go in batches of at most 100 (the 100 limit is stated for the recycle-bin calls
    only; UNCONFIRMED for reassign, docs/webex-api.md 3, so the strict reading batches by 100 here too).
    """
    changes = []
    for recording in recordings:
        if _owned_by(recording, new_owner_email):
            changes.append(RecordingChange(recording, outcome=UNCHANGED))
            continue
        after = state_of(recording)
        after["owner_email"] = new_owner_email
        changes.append(RecordingChange(recording, after=after))
    moving_changes = [change for change in changes if change.outcome == WOULD_CHANGE]
    moving = [change.id for change in moving_changes]
    owner_form = _owner_form(whole_owner, [change.recording for change in moving_changes])
    calls = []
    if moving and owner_form is not None:
        calls.append(PlannedCall(reassign_call(new_owner_email, **owner_form), moving))
    elif moving:
        for batch in chunked(moving):
            calls.append(PlannedCall(reassign_call(new_owner_email, recording_ids=batch), batch))
    return Plan(
        "reassign",
        "reassigned",
        changes,
        calls,
        is_done=lambda recording: _owned_by(recording, new_owner_email),
        not_found=not_found,
    )


def journal(plan, check_mode):
    """What moved (or would move) from whom: enough to move each recording back with a later reassign."""
    outcome = WOULD_CHANGE if check_mode else CHANGED
    return {
        "journal": [
            {
                "id": change.id,
                "previous_owner_email": change.recording.get("ownerEmail"),
                "previous_owner_id": change.recording.get("ownerId"),
                "previous_owner_type": change.recording.get("ownerType"),
                "new_owner_email": change.after.get("owner_email"),
            }
            for change in plan.with_outcome(outcome)
        ]
    }


def validate_new_owner(params):
    email = (params.get("new_owner_email") or "").strip()
    if not is_email(email):
        raise OptionError("new_owner_email", "new_owner_email: %r is not an email address" % email)
    owner = (params.get("owner_email") or "").strip()
    if owner and owner.lower() == email.lower():
        # Nothing could move: refused rather than listed and reported "unchanged", which would hide a typo.
        raise OptionError("new_owner_email", "new_owner_email: %s is owner_email already; name the recordings' new owner" % email)
    return email


def run_reassign(module):
    """The whole task for recording_reassign."""
    validate_selection(module)
    try:
        new_owner_email = validate_new_owner(module.params)
        validate_results_options(module.params)
    except OptionError as exc:
        module.fail_json(msg=exc.message, option=exc.option)
    client = client_from_module(module)
    try:
        selected = select_recordings(client, module.params, module.params["access_level"], statuses=DEFAULT_STATUSES)
        plan = plan_reassign(selected, new_owner_email, whole_owner=selected.selection.whole_owner(), not_found=selected.not_found)
    except WebexError as error:
        fail_from_error(module, client, error)
    # Batches are disjoint, so they can be sent side by side (the client pools a connection per worker).
    # With summary_only the per-recording journal is left out too: results_file has each owner before and after.
    finish_plan(module, client, plan, concurrency=client.concurrency, extra=None if module.params.get("summary_only") else journal)
