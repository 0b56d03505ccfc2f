# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The retention run's two steps, plan (``plan_step``) and apply (``apply_step``), and the flows of the modules that run
one each (``recording_retention_plan``, ``recording_retention_apply``); ``_retention_job`` runs both in one process.

Internal use only: this module is not part of the collection's public API and may change at any time.

Every decision is a pure function of ``_retention``; this file lists, reads and writes files, and sends calls.
The steps hand each other files, never lists of ids: the planner writes the checked plan (what this run acts on,
what is already done, what was refused, what is held), the archive step writes its results file, and the apply step
reads both, verifies archives against the manifest, sends the writes and writes one results file for the report.

Why this file is long: it holds both steps of one run, plan and apply, the policy's argument spec both planning
modules share, and what the steps share (the listing scope, the plan file's checks, archive verification, the rows of
the results file). Each step alone is about 200 lines; they could go into a file each, with the shared helpers in a
third.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

from ansible_collections.wxc.recordings.plugins.module_utils._archiver import Archiver
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import ArchiveError, OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile, check_output_path, read_json, write_json, write_json_rows
from ansible_collections.wxc.recordings.plugins.module_utils._locations import look_up_locations_in_background
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import (
    ARCHIVED_OR_WOULD,
    CHANGED,
    FAILED,
    HELD,
    REFUSED,
    SKIPPED,
    UNCHANGED,
    VERIFIED,
    WOULD_CHANGE,
    WOULD_DOWNLOAD,
)
from ansible_collections.wxc.recordings.plugins.module_utils._plan import apply_plan, count_outcomes
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_from_params
from ansible_collections.wxc.recordings.plugins.module_utils._records import brief_ids, reasons_text, recording_facts, snake_name
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import preview_lines
from ansible_collections.wxc.recordings.plugins.module_utils._retention import ACTIONS, Holds, Policy
from ansible_collections.wxc.recordings.plugins.module_utils._retention_eval import evaluate
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan import (
    archive_ids,
    check_drift,
    listing_scope,
    plan_document,
    plan_writes,
    recheck_scope,
    step_ids,
    update_bin_ledger,
    validate_plan,
)
from ansible_collections.wxc.recordings.plugins.module_utils._retention_scope import (
    check_scope,
    describe_limit,
    in_scope,
    limit_for_apply,
    normalize_scope,
    scope_filters,
)
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PURGE, TRASH, plan_transition

# What the planner keeps of each listed recording (about 1.7 KB as listed): what rules, holds and drift read.
PLAN_KEYS = ("id", "status", "ownerEmail", "ownerId", "ownerType", "serviceType", "storageRegion", "createTime", "sizeBytes", "topic", "durationSeconds")
FILE_MODE = 0o600


# Values shared by many recordings: one string object each instead of one per recording (100,000 recordings).
INTERNED_KEYS = ("status", "ownerEmail", "ownerId", "ownerType", "serviceType", "storageRegion")


def slim_for_plan(recording):
    slim = {}
    for key in PLAN_KEYS:
        if key in recording:
            value = recording[key]
            slim[key] = sys.intern(value) if key in INTERNED_KEYS and isinstance(value, str) else value
    location = (recording.get("serviceData") or {}).get("locationId")
    if location:
        slim["serviceData"] = {"locationId": sys.intern(location) if isinstance(location, str) else location}
    return slim


# The snake_case name of each field slim_for_plan keeps, as recording_facts names it.
SLIM_FACT_NAMES = dict((key, snake_name(key)) for key in PLAN_KEYS)


def slim_facts(slim):
    """A slim recording (``slim_for_plan``) in the snake_case form of ``recording_facts``, which gives the same for
    it at several times the cost (the report reads 100,000 of them)."""
    facts = dict((SLIM_FACT_NAMES[key], value) for key, value in slim.items() if key != "serviceData")
    location = (slim.get("serviceData") or {}).get("locationId")
    if location is not None:
        facts["location_id"] = location
    return facts


def describe_scope(scope):
    """The listing scope as the plan file and the report state it: status -> from, to."""
    return dict((status, {"from": format_datetime(start), "to": format_datetime(end)}) for status, (start, end) in sorted(scope.items()))


def list_scope(client, scope, inventory=None, progress=None, limit=None):
    """The recordings of ``scope`` (status -> date range), slimmed; each written whole to ``inventory`` as it comes.

    Each page is reduced where it arrives, in the worker that fetched it: a window waiting for the ones before it
    holds slim recordings and their inventory lines, not whole API objects (about 1.7 KB each).
    ``limit``: ``(location UUIDs, owner emails)`` the run is limited to (``_retention_scope``), listed one by one.
    """
    locations, owners = limit or ((), ())

    def keep(item):
        if progress is not None:
            progress.add(done=1)
        if (locations or owners) and not in_scope(item, locations, owners):
            return None  # the server ignored a filter: never let another location's recordings into the plan
        line = json.dumps(recording_facts(item), sort_keys=True) if inventory is not None else None
        return line, slim_for_plan(item)

    recordings = []
    for status, (start, end) in sorted(scope.items()):
        for query in scope_filters(locations, owners):
            for line, recording in client.list_recordings(start, end, admin=True, status=status, keep=keep, **query):
                if line is not None:
                    inventory.write_encoded(line)
                recordings.append(recording)
    return recordings


