# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Compliance delete: remove recordings for good, one ``DELETE /convergedRecordings/{id}`` each.

Internal use only: this module is not part of the collection's public API and may change at any time.

docs/webex-api.md 9: compliance officers only; ``reason`` is required when the recording is not the caller's own;
``comment`` at most 255 characters. A recording already gone answers 404: fine, nothing to do.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._calls import delete_call
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import select_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._plan import (
    Plan,
    PlannedCall,
    RecordingChange,
    state_of,
)
from ansible_collections.wxc.recordings.plugins.module_utils._results import finish_plan, validate_results_options
from ansible_collections.wxc.recordings.plugins.module_utils._selection import check_concurrency, validate_selection

MAX_COMMENT = 255
DEFAULT_STATUSES = ["available", "deleted"]
# Not an API status: how a result shows a recording that no longer exists.
GONE = "gone"


def validate_delete_options(params):
    """``comment`` fits the API's 255 characters, ``reason`` is not blank, ``concurrency`` is at least 1."""
    comment = params.get("comment")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise OptionError("comment", "comment must be at most %d characters, got %d" % (MAX_COMMENT, len(comment)))
    reason = params.get("reason")
    if reason is not None and not reason.strip():
        raise OptionError("reason", "reason must not be empty")
    check_concurrency(params.get("concurrency"))
    if params.get("access_level") != "compliance_officer":
        raise OptionError("access_level", "access_level must be compliance_officer: only a compliance officer can delete recordings")


def plan_delete(recordings, reason=None, comment=None, not_found=()):
    """One DELETE per selected recording. A 404 on the call means already gone (unchanged)."""
    changes = []
    calls = []
    for recording in recordings:
        after = state_of(recording)
        after["status"] = GONE
        changes.append(RecordingChange(recording, after=after))
        calls.append(PlannedCall(delete_call(recording.get("id"), reason, comment), [recording.get("id")]))
    return Plan(
        "delete",
        "deleted",
        changes,
        calls,
        # A recording still readable after a failed DELETE is not deleted; one that is no longer found is.
        is_done=lambda recording: False,
        not_found=not_found,
        missing_means_done=True,
        not_found_is_unchanged=True,
    )


def is_own(recording, me):
    """Is ``recording`` the caller's own? ``me`` is ``GET /people/me`` (ids may be base64 there, so emails count)."""
    emails = [email.lower() for email in (me.get("emails") or [])]
    if recording.get("ownerEmail") and recording["ownerEmail"].lower() in emails:
        return True
    return bool(me.get("id")) and recording.get("ownerId") == me.get("id")


def foreign_recordings(recordings, me):
    return [recording for recording in recordings if not is_own(recording, me)]


def run_delete(module):
    """The whole task for recording_delete."""
    validate_selection(module)
    params = module.params
    try:
        validate_delete_options(params)
        validate_results_options(params)
    except OptionError as exc:
        module.fail_json(msg=exc.message, option=exc.option)
    client = client_from_module(module, concurrency=params["concurrency"])
    try:
        selected = select_recordings(client, params, params["access_level"], statuses=DEFAULT_STATUSES)
        if selected and not params.get("reason"):
            # Only now is the caller needed: a reason is required for every recording not their own.
            foreign = foreign_recordings(selected, client.get_me())
            if foreign:
                module.fail_json(
                    msg="reason is required to delete recordings the caller does not own: %d of the %d selected belong to others (%s)"
                    % (len(foreign), len(selected), ", ".join(recording.get("id") for recording in foreign[:5])),
                    option="reason",
                    changed=False,
                )
        plan = plan_delete(selected, params.get("reason"), params.get("comment"), not_found=selected.not_found)
    except WebexError as error:
        fail_from_error(module, client, error)
    finish_plan(module, client, plan, concurrency=params["concurrency"], gone_after=True)
