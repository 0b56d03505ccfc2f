# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Calls reports (``recording_report`` with ``metadata_file``): read the export, group it, render and write the files.

Internal use only: this module is not part of the collection's public API and may change at any time.

The grouping is ``_metadata_report``'s; the page reuses the storage report's style, table and charts (``_report_html``,
``_report_svg``): every number shown carries ``data-metric`` (its JSON path) and ``data-value``, as in the storage
report. Files go through ``_report_files.write_files`` (atomic, ``mode``, unchanged files left alone).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
import os

from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import iter_json_rows, read_json_lines
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_report import (
    METRICS,
    CallReport,
    check_group_by,
    human_duration,
    message_lines,
    summary_of,
)
from ansible_collections.wxc.recordings.plugins.module_utils._report_files import report_paths, write_and_exit
from ansible_collections.wxc.recordings.plugins.module_utils._report_html import STYLE, _table
from ansible_collections.wxc.recordings.plugins.module_utils._report_svg import escape, hbars, metric, vbars
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import human_bytes, human_int

# Options of the storage and run reports that a calls report does not read: refused with metadata_file.
STORAGE_OPTIONS = ("inventory_file", "recordings", "steps", "plan_file", "plan_entries")
CSV_SUFFIX = ".csv"


def metadata_argument_spec():
    """The options ``recording_report`` takes for a calls report (added to its argument spec)."""
    return dict(
        metadata_file=dict(type="list", elements="path"),
        group_by=dict(type="list", elements="str", default=["location"]),
        metric=dict(type="str", default="count", choices=sorted(METRICS)),
        longest_count=dict(type="int", default=20),
    )


def check_metadata_options(params):
    """Raise ``OptionError`` naming the first wrong calls-report option (before anything is read)."""
    for option in STORAGE_OPTIONS:
        if params.get(option):
            raise OptionError(option, "%s belongs to the storage and run reports; metadata_file makes a calls report, give one or the other" % option)
    check_group_by(params["group_by"])
    if params["longest_count"] < 0:
        raise OptionError("longest_count", "longest_count must be 0 or more, got %s" % params["longest_count"])
    for path in params["metadata_file"]:
        if not os.path.isfile(path):
            raise OptionError("metadata_file", "metadata_file %s does not exist" % path)


def read_rows(path):
    """The rows of an export file: CSV (by its ``.csv`` name, with the header line) or JSON lines."""
    if path.lower().endswith(CSV_SUFFIX):
        with open(path, newline="") as handle:
            yield from csv.DictReader(handle)
        return
    yield from read_json_lines(path)


# ---------------------------------------------------------------------------------------------- rendering


def render_csv(report):
    output = io.StringIO()
    columns = list(report["group_by"]) + ["count", "duration_seconds", "size_bytes", "average_duration_seconds"]
    writer = csv.DictWriter(output, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for group in report["groups"]:
        writer.writerow(group)
    return output.getvalue()


def _format(metric_key):
    if metric_key == "duration_seconds":
        return human_duration
    if metric_key == "size_bytes":
        return human_bytes
    return human_int


def render_html(report, table_limit=1000, top_count=15):
    totals = report["totals"]
    metric_key = report["metric_key"]
    by = ", ".join(report["group_by"])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s</title><style>%s</style></head><body>" % (escape(report["title"]), STYLE),
        "<h1>%s</h1>" % escape(report["title"]),
        '<div class="sub">calls report by %s, generated %s</div>' % (escape(by), metric("generated", report["generated"])),
    ]
    cards = [
        ("Calls", metric("totals.calls", totals["calls"], human_int(totals["calls"]))),
        ("Total duration", metric("totals.duration_seconds", totals["duration_seconds"], human_duration(totals["duration_seconds"]))),
        ("Recordings' size", metric("totals.size_bytes", totals["size_bytes"], human_bytes(totals["size_bytes"]))),
        ("Groups (%s)" % by, metric("totals.groups", totals["groups"], human_int(totals["groups"]))),
    ]
    for direction, count in report["by_direction"].items():
        cards.append(("%s calls" % direction.capitalize(), metric("by_direction." + direction, count, human_int(count))))
    parts.append('<h2>Summary</h2><div class="cards">')
    for label, value in cards:
        parts.append('<div class="card"><div class="label">%s</div><div class="value">%s</div></div>' % (escape(label), value))
    parts.append("</div>")
    words = {"count": "Calls", "duration_seconds": "Total duration", "size_bytes": "Recordings' size"}
    parts.append("<h2>%s by %s</h2>" % (escape(words[metric_key]), escape(by)))
    if report.get("timeline") is not None:
        parts.append(vbars(report["timeline"], "label", metric_key, "timeline", formatter=_format(metric_key), colour="#1565c0"))
    else:
        parts.append(hbars(report["groups"], "label", metric_key, "groups", formatter=_format(metric_key), limit=top_count))
    columns = [(name, name.replace("_", " ").capitalize(), "text") for name in report["group_by"]]
    columns += [("count", "Calls", "int"), ("duration_seconds", "Total seconds", "int"), ("size_bytes", "Size", "bytes")]
    columns += [("average_duration_seconds", "Average seconds", "int")]
    parts.append("<h2>Groups</h2>")
    parts.append(_table(columns, report["groups"], path="groups", limit=table_limit) if report["groups"] else '<p class="empty">No calls.</p>')
    parts.append("<h2>Longest calls</h2>")
    if report["longest"]:
        parts.append(
            _table(
                [
                    ("recording_id", "Recording", "text"),
                    ("start_time", "Start", "text"),
                    ("duration_seconds", "Seconds", "int"),
                    ("direction", "Direction", "text"),
                    ("owner_email", "Owner", "text"),
                    ("remote_number", "Remote number", "text"),
                    ("call_session_id", "Call session", "text"),
                    ("topic", "Topic", "text"),
                ],
                report["longest"],
                path="longest",
            )
        )
    else:
        parts.append('<p class="empty">None.</p>')
    sources = report.get("sources") or []
    parts.append('<p class="note">From %s. Times in UTC; sizes in decimal units (1 GB = 10^9 bytes). wxc.recordings.</p>' % escape(", ".join(sources) or "-"))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def render_files(report, dest, name, formats, table_limit=1000, top_count=15):
    for kind, path in report_paths(dest, name, formats):
        if kind == "json":
            yield kind, path, iter_json_rows(report)
        elif kind == "csv":
            yield kind, path, render_csv(report).encode("utf-8")
        else:
            yield kind, path, render_html(report, table_limit=table_limit, top_count=top_count).encode("utf-8")


# ---------------------------------------------------------------------------------------------- the module's flow


def run_metadata_report(module, mode):
    """``recording_report`` with ``metadata_file``: group the export's rows, write JSON, CSV and HTML, exit."""
    params = module.params
    try:
        check_metadata_options(params)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    calls = CallReport(params["group_by"], params["metric"], params["longest_count"], params["location_names"])
    try:
        for path in params["metadata_file"]:
            calls.add_all(read_rows(path))
    except (IOError, OSError, ValueError, csv.Error) as error:
        module.fail_json(msg="metadata_file: cannot read %s: %s" % (path, error), option="metadata_file")
    title = params["title"] if params["title"] != "Webex Calling recordings" else "Webex Calling calls"
    report = calls.as_dict(title=title, generated=format_datetime(utc_now()), sources=params["metadata_file"])
    files = render_files(report, params["dest"], params["name"], params["formats"], table_limit=params["table_limit"], top_count=params["top_count"])
    write_and_exit(module, report, files, mode, summary_of(report), lambda report, paths: message_lines(report, paths, human_bytes=human_bytes))