def counts_of(entries):
    by_action = dict((action, 0) for action in ACTIONS)
    by_rule = {}
    for entry in entries:
        by_action[entry["action"]] += 1
        by_rule[entry["rule"]] = by_rule.get(entry["rule"], 0) + 1
    return by_action, by_rule


def held_rows(recordings, holds):
    rows = []
    for recording in recordings:
        reason = holds.reason(recording)
        if reason:
            rows.append({"id": recording.get("id"), "status": recording.get("status"), "owner_email": recording.get("ownerEmail"), "reason": reason})
    return rows


def check_output_paths(params, options, create_folders=False):
    """Fail on an output path whose folder is missing (or create it, ``create_folders``) or that is a folder."""
    for option in options:
        check_output_path(params.get(option), option, create_folders=create_folders)


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


def _read_ledger(path):
    if not path:
        return None
    if not os.path.exists(path):
        return {}
    ledger = read_json(path, "bin_ledger")
    if not isinstance(ledger, dict):
        raise OptionError("bin_ledger", "bin_ledger %s is not a JSON object" % path)
    return ledger


# ---------------------------------------------------------------------------------------------- plan


def policy_argument_spec():
    """The options of the policy and its plan files, shared by ``recording_retention_plan`` and ``recording_retention``
    (documented once, in the ``wxc.recordings.retention_policy`` doc fragment)."""
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
        location_ids=dict(type="list", elements="str", default=[]),
        owner_emails=dict(type="list", elements="str", default=[]),
        location_names=dict(type="bool", default=False),
        access_level=dict(type="str", default="admin", choices=["admin", "compliance_officer"]),
    )


def run_plan(module):
    """``recording_retention_plan``: list what the policy needs, evaluate (or re-check a plan), write the files."""
    result, checked = plan_step(module, module.params)
    if not module.params.get("summary_only"):
        result.update(
            entries=checked["entries"], ids=step_ids(checked["entries"]), held=checked["held"], refused=checked["refused"], unchanged=checked["unchanged"]
        )
    module.exit_json(**result)


