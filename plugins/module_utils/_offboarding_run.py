# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The flows of ``recording_offboarding``: check (before any write), apply (after the archive step) and rollback.

Internal use only: this module is not part of the collection's public API and may change at any time.

Decisions are in ``_offboarding`` (pure); this file lists, looks people up, sends the planned calls, reads back and
writes the journal, the inventory and the results file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._dates import RETENTION_DAYS, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile, check_output_path, read_json, write_json
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import fetch_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._offboarding import (
    confirm_journal,
    journal_document,
    journal_entries,
    mark_rolled_back,
    offboarding_errors,
    plan_offboarding,
    plan_rollback,
    with_intents,
)
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, FAILED, REFUSED, SKIPPED, UNCHANGED, WOULD_CHANGE
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan, count_outcomes
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_from_params
from ansible_collections.wxc.recordings.plugins.module_utils._reassign import plan_reassign
from ansible_collections.wxc.recordings.plugins.module_utils._records import brief_ids, reasons_text, recording_facts
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import offboarding_preview
from ansible_collections.wxc.recordings.plugins.module_utils._retention_apply_step import read_archive_results, verified_ids
from ansible_collections.wxc.recordings.plugins.module_utils._selection import is_email
from ansible_collections.wxc.recordings.plugins.module_utils._transition import RESTORE, TRASH, plan_transition

FILE_MODE = 0o600
KEYS = ("id", "status", "ownerEmail", "ownerId", "ownerType", "topic", "createTime", "sizeBytes")


def _slim(recording):
    return dict((key, recording.get(key)) for key in KEYS if key in recording)


def list_leaver(client, leaver, now):
    """Everything the leaver owns over the retention year, available and in the recycle bin."""
    start, end = now - timedelta(days=RETENTION_DAYS), now + timedelta(minutes=1)
    recordings = []
    for status in ("available", "deleted"):
        recordings.extend(client.list_recordings(start, end, admin=True, status=status, owner_email=leaver))
    return recordings


def _read_journal(path):
    if not path or not os.path.exists(path):
        return []
    try:
        return journal_entries(read_json(path, "journal_file"), path)
    except ValueError as error:
        raise OptionError("journal_file", "journal_file: %s" % error) from None


def _check_params(params):
    if not is_email(params["leaver_email"] or ""):
        raise OptionError("leaver_email", "leaver_email: %r is not an email address" % params["leaver_email"])
    successor = params.get("successor_email") or ""
    if params["step"] != "rollback" and params["action"] != "archive_and_trash":
        if not is_email(successor):
            raise OptionError(
                "successor_email", "successor_email: %r is not an email address; action %s needs the successor" % (successor, params["action"])
            )
        if successor.lower() == params["leaver_email"].lower():
            raise OptionError("successor_email", "successor_email: %s is the leaver; name who receives the recordings" % successor)
    for option in ("inventory_file", "journal_file", "results_file"):
        check_output_path(params.get(option) or None, option, create_folders=params.get("create_folders"))


def look_up_people(client, emails):
    """``{"status": "checked"|"not permitted"|"failed", "unknown": [emails], "message": str}`` for ``emails``."""
    unknown = []
    for email in emails:
        try:
            people = client.find_people(email)
        except WebexError as error:
            if error.status in (401, 403):
                return {
                    "status": "not permitted",
                    "unknown": [],
                    "message": "people not looked up: the token may not read people (HTTP %s; scope spark-admin:people_read)" % error.status,
                }
            if error.status == 404:
                people = []
            else:
                return {"status": "failed", "unknown": [], "message": "people not looked up: %s" % client.redact(str(error))}
        if not any(email.lower() in [e.lower() for e in person.get("emails") or []] for person in people):
            unknown.append(email)
    return {"status": "checked", "unknown": unknown, "message": ""}


