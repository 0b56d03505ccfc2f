# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The result every mutating module returns, from its plan: in check mode the plan itself, else what happened.

Internal use only: this module is not part of the collection's public API and may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._module import fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._plan import (
    CHANGED,
    FAILED,
    UNCHANGED,
    WOULD_CHANGE,
    apply_plan,
)

# Messages name at most this many recordings; the result lists them all.
MESSAGE_IDS = 5


def _state_line(state, change):
    """One readable line per recording in ``--diff`` output."""
    parts = [state.get("status") or "?"]
    if state.get("owner_email"):
        parts.append("owner " + state["owner_email"])
    if change.recording.get("createTime"):
        parts.append("created " + change.recording["createTime"])
    line = ", ".join(parts)
    if change.recording.get("topic"):
        line += ": " + change.recording["topic"]
    return line


def plan_diff(changes, gone_after=False):
    """``{before: {id: line}, after: {id: line}}`` for the recordings that change; ``gone_after`` drops them after."""
    before, after = {}, {}
    for change in changes:
        before[change.id] = _state_line(change.before, change)
        if not gone_after:
            after[change.id] = _state_line(change.after, change)
    return {"before": before, "after": after}


def plan_result(plan, check_mode, diff_mode=False, gone_after=False):
    """The common result: changed, count, recordings, planned_calls, tracking_ids, not_found (and diff)."""
    moving = plan.with_outcome(WOULD_CHANGE if check_mode else CHANGED)
    result = {
        "changed": bool(moving),
        "count": len(moving),
        "recordings": [change.entry() for change in plan.changes],
        "planned_calls": [call.describe() for call in plan.calls],
        "tracking_ids": [call.tracking_id for call in plan.calls if call.tracking_id],
        "not_found": list(plan.not_found),
    }
    if diff_mode:
        result["diff"] = plan_diff(moving, gone_after=gone_after)
    return result


def _id_list(changes):
    ids = [change.id for change in changes[:MESSAGE_IDS]]
    more = len(changes) - len(ids)
    return ", ".join(ids) + (" and %d more" % more if more > 0 else "")


def blocked_message(plan):
    blocked = plan.blocked
    reasons = sorted(set(change.reason for change in blocked if change.reason))
    return "%s refused before any change: %d selected recording(s) cannot be %s (%s): %s" % (
        plan.operation,
        len(blocked),
        plan.operation_past,
        "; ".join(reasons),
        _id_list(blocked),
    )


def failure_message(plan):
    failed = plan.with_outcome(FAILED)
    done = plan.with_outcome(CHANGED)
    errors = []
    for change in failed:
        if change.reason and change.reason not in errors:
            errors.append(change.reason)
    return "%s failed for %d of %d recording(s) (%d done, see recordings[].outcome): %s. First error: %s" % (
        plan.operation,
        len(failed),
        len(plan.acting) + len(failed),
        len(done),
        _id_list(failed),
        errors[0] if errors else "unknown",
    )


def warn_not_found(module, not_found):
    if not_found:
        module.warn("%d of the recording_ids are unknown to Webex (HTTP 404), see not_found: %s" % (len(not_found), ", ".join(not_found[:MESSAGE_IDS])))


def finish_plan(module, client, plan, concurrency=1, extra=None, gone_after=False):
    """Exit the task from a plan: refuse a blocked plan, return it in check mode, else apply it and report.

    ``extra(plan, check_mode)`` adds module-specific keys (a reassign's journal) to the result.
    """

    def result_of(check_mode):
        result = plan_result(plan, check_mode, module._diff, gone_after=gone_after)
        if extra is not None:
            result.update(extra(plan, check_mode))
        return result

    warn_not_found(module, plan.not_found)
    if plan.blocked:
        message = blocked_message(plan)
        for change in plan.with_outcome(WOULD_CHANGE):
            change.outcome, change.reason = UNCHANGED, "not sent: the task refused the whole plan"
        module.fail_json(msg=message, **result_of(False))
    if module.check_mode:
        module.exit_json(**result_of(True))
    try:
        apply_plan(client, plan, concurrency=concurrency)
    except WebexError as error:  # only reading back after a failure can get here; apply records call errors
        fail_from_error(module, client, error, **result_of(False))
    result = result_of(False)
    if plan.with_outcome(FAILED):
        module.fail_json(msg=failure_message(plan), **result)
    module.exit_json(**result)
