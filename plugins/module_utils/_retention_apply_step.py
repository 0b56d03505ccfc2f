# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The retention run's apply step (``apply_step``) and ``recording_retention_apply``'s flow (``run_apply``).

Internal use only: this module is not part of the collection's public API and may change at any time.

From the checked plan the plan step wrote (``_retention_plan_step``): the archive gate (each needed archive verified
against the manifest right before, ``verified_ids``; the decisions are ``_retention_plan.plan_writes``), then trash,
then purge, and one results file for the report. The offboarding flow verifies its archives with the same
``verified_ids``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible_collections.wxc.recordings.plugins.module_utils._archiver import Archiver
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import ArchiveError, OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile, read_json
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import (
    ARCHIVED_OR_WOULD,
    CHANGED,
    FAILED,
    REFUSED,
    SKIPPED,
    UNCHANGED,
    VERIFIED,
    WOULD_CHANGE,
    WOULD_DOWNLOAD,
)
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan, count_outcomes
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_from_params
from ansible_collections.wxc.recordings.plugins.module_utils._records import brief_ids, reasons_text
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan import (
    archive_ids,
    plan_writes,
    validate_plan,
)
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan_step import FILE_MODE, check_output_paths
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PURGE, TRASH, plan_transition


def api_view(entry, status=None):
    """A plan entry as the write plans read a recording."""
    return {
        "id": entry["id"],
        "status": status or entry["status"],
        "ownerEmail": entry.get("owner_email"),
        "ownerId": entry.get("owner_id"),
        "ownerType": entry.get("owner_type"),
        "topic": entry.get("topic"),
        "createTime": entry.get("create_time"),
    }


def read_archive_results(path):
    """The archive step's results file: id -> its row (outcome, error). None when the step wrote none."""
    if not path or not os.path.exists(path):
        return None
    rows = {}
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if line:
                row = json.loads(line)
                rows[row.get("id")] = row
    return rows


def verified_ids(wanted, archive_dest, archive_rows, check_mode, concurrency=4, progress=None):
    """Which of ``wanted`` have an archive that matches the manifest now (in check mode: would, after the archive
    step), and why the others do not (id -> reason)."""
    if not wanted:
        return set(), {}
    reasons = {}
    if check_mode:
        rows = archive_rows or {}
        ok = set(i for i in wanted if (rows.get(i) or {}).get("outcome") in (VERIFIED, WOULD_DOWNLOAD))
    elif not archive_dest or not os.path.isdir(archive_dest):
        ok = set()
    else:
        verification = Archiver(None, archive_dest, concurrency=concurrency, progress=progress).verify(wanted)
        ok = set(r["id"] for r in verification["recordings"] if r["outcome"] == VERIFIED)
        for row in verification["recordings"]:
            if row["outcome"] != VERIFIED:
                reasons[row["id"]] = row.get("error") or row["outcome"]
    for recording_id in wanted:
        if recording_id in ok or recording_id in reasons:
            continue
        row = (archive_rows or {}).get(recording_id) or {}
        reasons[recording_id] = row.get("error") or row.get("reason") or "not archived"
    for recording_id, row in (archive_rows or {}).items():
        # The archive step's own reason (Prevent Downloading, a failed download) explains better than "not in the
        # manifest".
        if recording_id in reasons and row.get("outcome") not in ARCHIVED_OR_WOULD and row.get("error"):
            reasons[recording_id] = row["error"]
    return ok, reasons


def _write_rows(output, rows):
    for row in rows:
        output.write(row)


def _change_rows(plan, action, rules):
    for change in plan.changes:
        row = change.entry()
        row["action"] = action
        row["rule"] = rules.get(change.id)
        yield row


def run_apply(module):
    """``recording_retention_apply``: the gate, then trash, then purge, from the checked plan; one results file."""
    params = module.params
    try:
        check_output_paths(params, ("results_file",))
        document = read_checked_plan(params["plan_file"], "plan_file")
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    module.exit_json(**apply_step(module, params, document))


def read_checked_plan(path, option):
    """The checked plan a planning step wrote to ``path``, its shape checked (errors name ``option``)."""
    document = read_json(path, option)
    validate_plan(document, path, option=option)
    return document