def plan_step(module, params, listed_pass=None):
    """List what the policy needs, evaluate it (or re-check the plan ``apply_plan``), write the files ``params``
    name; returns the summary result and the checked plan (a dict). Fails the module on a wrong option or a failed
    listing.

    ``listed_pass(recordings, checked)``, when given, is called once the checked plan is made and before the listed
    recordings (slim, as ``slim_for_plan`` keeps them) are let go; it may consume the list (``recording_retention``
    reads it for the report, instead of writing an inventory file and reading it back)."""
    now = utc_now()
    try:
        check_output_paths(params, ("plan_file", "checked_plan_file", "plan_rows_file", "inventory_file"), params.get("create_folders"))
        check_output_paths(params, ("bin_ledger",))
        if params.get("apply_plan") and params.get("plan_file"):
            raise OptionError("plan_file", "plan_file and apply_plan are mutually exclusive: apply mode reads a plan, it does not write one")
        policy = policy_from(params)
        limit = normalize_scope(params.get("location_ids"), params.get("owner_emails"))
        check_scope(limit[0], limit[1], policy.quota_enabled)
        ledger = _read_ledger(params.get("bin_ledger"))
        document = planned = None
        if params.get("apply_plan"):
            document = read_json(params["apply_plan"], "apply_plan")
            planned = validate_plan(document, params["apply_plan"])
            limit = limit_for_apply(limit, document.get("limited_to"))
            check_scope(limit[0], limit[1], policy.quota_enabled)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)

    scope = listing_scope(policy, now) if document is None else recheck_scope(planned, now)
    client = client_from_module(module)
    inventory = JsonLinesFile(params["inventory_file"], mode=FILE_MODE) if params.get("inventory_file") else None
    found_locations = look_up_locations_in_background(client) if params.get("location_names") else None
    progress = progress_from_params(params, "retention plan")
    progress.phase("listing")
    try:
        recordings = list_scope(client, scope, inventory, progress=progress, limit=limit)
    except WebexError as error:
        if inventory is not None:
            inventory.discard()
        fail_from_error(module, client, error)
    progress.finish()
    if inventory is not None:
        inventory.commit()

    # The ledger is kept only when the recycle bin was listed (else every id would look newly seen next time).
    new_ledger = None
    if ledger is not None and "deleted" in scope:
        new_ledger = update_bin_ledger(ledger, [r.get("id") for r in recordings if r.get("status") == "deleted"], now)
    _described, fingerprint = policy.describe()

    written = []
    if document is None:
        evaluation = evaluate(recordings, policy, now=now, bin_first_seen=new_ledger)
        checked = plan_document(evaluation, policy, api_url=params.get("api_url"), now=now)
        checked.update(listed=describe_scope(scope), limited_to=describe_limit(*limit), held=evaluation["held"])
        del evaluation
        if listed_pass is not None:
            listed_pass(recordings, dict(checked, unchanged=[], refused=[]))
        del recordings  # the plan holds what it needs
        if params.get("plan_file"):
            # The plan file as it always was: without the held recordings (the plan rows and the report have them).
            written.append(write_json_rows(params["plan_file"], dict((k, v) for k, v in checked.items() if k != "held"), mode=FILE_MODE))
        checked.update(mode="plan", unchanged=[], refused=[])
        policy_changed = False
    else:
        current = dict((r.get("id"), r) for r in recordings)
        holds = Holds(_clean(params["legal_holds"]))
        confirmed, unchanged, refused = check_drift(planned, current, holds)
        by_action, by_rule = counts_of(confirmed)
        checked = dict(document)
        checked.update(
            mode="apply",
            entries=confirmed,
            unchanged=unchanged,
            refused=refused,
            held=held_rows(current.values(), holds),
            by_action=by_action,
            by_rule=by_rule,
            listed=describe_scope(scope),
            checked=format_datetime(now),
        )
        policy_changed = document.get("policy_sha256") != fingerprint
        del current
        if listed_pass is not None:
            listed_pass(recordings, checked)
        del recordings
    checked.update(policy_changed=policy_changed, limited_to=describe_limit(*limit), listed_at=format_datetime(now))
    if found_locations is not None:
        # In the checked plan too, for a report written by a later step (recording_retention after the archive step).
        checked["locations"] = found_locations.result()
    if params.get("checked_plan_file"):
        written.append(write_json_rows(params["checked_plan_file"], checked, mode=FILE_MODE))
    if params.get("plan_rows_file"):
        written.append(write_plan_rows(params["plan_rows_file"], checked))
    if inventory is not None:
        written.append(params["inventory_file"])
    if new_ledger is not None and not module.check_mode and new_ledger != ledger:
        write_json(params["bin_ledger"], new_ledger, mode=FILE_MODE)
        written.append(params["bin_ledger"])

    result = dict(
        # Nothing changes in Webex; what changes is on disk: the files this task exists to write (in check mode too).
        changed=bool(written),
        files_written=written,
        plan_file=params.get("apply_plan") or params.get("plan_file"),
        checked_plan_file=params.get("checked_plan_file"),
        inventory_file=params.get("inventory_file"),
        bin_ledger=params.get("bin_ledger") if new_ledger is not None else None,
        **plan_summary(checked),
    )
    to_archive = archive_ids(checked["entries"], checked["policy"].get("archive_before_trash"), checked["policy"].get("purge_enabled"))
    # What the next steps are about to do, for the role to print before they start.
    result["preview"] = preview_lines(checked["entries"], to_archive, dry_run=module.check_mode)
    if found_locations is not None:
        result["locations"] = checked["locations"]
    return result, checked


def plan_summary(checked):
    """What a checked plan says in counts, for a result and the report: the same whether the plan was just made or is
    read back from its file (``recording_retention`` after the archive step)."""
    policy = checked.get("policy") or {}
    return dict(
        mode=checked["mode"],
        plan_created=checked.get("created"),
        policy_sha256=checked.get("policy_sha256"),
        policy_changed=bool(checked.get("policy_changed")),
        storage=checked.get("storage") or {},
        by_action=checked["by_action"],
        by_rule=checked["by_rule"],
        count=len(checked["entries"]),
        archive_count=len(archive_ids(checked["entries"], policy.get("archive_before_trash"), policy.get("purge_enabled"))),
        held_count=len(checked.get("held") or []),
        unchanged_count=len(checked.get("unchanged") or []),
        refused_count=len(checked.get("refused") or []),
        refused_message=refused_message(checked.get("refused") or []),
        purge_disabled_count=int(checked.get("purge_disabled_count") or 0),
        listed=checked["listed"],
        limited_to=checked["limited_to"],
        listed_at=checked.get("listed_at"),
    )


def write_plan_rows(path, checked):
    """The checked plan's rows for the report, one JSON object per line: held recordings (action ``hold``), planned
    ones already done (``unchanged``) and refused ones (``refused``). The report reads them without loading the plan."""
    with JsonLinesFile(path, mode=FILE_MODE) as output:
        for row in checked.get("held") or []:
            output.write(dict(row, action="hold", outcome=HELD))
        for row in checked.get("unchanged") or []:
            output.write(dict(row, outcome=UNCHANGED))
        for row in checked.get("refused") or []:
            output.write(dict(row, outcome=REFUSED))
    return path


def refused_message(refused):
    """Why planned recordings were refused, cause first: one line per reason with its count and at most 20 ids."""
    if not refused:
        return ""
    return "%d planned recording(s) changed since the plan and were refused. %s" % (len(refused), reasons_text(refused, "changed since the plan"))


# ---------------------------------------------------------------------------------------------- apply


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
