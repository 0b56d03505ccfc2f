# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""``wxc.recordings.recording_retention``: the retention role's run in as few module processes as it can be.

Internal use only: this module is not part of the collection's public API and may change at any time.

Why one process: on a small machine each module task costs about 0.3 s before it does anything, and the role used to
run three (plan, apply, report) where the trash module alone runs one. Here the plan, the writes and the report are
the same steps (``_retention_plan_step.plan_step`` and ``_retention_apply_step.apply_step``, the report model's ``read_listing`` and
``report_from``), called in a row; the report reads the listing the plan step holds in memory (``ListedPass``).

Two calls make a run whose plan archives recordings, because the archive step needs the compliance officer's token
and its own module: the first call plans, writes the checked plan and stops before any write
(``archive_pending``); after ``recording_archive``, the second call (``after_archive``) reads the checked plan back,
verifies the archives, trashes, purges and writes the report. Every file of the run is named by ``run_files``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile, check_output_path, write_json_rows
from ansible_collections.wxc.recordings.plugins.module_utils._report_files import render_files, report_paths, write_into
from ansible_collections.wxc.recordings.plugins.module_utils._report_rows import rows_from_steps
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import message_lines
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import read_inventory, read_listing, report_from, summary_of
from ansible_collections.wxc.recordings.plugins.module_utils._retention_apply_step import apply_step, read_checked_plan
from ansible_collections.wxc.recordings.plugins.module_utils._retention_options import policy_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan import archive_ids
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan_step import (
    FILE_MODE,
    plan_step,
    plan_summary,
    slim_facts,
)

REPORT_TITLE = "Retention run"


def job_argument_spec():
    """The options of ``wxc.recordings.recording_retention``: the policy (as ``recording_retention_plan``), the run's
    folder and name, the archive the apply step verifies, and the second call."""
    spec = policy_argument_spec()
    spec.update(
        report_dir=dict(type="path", required=True),
        run_name=dict(type="str", required=True),
        archive_dest=dict(type="path"),
        archive_error=dict(type="str", default=""),
        after_archive=dict(type="bool", default=False),
        fail_on_unarchived=dict(type="bool", default=False),
        fail_on_drift=dict(type="bool", default=False),
        progress_file=dict(type="path"),
    )
    return spec


def run_files(report_dir, run_name):
    """Every file of one run, by what it holds: the steps hand each other these, never lists of ids."""

    def named(suffix):
        return os.path.join(report_dir, "%s-%s" % (run_name, suffix))

    return {
        "plan": named("plan.json"),
        "checked_plan": named("checked-plan.json"),
        "plan_rows": named("plan-rows.jsonl"),
        "inventory": named("inventory.jsonl"),
        "archive": named("archive.jsonl"),
        "results": named("results.jsonl"),
        "progress": named("progress.json"),
    }


def check_run_name(run_name):
    """The run's name is the start of its file names: a name, not a path."""
    if not run_name or "/" in run_name or run_name in (".", ".."):
        raise OptionError("run_name", "run_name must be a file name without folders, got %r" % run_name)


def report_facts(plan, apply, policy):
    """The facts the retention report shows, from the plan's summary (``plan_summary``), the apply step's result and
    the plan's policy (what was applied, which in apply mode is the reviewed plan's, not today's variables)."""
    limited_to = plan.get("limited_to") or {}
    return {
        "mode": plan["mode"],
        "plan_file": plan.get("plan_file"),
        "plan_created": plan.get("plan_created"),
        "policy_sha256": plan.get("policy_sha256"),
        "policy_changed_since_plan": bool(plan.get("policy_changed")),
        "listed": plan.get("listed"),
        "limited_to_locations": ", ".join(limited_to.get("location_ids") or []) or "all",
        "limited_to_owners": ", ".join(limited_to.get("owner_emails") or []) or "all",
        "planned_by_rule": plan["by_rule"],
        "planned_by_action": plan["by_action"],
        "held_by_legal_hold": plan["held_count"],
        "already_done": plan["unchanged_count"],
        "refused_drift": plan["refused_count"],
        "purge_enabled": bool(policy.get("purge_enabled")),
        "not_purged_purge_disabled": plan["purge_disabled_count"],
        "quota_enabled": bool(policy.get("quota_enabled")),
        "kept_archive_not_verified": apply["kept_count"],
        "archive_step_failed": apply.get("archive_error") or "-",
        "tracking_ids": apply.get("tracking_ids") or [],
    }


