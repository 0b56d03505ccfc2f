# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""``wxc.recordings.recording_storage_report``'s flow: list the recordings and write the storage report, in one pass.

Internal use only: this module is not part of the collection's public API and may change at any time.

What ``recording_info`` (``results_file``, ``location_names``) and then ``recording_report`` (``inventory_file``) did
in two processes, with their pieces: the listing (``_lookup.iter_listed``, ``_info.enriched``, ``_info.summarized``)
streams each recording's facts into ``_reporting.build_report`` (and, with ``inventory_file``, into the JSON lines
file on the way); the location names are looked up in the background meanwhile (``_locations``). The report is the
one the two modules wrote from the same listing: the same inventory, in the same order, the same facts.

Read-only in Webex. The report files (and the inventory) are the output, so they are written in check mode too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import os

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile, check_output_path
from ansible_collections.wxc.recordings.plugins.module_utils._info import DEFAULT_STATUSES, enriched, summarized
from ansible_collections.wxc.recordings.plugins.module_utils._locations import look_up_locations_in_background
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import iter_listed
from ansible_collections.wxc.recordings.plugins.module_utils._module import access_level_argument_spec, client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_argument_spec, progress_from_params
from ansible_collections.wxc.recordings.plugins.module_utils._records import Summary
from ansible_collections.wxc.recordings.plugins.module_utils._report_files import render_files, report_paths, write_into
from ansible_collections.wxc.recordings.plugins.module_utils._report_run import check_report_options, report_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import message_lines
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import build_report, summary_of
from ansible_collections.wxc.recordings.plugins.module_utils._selection import parse_selection, selection_argument_spec

TITLE = "Webex Calling recordings storage"
# recording_report's options this module shares, with their types, choices and defaults.
REPORT_OPTIONS = ("dest", "name", "quota_gb", "target_gb", "oldest_count", "top_count", "table_limit", "csv_rows", "formats", "mode")
# What the result's summary adds of the listing's (recording_info's summary without its per-owner and per-location
# counts: the report has those, with their bytes, and a fleet run keeps each org's summary).
LISTING_SUMMARY = ("count", "total_size_bytes", "total_duration_seconds", "by_status", "oldest_create_time", "newest_create_time")


def storage_report_argument_spec():
    """The options of ``wxc.recordings.recording_storage_report`` (the connection options come from ``build_module``)."""
    report = report_argument_spec()
    spec = dict((option, report[option]) for option in REPORT_OPTIONS)
    spec.update(
        title=dict(report["title"], default=TITLE),
        # A storage report has no actions: one CSV row per recording.
        csv_rows=dict(report["csv_rows"], default="all"),
        status=selection_argument_spec()["status"],
        create_folders=dict(type="bool", default=False),
        location_names=dict(type="bool", default=True),
        inventory_file=dict(type="path"),
    )
    spec.update(access_level_argument_spec())
    spec.update(progress_argument_spec())
    return spec


def check_options(params):
    """``(selection, file mode)``; raises ``OptionError`` naming the first wrong option, before any request."""
    selection = parse_selection(params, statuses=DEFAULT_STATUSES)
    mode = check_report_options(params)
    dest = params["dest"]
    if os.path.exists(dest) and not os.path.isdir(dest):
        raise OptionError("dest", "dest: %s is not a folder" % dest)
    check_output_path(params.get("inventory_file"), "inventory_file", create_folders=params["create_folders"])
    return selection, mode


def storage_facts(summary, selection):
    """The facts at the top of the report, as the storage_report role gave them to recording_report."""
    return {"recordings": summary.count, "statuses": ", ".join(selection.statuses), "oldest_create_time": summary.oldest}


def list_and_build(client, params, selection, inventory=None, progress=None, found_locations=None):
    """``(report, summary)``: the listing streamed into ``build_report`` (and into ``inventory``, a ``JsonLinesFile``).

    The location names arrive while the listing runs; ``build_report`` reads them only once the listing is read,
    so the stream hands them over at its end (and waits for them there, if it must).
    """
    summary = Summary()
    names = {}

    def listing():
        if progress is not None:
            progress.phase("listing")
        for facts in summarized(enriched(client, iter_listed(client, selection)), summary, inventory):
            if progress is not None:
                progress.add(done=1)
            yield facts
        if found_locations is not None:
            names.update(found_locations.result()["names"])

    report = build_report(
        listing(),
        title=params["title"],
        kind="storage",
        quota_gb=params["quota_gb"],
        target_gb=params.get("target_gb"),
        oldest_count=params["oldest_count"],
        top_count=params["top_count"],
        csv_rows=params["csv_rows"],
        location_names=names,
    )
    # Known once the listing is read (build_report only keeps its facts).
    report["facts"] = storage_facts(summary, selection)
    return report, summary


def run_storage_report(module):
    """``wxc.recordings.recording_storage_report``: check, list into the report (and the inventory), write, exit."""
    params = module.params
    try:
        selection, mode = check_options(params)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    client = client_from_module(module)
    found_locations = look_up_locations_in_background(client) if params["location_names"] else None
    progress = progress_from_params(params, "storage report")
    inventory_file = params.get("inventory_file")
    try:
        # The inventory is written to <inventory_file>.part and renamed when the listing is complete (and read).
        with JsonLinesFile(inventory_file) if inventory_file else contextlib.nullcontext() as inventory:
            report, summary = list_and_build(client, params, selection, inventory, progress, found_locations)
    except WebexError as error:
        fail_from_error(module, client, error)
    except (IOError, OSError) as error:
        module.fail_json(msg="inventory_file: cannot write %s: %s" % (inventory_file, error), option="inventory_file")
    files = render_files(report, params["dest"], params["name"], formats=params["formats"], table_limit=params["table_limit"])
    # changed: a report file was created or changed, or the inventory was written.
    changed = write_into(module, files, params["dest"], mode) or bool(inventory_file)
    progress.finish()
    paths = dict(report_paths(params["dest"], params["name"], params["formats"]))
    lines = message_lines(report, paths)
    listed = summary.as_dict()
    result = dict(
        changed=changed,
        files=paths,
        summary=dict(summary_of(report), **dict((key, listed[key]) for key in LISTING_SUMMARY)),
        message="\n".join(lines),
        message_lines=lines,
        count=summary.count,
        inventory_file=inventory_file,
    )
    if found_locations is not None:
        result["locations"] = found_locations.result()
    module.exit_json(**result)