def run_check(module, client, params):
    """Before any write: the people exist, and the leaver owns recordings (else most likely a typo)."""
    leaver, successor = params["leaver_email"], params.get("successor_email")
    emails = [leaver] + ([successor] if successor and params["action"] != "archive_and_trash" else [])
    people = look_up_people(client, emails) if params["look_up_people"] else {"status": "skipped", "unknown": [], "message": ""}
    if successor and successor in people["unknown"]:
        module.fail_json(
            msg="successor_email: %s is not a person of this organisation (GET /people found no one); nothing was changed" % successor,
            option="successor_email",
            people=people,
        )
    recordings = list_leaver(client, leaver, utc_now())
    if params.get("inventory_file"):
        output = JsonLinesFile(params["inventory_file"], mode=FILE_MODE)
        for recording in recordings:
            output.write(recording)
        output.commit()
    if not recordings and not params["allow_no_recordings"]:
        where = " and is not a person of this organisation either" if leaver in people["unknown"] else ""
        module.fail_json(
            msg="leaver_email: %s owns no recording in the last %d days%s - a typo? Nothing was changed. If no recording is "
            "expected, allow it (allow_no_recordings; offboarding_allow_no_recordings in the role)." % (leaver, RETENTION_DAYS, where),
            option="leaver_email",
            people=people,
            count=0,
        )
    by_status = {}
    for recording in recordings:
        by_status[recording.get("status")] = by_status.get(recording.get("status"), 0) + 1
    preview = offboarding_preview(recordings, params["action"], params["archive_statuses"], successor, dry_run=module.check_mode)
    module.exit_json(
        changed=False, count=len(recordings), by_status=by_status, people=people, inventory_file=params.get("inventory_file"), preview=preview
    )


def _read_inventory(path):
    if not path or not os.path.exists(path):
        raise OptionError("inventory_file", "inventory_file: %s does not exist; run step=check first" % path)
    with open(path) as handle:
        return [_slim(json.loads(line)) for line in handle if line.strip()]


def _write_journal(params, leaver, entries, check_mode):
    if check_mode or not params.get("journal_file"):
        return
    write_json(params["journal_file"], journal_document(leaver, entries), mode=FILE_MODE)


def _rows(plan, action):
    for change in plan.changes:
        row = change.entry()
        row["action"] = action
        yield row


def _write_results(module, path, row_groups):
    if not path:
        return
    try:
        output = JsonLinesFile(path, mode=FILE_MODE)
        for rows in row_groups:
            for row in rows:
                output.write(row)
        output.commit()
    except (IOError, OSError) as error:
        module.fail_json(msg="results_file: cannot write %s: %s" % (path, error), option="results_file")


def _kept_message(kept, dry_run, action):
    if not kept:
        return ""
    verb = "would be" if dry_run else "were"
    what = "kept (not trashed)" if action == "archive_and_trash" else "reassigned without an archive"
    return "%d recording(s) could not be archived and %s %s. %s" % (len(kept), verb, what, reasons_text(kept))