def apply_step(module, params, document):
    """The gate, then trash, then purge, from the checked plan ``document``; writes ``params["results_file"]`` and
    returns the summary result. Fails the module on a failed call that stops the run."""
    entries = document["entries"]
    policy = document.get("policy") or {}
    archive_before_trash = bool(policy.get("archive_before_trash"))
    purge_enabled = bool(policy.get("purge_enabled"))
    rules = dict((entry["id"], entry.get("rule")) for entry in entries)

    wanted = archive_ids(entries, archive_before_trash, purge_enabled)
    progress = progress_from_params(params, "retention apply")
    archive_rows = read_archive_results(params.get("archive_results_file"))
    archive_error = ""
    if wanted and archive_rows is None:
        archive_error = params.get("archive_error") or "the archive step wrote no results"
    try:
        ok, reasons = verified_ids(wanted, params.get("archive_dest"), archive_rows, module.check_mode, progress=progress)
    except (ArchiveError, IOError, OSError, ValueError) as error:
        ok, reasons = set(), {}
        archive_error = archive_error or "verifying the archive failed: %s" % error
    writes = plan_writes(entries, ok, archive_before_trash, purge_enabled)
    for row in writes["kept"]:
        row["outcome"] = REFUSED
        if reasons.get(row["id"]):
            row["reason"] = "%s: %s" % (row["reason"], reasons[row["id"]])

    by_id = dict((entry["id"], entry) for entry in entries)
    client = client_from_module(module)
    trash_plan = plan_transition(TRASH, [api_view(by_id[i]) for i in writes["trash"]])
    failures = []
    if archive_error:
        failures.append("archive: %s - nothing that needed an archive was trashed or purged" % archive_error)
    try:
        if not module.check_mode and trash_plan.calls:
            progress.phase("trash", total=len(trash_plan.acting), calls_total=len(trash_plan.calls))
            apply_plan(client, trash_plan, concurrency=client.concurrency, progress=progress)
        trashed = set(change.id for change in trash_plan.changes if change.outcome in (CHANGED, WOULD_CHANGE))
        trash_failed = trash_plan.with_outcome(FAILED)
        if trash_failed:
            failures.append(
                "trash: %d of %d failed (%s), first error: %s"
                % (len(trash_failed), len(trash_plan.changes), brief_ids([c.id for c in trash_failed]), trash_failed[0].reason)
            )
        skipped = []
        purge_now = list(writes["purge"])
        purge_later = []
        if trash_failed:
            skipped = purge_now + [i for i in writes["purge_after_trash"] if i in trashed]
            purge_now = []
        elif module.check_mode:
            purge_later = [i for i in writes["purge_after_trash"] if i in trashed]
        else:
            purge_now += [i for i in writes["purge_after_trash"] if i in trashed]
        purge_plan = plan_transition(PURGE, [api_view(by_id[i], status="deleted") for i in purge_now])
        if not module.check_mode and purge_plan.calls:
            progress.phase("purge", total=len(purge_plan.acting), calls_total=len(purge_plan.calls))
            apply_plan(client, purge_plan, concurrency=client.concurrency, progress=progress)
    except WebexError as error:
        fail_from_error(module, client, error)
    purge_failed = purge_plan.with_outcome(FAILED)
    if purge_failed:
        failures.append(
            "purge: %d of %d failed (%s), first error: %s"
            % (len(purge_failed), len(purge_plan.changes), brief_ids([c.id for c in purge_failed]), purge_failed[0].reason)
        )

    extra_rows = [dict(row) for row in writes["kept"]]
    extra_rows += [{"id": i, "action": "purge", "outcome": SKIPPED, "reason": "not purged, the trash step failed", "rule": rules.get(i)} for i in skipped]
    extra_rows += [
        {"id": i, "action": "purge", "outcome": WOULD_CHANGE, "reason": "purged right after it is trashed", "rule": rules.get(i)} for i in purge_later
    ]
    try:
        output = JsonLinesFile(params["results_file"], mode=FILE_MODE)
        _write_rows(output, _change_rows(trash_plan, "trash", rules))
        _write_rows(output, _change_rows(purge_plan, "purge", rules))
        _write_rows(output, extra_rows)
        output.commit()
    except (IOError, OSError) as error:
        module.fail_json(msg="results_file: cannot write %s: %s" % (params["results_file"], error), option="results_file")

    kept = writes["kept"]
    kept_reasons = {}
    for row in kept:
        kept_reasons[row["reason"]] = kept_reasons.get(row["reason"], 0) + 1
    result = dict(
        changed=bool(trash_plan.with_outcome(CHANGED, WOULD_CHANGE) or purge_plan.with_outcome(CHANGED, WOULD_CHANGE)),
        results_file=params["results_file"],
        trash=count_outcomes(trash_plan),
        purge=count_outcomes(purge_plan),
        purge_after_trash_count=len(purge_later),
        purge_skipped_count=len(skipped),
        kept_count=len(kept),
        kept_reasons=kept_reasons,
        kept_message=kept_message(kept, module.check_mode),
        archive_error=archive_error,
        failures=failures,
        tracking_ids=[call.tracking_id for plan in (trash_plan, purge_plan) for call in plan.calls if call.tracking_id],
    )
    result["unchanged_count"] = len(trash_plan.with_outcome(UNCHANGED)) + len(purge_plan.with_outcome(UNCHANGED))
    progress.finish()
    return result


def kept_message(kept, dry_run):
    """Recordings kept because their archive is not verified, cause first, with the count and at most 20 ids."""
    if not kept:
        return ""
    verb = "would be kept" if dry_run else "were kept"
    return "%d recording(s) %s, not trashed or purged, because their archive is not verified. %s" % (len(kept), verb, reasons_text(kept))
