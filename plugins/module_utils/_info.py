# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""recording_info: select recordings, add details and metadata on request, return them or write them to a file.

Internal use only: this module is not part of the collection's public API and may change at any time.

Read-only. Large organisations: ``summary_only`` and ``results_file`` stream a single listing straight through
(summing, writing line by line) instead of holding every recording in the result.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import JsonLinesFile
from ansible_collections.wxc.recordings.plugins.module_utils._locations import look_up_locations_in_background
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import iter_listed, select_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._records import Summary, recording_facts, snake_keys
from ansible_collections.wxc.recordings.plugins.module_utils._results import check_results_file, warn_not_found
from ansible_collections.wxc.recordings.plugins.module_utils._selection import check_concurrency, parse_selection, validate_selection

DEFAULT_STATUSES = ["available"]


def validate_info_options(params):
    check_concurrency(params.get("concurrency"))
    if params.get("summary_only"):
        for option in ("details", "metadata", "results_file"):
            if params.get(option):
                raise OptionError(option, "%s cannot be combined with summary_only, which returns no recordings" % option)
    if params.get("show_all_types") and not params.get("metadata"):
        raise OptionError("show_all_types", "show_all_types needs metadata=true")
    check_results_file(params.get("results_file"), params.get("create_folders"))


def _is_not_found(error):
    return isinstance(error, WebexError) and error.status == 404


def enriched(client, recordings, details=False, metadata=False, show_all_types=False, concurrency=8, detailed=False):
    """Yield ``(raw, facts)`` per recording, with details and metadata fetched ``concurrency`` at a time.

    ``detailed``: the recordings already are details (fetched by id), so only metadata may be missing.
    A recording deleted between the listing and its details keeps its listed fields.
    """
    want_details = details and not detailed

    def fetch(recording):
        full, meta = recording, None
        if want_details:
            try:
                full = client.get_recording(recording["id"])
            except WebexError as error:
                if not _is_not_found(error):
                    raise
        if metadata:
            try:
                meta = client.get_metadata(recording["id"], show_all_types=show_all_types)
            except WebexError as error:
                if not _is_not_found(error):
                    raise
        return full, meta

    if not (want_details or metadata):
        for recording in recordings:
            yield recording, recording_facts(recording)
        return
    for _recording, fetched, error in map_bounded(fetch, recordings, concurrency):
        if error is not None:
            raise error
        full, meta = fetched
        facts = recording_facts(full)
        if metadata:
            facts["metadata"] = snake_keys(meta) if meta else None
        yield full, facts


def summarized(stream, summary, output=None):
    """Yield the facts of each ``(raw, facts)`` of ``stream``, counted in ``summary`` (a ``Summary``) and written to
    ``output`` (a ``JsonLinesFile``, or None) on the way: one pass, one recording in memory at a time.

    The caller commits or discards ``output``.
    """
    for raw, facts in stream:
        summary.add(raw)
        if output is not None:
            output.write(facts)
        yield facts


def collect_info(client, params):
    """The result of recording_info (without ``changed``)."""
    selection = parse_selection(params, statuses=DEFAULT_STATUSES)
    found_locations = look_up_locations_in_background(client) if params.get("location_names") else None
    not_found = []
    detailed = False
    if selection.recording_ids is not None:
        recordings = select_recordings(client, params, statuses=DEFAULT_STATUSES)
        not_found = recordings.not_found
        detailed = True
    else:
        recordings = iter_listed(client, selection)
    stream = enriched(
        client,
        recordings,
        details=params.get("details"),
        metadata=params.get("metadata"),
        show_all_types=params.get("show_all_types"),
        concurrency=client.concurrency,
        detailed=detailed,
    )
    summary = Summary()
    result = {}
    if params.get("results_file"):
        output = JsonLinesFile(params["results_file"])
        try:
            for _facts in summarized(stream, summary, output):
                pass
        except BaseException:
            output.discard()
            raise
        output.commit()
        result["results_file"] = params["results_file"]
    elif params.get("summary_only"):
        for _facts in summarized(stream, summary):
            pass
    else:
        result["recordings"] = list(summarized(stream, summary))
    result["count"] = summary.count
    result["summary"] = summary.as_dict()
    result["not_found"] = list(not_found)
    if found_locations is not None:
        result["locations"] = found_locations.result()
    return result


def run_info(module):
    """The whole task for recording_info."""
    validate_selection(module, statuses=DEFAULT_STATUSES)
    try:
        validate_info_options(module.params)
    except OptionError as exc:
        module.fail_json(msg=exc.message, option=exc.option)
    client = client_from_module(module, concurrency=module.params["concurrency"])
    try:
        result = collect_info(client, module.params)
    except WebexError as error:
        fail_from_error(module, client, error)
    except (IOError, OSError) as error:
        module.fail_json(msg="results_file: cannot write %s: %s" % (module.params.get("results_file"), error))
    warn_not_found(module, result["not_found"])
    module.exit_json(changed=False, **result)