def run_apply(module, client, params):
    """Gate, write-ahead journal, writes, read-back, confirmed journal, results file."""
    leaver, successor, action = params["leaver_email"], params.get("successor_email"), params["action"]
    check = module.check_mode
    inventory = _read_inventory(params.get("inventory_file"))
    journal = _read_journal(params.get("journal_file"))
    archiving = action.startswith("archive")
    wanted = [r["id"] for r in inventory if r.get("status") in params["archive_statuses"]] if archiving else []
    archive_rows = read_archive_results(params.get("archive_results_file"))
    archive_error = ""
    if wanted and archive_rows is None:
        archive_error = params.get("archive_error") or "the archive step wrote no results"
    progress = progress_from_params(params, "offboarding")
    verified, reasons = verified_ids(wanted, params.get("archive_dest"), archive_rows, check, progress=progress)
    unarchived = [{"id": i, "action": "archive", "reason": reasons.get(i) or "not archived"} for i in wanted if i not in verified]
    for row in unarchived:
        row["owner_email"] = leaver
    plan = plan_offboarding(inventory, action, verified, journal, leaver, successor, params["run"])
    for row in plan["kept"]:
        if reasons.get(row["id"]):
            row["reason"] = "%s: %s" % (row["reason"], reasons[row["id"]])
    entries = with_intents(journal, plan["intents"])
    if plan["intents"]:
        _write_journal(params, leaver, entries, check)

    by_id = dict((r["id"], r) for r in inventory)
    trash_plan = plan_transition(TRASH, [by_id[i] for i in plan["trash"]])
    reassign_plan = plan_reassign(plan["reassign"], successor or "", whole_owner=("owner_email", leaver)) if plan["reassign"] else None
    failures = []
    if archive_error:
        failures.append(
            "archive: %s - recordings without a verified archive were %s"
            % (archive_error, "kept (not trashed)" if action == "archive_and_trash" else "reassigned without an archive")
        )
    final_errors = []
    try:
        if not check:
            if trash_plan.calls:
                progress.phase("trash", total=len(trash_plan.acting), calls_total=len(trash_plan.calls))
                apply_plan(client, trash_plan, concurrency=client.concurrency, progress=progress)
            if reassign_plan is not None and reassign_plan.calls:
                progress.phase("reassign", total=len(reassign_plan.acting), calls_total=len(reassign_plan.calls))
                apply_plan(client, reassign_plan, concurrency=client.concurrency, progress=progress)
            remaining = list_leaver(client, leaver, utc_now()) if (trash_plan.calls or reassign_plan is not None) else inventory
            moved = [c.id for c in reassign_plan.changes if c.outcome == CHANGED] if reassign_plan is not None else []
            found, _missing = fetch_recordings(client, moved) if moved else ([], [])
            read_back = dict((r.get("id"), r) for r in remaining)
            read_back.update((r.get("id"), r) for r in found)
            for recording_id in [i for i in plan["trash"] if i not in read_back]:
                read_back[recording_id] = None
            confirmed = confirm_journal(entries, dict((k, v) for k, v in read_back.items() if v is not None), leaver)
            if confirmed != journal:
                _write_journal(params, leaver, confirmed, check)
            final_errors = offboarding_errors(
                action, leaver, successor, remaining, [row["id"] for row in plan["kept"]], dict((r.get("id"), r.get("ownerEmail")) for r in found)
            )
        else:
            remaining = inventory
    except WebexError as error:
        fail_from_error(module, client, error)

    for name, step in (("trash", trash_plan), ("reassign", reassign_plan)):
        failed = step.with_outcome(FAILED) if step is not None else []
        if failed:
            failures.append(
                "%s: %d of %d failed, first error: %s (%s)" % (name, len(failed), len(step.changes), failed[0].reason, brief_ids([c.id for c in failed]))
            )
    kept_message = _kept_message(plan["kept"] if action == "archive_and_trash" else unarchived, check, action)
    _write_results(
        module,
        params.get("results_file"),
        [
            _rows(trash_plan, "trash"),
            _rows(reassign_plan, "reassign") if reassign_plan is not None else [],
            [dict(row, outcome=REFUSED) for row in plan["kept"]],
        ],
    )
    progress.finish()
    changed = bool(trash_plan.with_outcome(CHANGED, WOULD_CHANGE) or (reassign_plan is not None and reassign_plan.with_outcome(CHANGED, WOULD_CHANGE)))
    module.exit_json(
        changed=changed,
        count=len(inventory),
        trash=count_outcomes(trash_plan),
        reassign=count_outcomes(reassign_plan) if reassign_plan is not None else {},
        kept_count=len(plan["kept"]),
        unarchived_count=len(unarchived),
        kept_message=kept_message,
        archive_error=archive_error,
        remaining_count=len([r for r in remaining if r.get("status") == "available"]) if action == "archive_and_trash" else len(remaining),
        final_state="not checked (dry run)" if check else ("verified" if not final_errors else "; ".join(final_errors)),
        failures=failures + final_errors,
        journal_file=params.get("journal_file"),
        results_file=params.get("results_file"),
        tracking_ids=[c.tracking_id for p in (trash_plan, reassign_plan) if p is not None for c in p.calls if c.tracking_id],
    )


