# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""``wxc.recordings.recording_metadata_export``'s flow: check, list, fetch metadata, stream the rows, move the watermark.

Internal use only: this module is not part of the collection's public API and may change at any time.

Every decision (columns, redaction, what is new, the next state) is in ``_metadata_export``; this file lists
(``_lookup.iter_listed``: 30-day windows, the API's filters), fetches each new recording's metadata with the
client's bounded concurrency (``map_bounded``) and streams each row to the CSV and JSON lines files as it comes
(``_files.AtomicFile``: ``.part`` then rename, mode 0600 unless ``mode`` says otherwise). No row list is held: memory
stays flat whatever the number of recordings (with several ``status``, ``iter_listed`` merges the listings by time and
holds their slim items, ``LIST_FIELDS``, not rows). The state file is written last, once the files are complete, so a run
that fails exports nothing and moves no watermark.

Requests: the list pages, and one metadata ``GET`` per recording not yet exported; nothing else. Check mode lists and
counts, sends no metadata request and writes nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import json
import os
from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._dates import RETENTION_DAYS, format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import DEFAULT_MODE, AtomicFile, JsonLinesFile, parse_mode, write_json
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import iter_listed
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_export import (
    COLUMNS,
    DEFAULT_OVERLAP_MINUTES,
    LIST_FIELDS,
    REDACT_CHOICES,
    already_exported,
    csv_values,
    dropped_pending,
    export_row,
    listing_start,
    next_state,
    validate_state,
)
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._records import brief_ids
from ansible_collections.wxc.recordings.plugins.module_utils._selection import check_concurrency, parse_selection, selection_argument_spec

DEFAULT_STATUSES = ["available"]
# The selection options this module takes (a subset of the wxc.recordings.selection fragment's).
SELECTION_OPTIONS = (
    "access_level",
    "status",
    "owner_email",
    "owner_id",
    "location_id",
    "owner_type",
    "service_type",
    "topic",
    "created_after",
    "newer_than_days",
)
FILE_OPTIONS = ("csv_file", "jsonl_file", "state_file")
PENDING_LISTED = 100  # the result lists at most this many pending recordings (the state file has them all)


def export_argument_spec():
    """The options of ``wxc.recordings.recording_metadata_export`` (the connection options are added by build_module)."""
    selection = selection_argument_spec()
    spec = dict((name, selection[name]) for name in SELECTION_OPTIONS)
    spec["status"] = dict(selection["status"], default=list(DEFAULT_STATUSES))
    spec.update(
        csv_file=dict(type="path"),
        jsonl_file=dict(type="path"),
        state_file=dict(type="path"),
        redact=dict(type="str", default="none", choices=list(REDACT_CHOICES)),
        redact_salt=dict(type="str", no_log=True),
        overlap_minutes=dict(type="int", default=DEFAULT_OVERLAP_MINUTES),
        concurrency=dict(type="int", default=8),
        mode=dict(type="raw", default="0600"),
    )
    return spec


EXPORT_MUTUALLY_EXCLUSIVE = [["created_after", "newer_than_days"], ["owner_email", "owner_id"]]
EXPORT_REQUIRED_ONE_OF = [["csv_file", "jsonl_file"]]


def check_file_options(params):
    for option in FILE_OPTIONS:
        path = params.get(option)
        if path is None:
            continue
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise OptionError(option, "%s: folder %s does not exist" % (option, folder))
        if os.path.isdir(path):
            raise OptionError(option, "%s: %s is a folder, not a file" % (option, path))
    paths = [os.path.abspath(params[option]) for option in FILE_OPTIONS if params.get(option)]
    if len(set(paths)) != len(paths):
        raise OptionError("state_file" if params.get("state_file") else "jsonl_file", "csv_file, jsonl_file and state_file must be three different files")


def read_state(path):
    """The state file's document, or None when there is none yet (the first run)."""
    if not path or not os.path.exists(path):
        return None
    try:
        with open(path) as handle:
            document = json.load(handle)
    except (IOError, OSError, ValueError) as error:
        raise OptionError("state_file", "state_file: cannot read %s: %s" % (path, error)) from None
    return validate_state(document)


def check_options(params, now):
    """``(file mode, state, selection)``; raises ``OptionError`` naming the first wrong option, before any request."""
    check_concurrency(params.get("concurrency"))
    if params["overlap_minutes"] < 0:
        raise OptionError("overlap_minutes", "overlap_minutes must be 0 or more, got %s" % params["overlap_minutes"])
    if params.get("redact_salt") and params["redact"] != "hash":
        raise OptionError("redact_salt", "redact_salt is the key of redact=hash; with redact=%s it would be ignored" % params["redact"])
    mode = parse_mode(params.get("mode"), DEFAULT_MODE)
    check_file_options(params)
    given = parse_selection(params, statuses=DEFAULT_STATUSES, now=now)
    state = read_state(params.get("state_file"))
    # Without a lower bound, the retention year (what Webex keeps).
    earliest = given.created_after if given.created_after is not None else now - timedelta(days=RETENTION_DAYS)
    start = listing_start(state, now, params["overlap_minutes"], earliest)
    listed = dict(params, created_after=format_datetime(start), newer_than_days=None, created_before=None, older_than_days=None)
    return mode, state, parse_selection(listed, statuses=DEFAULT_STATUSES, now=now)


def _is_missing(error):
    return isinstance(error, WebexError) and error.status == 404


class Outputs:
    """The export files of one run, written as the rows come and committed together (or discarded together)."""

    def __init__(self, csv_path, jsonl_path, mode):
        self.csv = self.jsonl = self.writer = None
        try:
            if csv_path:
                self.csv = AtomicFile(csv_path, mode, text=True)
                self.writer = csv.writer(self.csv, lineterminator="\n")
                self.writer.writerow(COLUMNS)
            if jsonl_path:
                self.jsonl = JsonLinesFile(jsonl_path, mode)
        except BaseException:
            self.discard()
            raise

    def write(self, row):
        if self.writer is not None:
            self.writer.writerow(csv_values(row))
        if self.jsonl is not None:
            self.jsonl.write(row)

    def commit(self):
        for output in (self.csv, self.jsonl):
            if output is not None:
                output.commit()

    def discard(self):
        for output in (self.csv, self.jsonl):
            if output is not None:
                output.discard()


def export(client, selection, state, params, check_mode, outputs=None):
    """List, skip what was exported, fetch metadata of the rest and write their rows; returns the run's counts."""
    pending_before = set(entry["id"] for entry in (state or {}).get("pending") or [])
    counts = {"listed": 0, "already_exported": 0, "exported": 0}
    exported, pending, listed_pending = {}, [], set()

    def new_recordings():
        for item in iter_listed(client, selection, fields=LIST_FIELDS):
            counts["listed"] += 1
            if item["id"] in pending_before:
                listed_pending.add(item["id"])
            if already_exported(state, item["id"]):
                counts["already_exported"] += 1
                continue
            yield item

    if check_mode:
        counts["exported"] = sum(1 for _item in new_recordings())
        return counts, exported, pending, listed_pending

    def fetch(item):
        try:
            return client.get_metadata(item["id"]), None
        except WebexError as error:
            if _is_missing(error):
                return None, "no metadata yet (HTTP 404)"
            raise

    for item, fetched, error in map_bounded(fetch, new_recordings(), client.concurrency):
        if error is not None:
            raise error
        metadata, reason = fetched
        # createTime is a required field of list items; without one, the end of the listing keeps the state readable.
        created = item.get("createTime") or format_datetime(selection.list_to)
        if metadata is None:
            pending.append({"id": item["id"], "create_time": created, "reason": reason or "no metadata yet (HTTP 204)"})
            continue
        outputs.write(export_row(item, metadata, params["redact"], params.get("redact_salt")))
        exported[item["id"]] = created
        counts["exported"] += 1
    return counts, exported, pending, listed_pending


def request_counts(client):
    """The requests this run sent: list pages and metadata GETs."""
    lists = metadata = 0
    for endpoint, count in client.requests_sent.items():
        if endpoint.endswith("/metadata"):
            metadata += count
        elif endpoint.endswith("onvergedRecordings"):
            lists += count
    return {"list_pages": lists, "metadata": metadata, "total": sum(client.requests_sent.values())}


def pending_message(pending, dropped, check_mode):
    lines = []
    if pending:
        lines.append(
            "%d recording(s) have no metadata yet (Webex's details can lag a new recording) and were not exported; the next run "
            "tries them again: %s" % (len(pending), brief_ids([entry["id"] for entry in pending]))
        )
    if dropped:
        lines.append(
            "%d recording(s) waiting for their metadata %s no longer listed (trashed, purged or out of the range) and %s given up: %s"
            % (
                len(dropped),
                "are" if check_mode else "were",
                "would be" if check_mode else "were",
                brief_ids([entry["id"] for entry in dropped]),
            )
        )
    return lines


def run_export(module):
    """The whole task of ``recording_metadata_export``."""
    params = module.params
    now = utc_now()
    try:
        mode, state, selection = check_options(params, now)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    if params["redact"] == "hash" and not params.get("redact_salt"):
        module.warn(
            "redact=hash without redact_salt uses a public key: anyone can hash every phone number and find these values. "
            "Set redact_salt (a secret) to make the hashes unguessable."
        )
    client = client_from_module(module, concurrency=params["concurrency"])
    outputs = None
    try:
        if not module.check_mode:
            outputs = Outputs(params.get("csv_file"), params.get("jsonl_file"), mode)
        counts, exported, pending, listed_pending = export(client, selection, state, params, module.check_mode, outputs)
        if outputs is not None:
            outputs.commit()
    except WebexError as error:
        if outputs is not None:
            outputs.discard()
        fail_from_error(module, client, error, exported_count=0)
    except (IOError, OSError) as error:
        if outputs is not None:
            outputs.discard()
        module.fail_json(msg="cannot write the export: %s" % error, option="csv_file" if params.get("csv_file") else "jsonl_file")
    dropped = dropped_pending(state, listed_pending)
    files = {}
    if not module.check_mode:
        files = dict((kind, params[option]) for kind, option in (("csv", "csv_file"), ("jsonl", "jsonl_file")) if params.get(option))
    written = sorted(files.values())
    new_state = None
    if params.get("state_file"):
        new_state = next_state(state, selection.list_to, exported, pending, params["overlap_minutes"], now)
        if not module.check_mode:
            try:
                write_json(params["state_file"], new_state, mode=mode)
            except (IOError, OSError) as error:
                module.fail_json(
                    msg="state_file: cannot write %s: %s. The export files were written; the next run exports their recordings again."
                    % (params["state_file"], error),
                    option="state_file",
                    files=files,
                )
            written.append(params["state_file"])
    verb = "Would export" if module.check_mode else "Exported"
    lines = [
        "%s %d recording(s) created from %s to %s; %d listed, %d already exported by an earlier run"
        % (verb, counts["exported"], format_datetime(selection.list_from), format_datetime(selection.list_to), counts["listed"], counts["already_exported"])
    ]
    lines += pending_message(pending, dropped, module.check_mode)
    if files:
        lines.append("Files: %s" % ", ".join(sorted(files.values())))
    module.exit_json(
        changed=bool(written),
        count=counts["exported"],
        listed_count=counts["listed"],
        already_exported_count=counts["already_exported"],
        pending_count=len(pending),
        pending=pending[:PENDING_LISTED],
        dropped_count=len(dropped),
        dropped=[entry["id"] for entry in dropped][:PENDING_LISTED],
        files=files,
        files_written=written,
        state_file=params.get("state_file"),
        watermark=new_state["listed_to"] if new_state else None,
        listed={"from": format_datetime(selection.list_from), "to": format_datetime(selection.list_to)},
        requests=request_counts(client),
        redact=params["redact"],
        message="\n".join(lines),
        message_lines=lines,
    )
