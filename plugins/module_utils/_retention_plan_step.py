# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The retention run's plan step (``plan_step``) and ``recording_retention_plan``'s flow (``run_plan``).

Internal use only: this module is not part of the collection's public API and may change at any time.

Every decision is a pure function of ``_retention``, ``_retention_eval`` and ``_retention_plan``; this file lists
what the policy needs (``list_scope``), reads the plan to re-check and the recycle-bin ledger, and writes the plan,
the checked plan (what this run acts on, what is already done, what was refused, what is held) and the plan's rows
for the report. ``_retention_apply_step`` carries the checked plan out; ``_retention_job`` runs both in one process.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile, check_output_path, read_json, write_json, write_json_rows
from ansible_collections.wxc.recordings.plugins.module_utils._locations import look_up_locations_in_background
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import (
    HELD,
    REFUSED,
    UNCHANGED,
)
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_from_params
from ansible_collections.wxc.recordings.plugins.module_utils._records import reasons_text, recording_facts, snake_name
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import preview_lines
from ansible_collections.wxc.recordings.plugins.module_utils._retention import ACTIONS, Holds, Policy
from ansible_collections.wxc.recordings.plugins.module_utils._retention_eval import evaluate
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan import (
    archive_ids,
    check_drift,
    listing_scope,
    plan_document,
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
