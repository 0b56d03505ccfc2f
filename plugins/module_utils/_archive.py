# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""``wxc.recordings.recording_archive``'s flow: check the options, select, archive (or verify), report.

Internal use only: this module is not part of the collection's public API and may change at any time.

The glue only: the archiver is ``_archiver``, the layout ``_archive_paths``, the manifest ``_manifest``, the pure
decisions ``_archive_plan`` and every file write the file layer ``_files``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.wxc.recordings.plugins.module_utils._archive_lag import check_lag_options, lag_delays, wait_for_lagging
from ansible_collections.wxc.recordings.plugins.module_utils._archive_plan import diff_of, failure_message
from ansible_collections.wxc.recordings.plugins.module_utils._archiver import Archiver
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import ArchiveError, OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import DEFAULT_DIRECTORY_MODE, DEFAULT_MODE, JsonLinesFile, parse_mode, read_json
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import select_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import NOT_FOUND
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_from_params
from ansible_collections.wxc.recordings.plugins.module_utils._results import check_results_file
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan import archive_ids, validate_plan
from ansible_collections.wxc.recordings.plugins.module_utils._selection import SELECTION_CRITERIA, check_concurrency, validate_selection

DEFAULT_STATUSES = ["available"]
MAX_CONCURRENCY = 32


def run_module(module):
    """``wxc.recordings.recording_archive``: check the options, select, archive (or verify), report."""
    params = module.params
    validate_selection(module, statuses=DEFAULT_STATUSES)
    try:
        check_concurrency(params["concurrency"], maximum=MAX_CONCURRENCY)
        check_lag_options(params)
        # Before any request: a results file that cannot be written would fail the task after every download.
        check_results_file(params.get("results_file"))
        archiver = Archiver(
            None,
            params["dest"],
            path_template=params["path_template"],
            timezone_name=params["timezone"],
            show_all_types=params["show_all_types"],
            mode=parse_mode(params["mode"], DEFAULT_MODE),
            directory_mode=parse_mode(params["directory_mode"], DEFAULT_DIRECTORY_MODE, "directory_mode"),
            concurrency=params["concurrency"],
            check_mode=module.check_mode,
            access_level=params["access_level"],
            progress=progress_from_params(params, "archive"),
        )
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)

    client = client_from_module(module, concurrency=params["concurrency"])
    archiver.client = client
    not_found = []
    try:
        if params.get("plan_file"):
            params = dict(params, recording_ids=plan_archive_ids(params["plan_file"]))
        if params["verify_only"]:
            ids = None
            if any(params.get(option) is not None for option in SELECTION_CRITERIA + ("status",)):
                selected = select_recordings(client, params, params["access_level"], statuses=DEFAULT_STATUSES)
                ids = [recording["id"] for recording in selected]
                not_found = list(getattr(selected, "not_found", []))
            result = archiver.verify(ids, exclude=params.get("exclude_recording_ids"))
        elif params.get("plan_file") and not params["recording_ids"]:
            result = archiver.verify([])
        else:
            selected = select_recordings(client, params, params["access_level"], statuses=DEFAULT_STATUSES)
            result = archiver.run(list(selected))
            not_found = list(getattr(selected, "not_found", []))
            if not_found and params.get("not_found_wait"):
                # Webex's REST data lags a new recording's webhook: what was found is archived already; wait for the rest.
                delays = lag_delays(params["not_found_wait"], params["not_found_max_delay"])
                result, not_found = wait_for_lagging(result, not_found, archive_again(client, archiver, params), delays, time.sleep)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    except ArchiveError as error:
        module.fail_json(msg=client.redact(str(error)), changed=False)
    except WebexError as error:
        fail_from_error(module, client, error, changed=False)
    result["not_found"] = not_found
    if module._diff and not params["verify_only"]:
        result["diff"] = diff_of(result, archiver.replaced)
    if params["verify_only"] and result["mismatch_count"]:
        module.warn("%d of %d archived recordings do not match the manifest" % (result["mismatch_count"], len(result["recordings"])))
    if params.get("results_file"):
        unknown = [{"id": i, "outcome": NOT_FOUND, "error": "unknown to Webex"} for i in not_found]
        write_archive_results(module, params["results_file"], result["recordings"] + unknown)
    if params.get("summary_only"):
        result.pop("recordings")
    if result["failed_count"]:
        module.fail_json(msg=failure_message(result), **result)
    module.exit_json(**result)


def archive_again(client, archiver, params):
    """For ``wait_for_lagging``: look these ids up again and archive the ones that appeared."""

    def again(ids):
        selected = select_recordings(client, dict(params, recording_ids=ids), params["access_level"], statuses=DEFAULT_STATUSES)
        return (archiver.run(list(selected)) if len(selected) else None), list(getattr(selected, "not_found", []))

    return again


def plan_archive_ids(path):
    """The ids a retention plan archives (``plan_file``), checked as the planner checks a plan."""
    document = read_json(path, "plan_file")
    entries = validate_plan(document, path, option="plan_file")
    policy = document.get("policy") or {}
    return archive_ids(entries, policy.get("archive_before_trash"), policy.get("purge_enabled"))


def write_archive_results(module, path, recordings):
    """One line per recording, without its file list (the manifest has those), mode 0600."""
    try:
        with JsonLinesFile(path) as output:
            for recording in recordings:
                output.write(dict((key, value) for key, value in recording.items() if key != "files"))
    except (IOError, OSError) as error:
        module.fail_json(msg="results_file: cannot write %s: %s" % (path, error), option="results_file")
