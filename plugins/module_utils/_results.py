# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The result every mutating module returns, from its plan: in check mode the plan itself, else what happened.

Internal use only: this module is not part of the collection's public API and may change at any time.

Large selections: with ``summary_only`` the result holds counts (``summary``) and the calls without their id lists,
and the per-recording entries are never built; ``results_file`` writes them to a JSON lines file instead, one at
a time (``_files.JsonLinesFile``, mode 0600 like every file the collection writes).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile, check_output_path
from ansible_collections.wxc.recordings.plugins.module_utils._module import fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, FAILED, UNCHANGED, WOULD_CHANGE
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan
from ansible_collections.wxc.recordings.plugins.module_utils._records import brief_ids, owner_label

# Messages name at most this many recordings; the result lists them all.
MESSAGE_IDS = 5


def results_argument_spec():
    """Options of the ``wxc.recordings.results`` doc fragment."""
    return dict(summary_only=dict(type="bool", default=False), results_file=dict(type="path"))


def check_results_file(path, create_folders=False):
    """Raise ``OptionError`` naming ``results_file`` when ``path`` cannot be written as a file (before any request).

    ``create_folders`` creates its missing folders first (mode 0700).
    """
    check_output_path(path, "results_file", create_folders=create_folders)


def validate_results_options(params):
    """The checks of ``summary_only`` and ``results_file`` (``wxc.recordings.results`` doc fragment)."""
    check_results_file(params.get("results_file"))


def write_results_file(path, plan):
    """One line per recording of the plan (the ``recordings[]`` entry), written to ``<path>.part`` and renamed, mode 0600."""
    output = JsonLinesFile(path)
    try:
        for change in plan.changes:
            output.write(change.entry())
    except BaseException:
        output.discard()
        raise
    output.commit()


def plan_summary(plan):
    """Counts over the plan's recordings: by outcome, and by owner (email, else owner id) and outcome."""
    by_outcome, by_owner = {}, {}
    for change in plan.changes:
        by_outcome[change.outcome] = by_outcome.get(change.outcome, 0) + 1
        owner = by_owner.setdefault(owner_label(change.recording), {})
        owner[change.outcome] = owner.get(change.outcome, 0) + 1
    return {
        "recordings": len(plan.changes),
        "by_outcome": dict(sorted(by_outcome.items())),
        "by_owner": dict((owner, dict(sorted(counts.items()))) for owner, counts in sorted(by_owner.items())),
    }


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


def plan_diff_counts(changes, gone_after=False):
    """The ``summary_only`` diff: how many recordings in each status before and after, not one line each."""
    before, after = {}, {}
    for change in changes:
        status = change.before.get("status") or "?"
        before[status] = before.get(status, 0) + 1
        if not gone_after:
            status = change.after.get("status") or "?"
            after[status] = after.get(status, 0) + 1
    return {"before": before, "after": after}


def plan_result(plan, check_mode, diff_mode=False, gone_after=False, summary_only=False, results_file=None, with_summary=False):
    """The common result: changed, count, recordings, planned_calls, tracking_ids, not_found (and diff).

    ``with_summary`` (the modules with the ``wxc.recordings.results`` options) adds ``summary``.
    ``summary_only``: ``summary``, no ``recordings`` (never built), ``planned_calls`` without their id lists, a diff
    of counts. ``results_file``: the recordings went to that file (``write_results_file``), not into the result.
    """
    moving = plan.with_outcome(WOULD_CHANGE if check_mode else CHANGED)
    result = {
        "changed": bool(moving),
        "count": len(moving),
        "planned_calls": [call.summary() if summary_only else call.describe() for call in plan.calls],
        "tracking_ids": [call.tracking_id for call in plan.calls if call.tracking_id],
        "not_found": list(plan.not_found),
    }
    if with_summary or summary_only:
        result["summary"] = plan_summary(plan)
    if results_file is not None:
        result["results_file"] = results_file
    elif not summary_only:
        result["recordings"] = [change.entry() for change in plan.changes]
    if diff_mode:
        result["diff"] = plan_diff_counts(moving, gone_after=gone_after) if summary_only else plan_diff(moving, gone_after=gone_after)
    return result


def _id_list(changes):
    return brief_ids((change.id for change in changes), MESSAGE_IDS)


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


def failure_message(plan, see="recordings[].outcome"):
    failed = plan.with_outcome(FAILED)
    done = plan.with_outcome(CHANGED)
    errors = []
    for change in failed:
        if change.reason and change.reason not in errors:
            errors.append(change.reason)
    # The cause first: a person reading at 2 a.m. needs "not a user of this organization", not five UUIDs before it.
    return "%s - %s failed for %d of %d recording(s), %d done (see %s): %s" % (
        errors[0] if errors else "unknown error",
        plan.operation,
        len(failed),
        len(plan.acting) + len(failed),
        len(done),
        see,
        _id_list(failed),
    )


def warn_not_found(module, not_found):
    if not_found:
        module.warn("%d of the recording_ids are unknown to Webex (HTTP 404), see not_found: %s" % (len(not_found), ", ".join(not_found[:MESSAGE_IDS])))


def finish_plan(module, client, plan, concurrency=1, extra=None, gone_after=False, progress=None):
    """Exit the task from a plan: refuse a blocked plan, return it in check mode, else apply it and report.

    ``extra(plan, check_mode)`` adds module-specific keys (a reassign's journal) to the result.
    The module's ``summary_only`` and ``results_file`` options, when it has them, shape the result
    (``plan_result``); the results file is written on every exit, check mode and failures included.
    ``progress`` (a ``_progress.ProgressWriter``) follows the calls as they are sent.
    """
    # Only the modules with these options (recording_trash, _restore, _purge) return a summary.
    with_summary = "summary_only" in module.params
    summary_only = bool(module.params.get("summary_only"))
    results_file = module.params.get("results_file")

    def result_of(check_mode):
        if results_file is not None:
            try:
                write_results_file(results_file, plan)
            except (IOError, OSError) as error:
                result = plan_result(plan, check_mode, module._diff, gone_after=gone_after, summary_only=True)
                module.fail_json(msg="results_file: cannot write %s: %s (see count and summary for what the task did)" % (results_file, error), **result)
        result = plan_result(
            plan, check_mode, module._diff, gone_after=gone_after, summary_only=summary_only, results_file=results_file, with_summary=with_summary
        )
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
    if progress is not None:
        progress.phase(None, total=len(plan.acting), calls_total=len(plan.calls))
    try:
        apply_plan(client, plan, concurrency=concurrency, progress=progress)
    except WebexError as error:  # only reading back after a failure can get here; apply records call errors
        fail_from_error(module, client, error, **result_of(False))
    if progress is not None:
        progress.finish()
    result = result_of(False)
    if plan.with_outcome(FAILED):
        see = "results_file" if results_file is not None else ("summary.by_outcome" if summary_only else "recordings[].outcome")
        module.fail_json(msg=failure_message(plan, see=see), **result)
    module.exit_json(**result)