def run_rollback(module, client, params):
    """Give reassigned recordings back and restore trashed ones, from the journal; read back; report."""
    check = module.check_mode
    if not params.get("journal_file") or not os.path.exists(params["journal_file"]):
        raise OptionError("journal_file", "journal_file: %s does not exist: there is nothing to roll back" % params.get("journal_file"))
    entries = _read_journal(params["journal_file"])
    ids = sorted(set(entry["id"] for entry in entries))
    try:
        found, _missing = fetch_recordings(client, ids) if ids else ([], [])
    except WebexError as error:
        fail_from_error(module, client, error)
    current = dict((r.get("id"), _slim(r)) for r in found)
    if params.get("inventory_file"):
        output = JsonLinesFile(params["inventory_file"], mode=FILE_MODE)
        for recording in found:
            output.write(recording_facts(recording))
        output.commit()
    plan = plan_rollback(entries, current)
    plans = [(owner, plan_reassign(recordings, owner)) for owner, recordings in sorted(plan["reassign"].items())]
    restore_plan = plan_transition(RESTORE, plan["restore"])
    final_errors = []
    try:
        if not check:
            for _owner, step in plans:
                if step.calls:
                    apply_plan(client, step, concurrency=client.concurrency)
            if restore_plan.calls:
                apply_plan(client, restore_plan, concurrency=client.concurrency)
            moved = [c.id for _o, p in plans for c in p.changes if c.outcome == CHANGED] + [c.id for c in restore_plan.changes if c.outcome == CHANGED]
            back, _gone = fetch_recordings(client, moved) if moved else ([], [])
            now = dict((r.get("id"), r) for r in back)
            wrong_owner = [
                c.id for owner, p in plans for c in p.changes if c.outcome == CHANGED and (now.get(c.id) or {}).get("ownerEmail", "").lower() != owner.lower()
            ]
            not_restored = [c.id for c in restore_plan.changes if c.outcome == CHANGED and (now.get(c.id) or {}).get("status") != "available"]
            if wrong_owner:
                final_errors.append("%d recording(s) are not back with their previous owner (%s)" % (len(wrong_owner), brief_ids(wrong_owner)))
            if not_restored:
                final_errors.append("%d trashed recording(s) are not available again (%s)" % (len(not_restored), brief_ids(not_restored)))
            back_as_before = [i for i in now if i not in wrong_owner and i not in not_restored] + [row["id"] for row in plan["unchanged"]]
            rolled = mark_rolled_back(entries, back_as_before)
            if rolled != entries:
                _write_journal(params, params["leaver_email"], rolled, check)
    except WebexError as error:
        fail_from_error(module, client, error)
    failures = []
    for name, step in [("reassign back to %s" % owner, p) for owner, p in plans] + [("restore", restore_plan)]:
        failed = step.with_outcome(FAILED)
        if failed:
            failures.append(
                "%s: %d of %d failed, first error: %s (%s)" % (name, len(failed), len(step.changes), failed[0].reason, brief_ids([c.id for c in failed]))
            )
    acted = sum(len(p.with_outcome(CHANGED, WOULD_CHANGE, UNCHANGED)) for _o, p in plans) + len(restore_plan.with_outcome(CHANGED, WOULD_CHANGE, UNCHANGED))
    undone = acted + len(plan["unchanged"])
    skipped = plan["skipped"]
    skipped_message = ""
    if skipped:
        verb = "would be" if check else "were"
        skipped_message = "%d of the journal's %d recording(s) %s not rolled back: %s" % (len(skipped), len(ids), verb, reasons_text(skipped))
    if ids and undone == 0:
        failures.append("the rollback restores none of the %d recording(s) the journal lists. %s" % (len(ids), skipped_message))
    _write_results(
        module,
        params.get("results_file"),
        [_rows(p, "reassign") for _o, p in plans]
        + [_rows(restore_plan, "restore"), [dict(row, outcome=SKIPPED) for row in skipped], [dict(row, outcome=UNCHANGED) for row in plan["unchanged"]]],
    )
    changed = any(p.with_outcome(CHANGED, WOULD_CHANGE) for _o, p in plans) or bool(restore_plan.with_outcome(CHANGED, WOULD_CHANGE))
    module.exit_json(
        changed=changed,
        journal_entries=len(entries),
        count=len(ids),
        reassign=dict((owner, count_outcomes(p)) for owner, p in plans),
        restore=count_outcomes(restore_plan),
        skipped_count=len(skipped),
        skipped_message=skipped_message,
        unchanged_count=len(plan["unchanged"]),
        final_state="not checked (dry run)" if check else ("verified" if not final_errors else "; ".join(final_errors)),
        failures=failures + final_errors,
        journal_file=params["journal_file"],
        results_file=params.get("results_file"),
        tracking_ids=[c.tracking_id for p in [p for _o, p in plans] + [restore_plan] for c in p.calls if c.tracking_id],
    )


def run_offboarding(module):
    """``recording_offboarding``: check the options, then the step."""
    params = module.params
    try:
        _check_params(params)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    client = client_from_module(module)
    try:
        if params["step"] == "check":
            run_check(module, client, params)
        elif params["step"] == "apply":
            run_apply(module, client, params)
        else:
            run_rollback(module, client, params)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    except WebexError as error:
        fail_from_error(module, client, error)