def run_failures(plan, apply, fail_on_unarchived=False, fail_on_drift=False, dry_run=False):
    """Why the run must end failed, cause first, one message each (empty: it ends well). The role fails with them
    after the report is written and the summary sent, so that what was done is on record.

    A step that failed always fails the run. Recordings kept for want of a verified archive fail it with
    ``fail_on_unarchived``, outside a dry run (a dry run cannot verify an archive it has not downloaded). Planned
    recordings refused for drift fail it with ``fail_on_drift``; those already done never do (an AWX retry).
    """
    failures = []
    if apply.get("failures"):
        failures.append("%s." % "; ".join(apply["failures"]))
    if fail_on_unarchived and not dry_run and apply.get("kept_count"):
        failures.append(apply["kept_message"])
    if fail_on_drift and plan.get("refused_count"):
        failures.append(plan["refused_message"])
    return failures


def report_steps(files):
    """The report's steps: the plan's rows (held, already done, refused), the archive step's and the apply step's
    results; a file that does not exist (its step did not run) adds nothing. The apply step's rows are read back from
    its file rather than kept in memory through the writes (at 100,000 recordings that would be 40 MB more at the
    process's peak)."""
    steps = []
    for action, key in (("plan", "plan_rows"), ("archive", "archive"), ("apply", "results")):
        if os.path.exists(files[key]):
            steps.append({"action": action, "results_file": files[key]})
    return steps


def planned_ids(checked):
    """Every id a row of the report names: what the plan acts on, and what it holds, found done or refused."""
    ids = set()
    for key in ("entries", "held", "unchanged", "refused"):
        ids.update(row.get("id") for row in checked.get(key) or [])
    return ids


def needs_archive(checked):
    """Whether the checked plan archives recordings before it trashes or purges (its ``archive_count``)."""
    policy = checked.get("policy") or {}
    return bool(archive_ids(checked["entries"], policy.get("archive_before_trash"), policy.get("purge_enabled")))


def _drain(recordings):
    """The slim recordings of a list as facts, emptying it as they go: each one's memory is free once the report has
    read it."""
    while recordings:
        yield slim_facts(recordings.pop())


class ListedPass:
    """What the report needs of the listing, taken while the plan step still holds the listed recordings.

    When nothing needs an archive first, the report's pass over the listing (``_reporting.read_listing``) runs on
    them in memory: no inventory file is written during the listing and read back (at 100,000 recordings, seconds
    of JSON in and out). When the plan archives, the run goes on in a second call: the listing is written to the
    run's inventory file (the fields the report reads), and that call reads it.
    """

    def __init__(self, inventory_path):
        self.inventory_path = inventory_path
        self.listed = None

    def __call__(self, recordings, checked):
        if needs_archive(checked):
            with JsonLinesFile(self.inventory_path, mode=FILE_MODE) as output:
                for recording in recordings:
                    output.write(slim_facts(recording))
            return
        self.listed = read_listing(_drain(recordings), planned_ids(checked))


