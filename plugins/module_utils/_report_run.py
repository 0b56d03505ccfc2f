# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""``wxc.recordings.recording_report``'s flow: check the options, gather the steps, build the report, write it.

Internal use only: this module is not part of the collection's public API and may change at any time.

The module makes no API call. Its files are its output, so they are written in check mode too (a dry run's report is
what the dry run is for); ``changed`` says whether a report file was created or changed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import DEFAULT_MODE, parse_mode
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_report_render import metadata_argument_spec, run_metadata_report
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import ORDER, REFUSED
from ansible_collections.wxc.recordings.plugins.module_utils._report_files import FORMATS, render_files, write_and_exit
from ansible_collections.wxc.recordings.plugins.module_utils._report_rows import steps_from_checked_plan
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import message_lines
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import build_report, read_inventory, summary_of


def report_argument_spec():
    """The options of ``wxc.recordings.recording_report``."""
    return dict(
        dest=dict(type="path", required=True),
        name=dict(type="str", required=True),
        title=dict(type="str", default="Webex Calling recordings"),
        kind=dict(type="str", default="storage", choices=["storage", "offboarding", "retention", "archive", "custom"]),
        inventory_file=dict(type="path"),
        recordings=dict(type="list", elements="dict", default=[]),
        steps=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                action=dict(type="str", required=True),
                result=dict(type="dict"),
                recordings=dict(type="list", elements="dict"),
                ids=dict(type="list", elements="str"),
                outcome=dict(type="str", default=REFUSED, choices=list(ORDER)),
                reason=dict(type="str"),
                results_file=dict(type="path"),
            ),
        ),
        plan_file=dict(type="path"),
        plan_entries=dict(type="list", elements="dict", default=[]),
        facts=dict(type="dict", default={}),
        quota_gb=dict(type="float", default=100),
        target_gb=dict(type="float"),
        dry_run=dict(type="bool", default=False),
        oldest_count=dict(type="int", default=20),
        top_count=dict(type="int", default=15),
        table_limit=dict(type="int", default=1000),
        csv_rows=dict(type="str", default="auto", choices=["auto", "actions", "all"]),
        location_names=dict(type="dict", default={}),
        formats=dict(type="list", elements="str", default=list(FORMATS), choices=list(FORMATS)),
        mode=dict(type="raw", default="0600"),
        # A calls report from the metadata export instead (_metadata_report_render).
        **metadata_argument_spec()
    )


def check_report_options(params):
    """The file mode of the report files; raises ``OptionError`` for the first wrong option of those every report
    module shares (``name``, ``mode``, ``quota_gb``, ``oldest_count``, ``top_count``, ``table_limit``)."""
    name = params["name"]
    if not name or "/" in name or name in (".", ".."):
        raise OptionError("name", "name must be a file name without folders, got %r" % name)
    mode = parse_mode(params["mode"], DEFAULT_MODE)
    if params["quota_gb"] <= 0:
        raise OptionError("quota_gb", "quota_gb must be greater than 0")
    for option in ("oldest_count", "top_count", "table_limit"):
        if params[option] < 1:
            raise OptionError(option, "%s must be 1 or more" % option)
    return mode


def check_options(params):
    """The file mode, or ``(option, message)`` for the first wrong option (checked before anything is read or written)."""
    try:
        mode = check_report_options(params)
    except OptionError as error:
        return None, (error.option, error.message)
    inventory_file = params.get("inventory_file")
    if inventory_file and not os.path.isfile(inventory_file):
        return None, ("inventory_file", "inventory_file %s does not exist" % inventory_file)
    return mode, None


def report_steps(params, plan_document=None):
    """The steps the report is built from: a checked plan's held, done and refused recordings, then ``steps``.

    Results of skipped tasks, and results files that do not exist (their step did not run), add nothing.
    """
    steps = steps_from_checked_plan(plan_document) if plan_document is not None else []
    for step in params["steps"]:
        result = step.get("result") or {}
        if result.get("skipped") and not result.get("recordings"):
            continue
        if step.get("results_file") and not os.path.exists(step["results_file"]):
            continue
        steps.append(
            {
                "action": step["action"],
                "result": result if step.get("result") is not None else None,
                "recordings": step.get("recordings"),
                "ids": step.get("ids"),
                "outcome": step.get("outcome"),
                "reason": step.get("reason"),
                "results_file": step.get("results_file"),
            }
        )
    return steps


def plan_rules(params, plan_document=None):
    """The plan entries that give each row its rule: ``plan_entries``, then a checked plan's entries."""
    entries = list(params["plan_entries"])
    if plan_document is not None:
        for key in ("entries", "refused", "unchanged"):
            entries.extend(plan_document.get(key) or [])
    return entries


def run_report(module):
    """``wxc.recordings.recording_report``: check, read the inputs, build the report, write its files, exit."""
    params = module.params
    mode, problem = check_options(params)
    if problem is not None:
        module.fail_json(msg=problem[1], option=problem[0])
    if params.get("metadata_file"):
        run_metadata_report(module, mode)
        return
    plan_document = None
    if params.get("plan_file"):
        try:
            with open(params["plan_file"]) as handle:
                plan_document = json.load(handle)
        except (IOError, OSError, ValueError) as error:
            module.fail_json(msg="plan_file: cannot read %s: %s" % (params["plan_file"], error), option="plan_file")
    inventory_file = params.get("inventory_file")

    def inventory():
        yield from params["recordings"]
        if inventory_file:
            yield from read_inventory(inventory_file)

    try:
        report = build_report(
            inventory(),
            steps=report_steps(params, plan_document),
            plan_entries=plan_rules(params, plan_document),
            facts=params["facts"],
            title=params["title"],
            kind=params["kind"],
            quota_gb=params["quota_gb"],
            target_gb=params.get("target_gb"),
            dry_run=params["dry_run"],
            oldest_count=params["oldest_count"],
            top_count=params["top_count"],
            csv_rows=params["csv_rows"],
            location_names=params["location_names"],
        )
    except ValueError as error:
        module.fail_json(msg="inventory_file %s: not JSON lines: %s" % (inventory_file, error), option="inventory_file")
    files = render_files(report, params["dest"], params["name"], formats=params["formats"], table_limit=params["table_limit"])
    write_and_exit(module, report, files, mode, summary_of(report), message_lines)