def write_run_report(module, files, plan, apply, context, listed, report_dir, run_name):
    """The report from the listing's pass (``read_listing``) and the steps' files, written as JSON, CSV and HTML;
    returns the report part of the result (paths, summary, message). ``context``: the plan's policy and location
    names."""
    policy = context.get("policy") or {}
    try:
        report = report_from(
            listed,
            rows_from_steps(report_steps(files)),
            facts=report_facts(plan, apply, policy),
            title=REPORT_TITLE,
            kind="retention",
            quota_gb=policy.get("quota_gb", 100),
            target_gb=policy.get("target_gb"),
            dry_run=module.check_mode,
            location_names=(context.get("locations") or {}).get("names") or {},
        )
    except (IOError, OSError, ValueError) as error:
        module.fail_json(msg="report_dir: cannot read the run's results in %s: %s" % (report_dir, error), option="report_dir")
    write_into(module, render_files(report, report_dir, run_name), report_dir, FILE_MODE, option="report_dir")
    paths = dict(report_paths(report_dir, run_name))
    lines = message_lines(report, paths)
    return {"files": paths, "summary": summary_of(report), "message": "\n".join(lines), "message_lines": lines}


def run_retention(module):
    """Plan (or re-check an approved plan); when nothing needs an archive first, trash, purge and write the report in
    the same process. When the plan archives recordings, stop before any write with ``archive_pending``."""
    params = module.params
    report_dir, run_name = params["report_dir"], params["run_name"]
    files = run_files(report_dir, run_name)
    # What the long steps are doing, kept up to date while they run (the wxc.recordings.progress callback prints it).
    progress_file = params.get("progress_file") or files["progress"]
    try:
        check_run_name(run_name)
        # The report folder (mode 0700), in check mode too: the plan and the report are what a dry run is for.
        check_output_path(files["plan"], "report_dir", create_folders=True)
        if params["after_archive"]:
            checked = read_checked_plan(files["checked_plan"], "after_archive")
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    except (IOError, OSError) as error:
        module.fail_json(msg="report_dir: cannot create %s: %s" % (report_dir, error), option="report_dir")

    if params["after_archive"]:
        plan = dict(plan_summary(checked), plan_file=checked.get("plan_file"), checked_plan_file=files["checked_plan"])
        if "locations" in checked:
            plan["locations"] = checked["locations"]
        try:
            listed = read_listing(read_inventory(files["inventory"]), planned_ids(checked))
        except (IOError, OSError, ValueError) as error:
            module.fail_json(msg="after_archive: cannot read the first call's %s: %s" % (files["inventory"], error), option="after_archive")
    else:
        step_params = dict(
            params,
            progress_file=progress_file,
            plan_file=None if params.get("apply_plan") else (params.get("plan_file") or files["plan"]),
            plan_rows_file=files["plan_rows"],
            # No inventory written while listing: the report reads the listing in memory (ListedPass).
            inventory_file=None,
            create_folders=True,
            # Written below only when a later step needs it (the archive step and the second call).
            checked_plan_file=None,
        )
        listed_pass = ListedPass(files["inventory"])
        plan, checked = plan_step(module, step_params, listed_pass=listed_pass)
        listed = listed_pass.listed
        if plan["archive_count"]:
            checked["plan_file"] = plan["plan_file"]
            write_json_rows(files["checked_plan"], checked, mode=FILE_MODE)
            plan["checked_plan_file"] = files["checked_plan"]
            module.exit_json(changed=False, run_name=run_name, archive_pending=plan["archive_count"], files=files, plan=plan, apply={}, report={}, failures=[])

    apply_params = dict(
        results_file=files["results"],
        archive_results_file=files["archive"],
        archive_dest=params.get("archive_dest"),
        archive_error=params.get("archive_error"),
        progress_file=progress_file,
    )
    apply = apply_step(module, apply_params, checked)
    # What the report needs of the checked plan; its entries (tens of thousands at 100,000 recordings) go now,
    # before the report holds its own rows (the process's peak memory).
    context = {"policy": checked.get("policy"), "locations": checked.get("locations")}
    del checked
    report = write_run_report(module, files, plan, apply, context, listed, report_dir, run_name)
    failures = run_failures(plan, apply, params["fail_on_unarchived"], params["fail_on_drift"], dry_run=module.check_mode)
    # What changes in Webex is the change: the plan and the report are the run's output, new on every run.
    module.exit_json(changed=apply["changed"], run_name=run_name, archive_pending=0, files=files, plan=plan, apply=apply, report=report, failures=failures)
