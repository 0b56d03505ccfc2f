# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Custom reports from the metadata export, the model: calls grouped by any column, totals, the longest calls.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure: rows in (the export's, ``_metadata_export.COLUMNS``, as dicts), one JSON-able dict out. Rows are added one at a
time (``CallReport.add``), so an export of any size is grouped while it is read: memory grows with the number of
groups and ``longest_count``, never with the number of calls.

``group_by`` takes any export column, and these names: ``owner`` (``owner_email``), ``location`` (``location_id``,
shown by name when ``location_names`` has it), ``session`` (``call_session_id``) and the derived ``day``
(``YYYY-MM-DD``), ``month`` (``YYYY-MM``), ``hour`` (``00`` to ``23``) and ``weekday`` (``Mon`` to ``Sun``) of the
call's start (UTC; its ``create_time`` when the metadata had no start). Several columns group by their combination
("calls per location per day"). ``metric`` orders the groups and sizes the bars: ``count``, ``duration`` (total
seconds) or ``size`` (total bytes).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import heapq
from datetime import timezone

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._metadata_export import COLUMNS, INT_COLUMNS

ALIASES = {"owner": "owner_email", "location": "location_id", "session": "call_session_id"}
DERIVED = ("day", "month", "hour", "weekday")
TIME_KEYS = ("day", "month", "hour", "weekday")
METRICS = {"count": "count", "duration": "duration_seconds", "size": "size_bytes"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
UNKNOWN = "(none)"
LONGEST_KEYS = (
    "recording_id",
    "start_time",
    "duration_seconds",
    "direction",
    "owner_email",
    "location_id",
    "remote_number",
    "remote_name",
    "call_session_id",
    "topic",
)


def group_names():
    """Every name ``group_by`` takes."""
    return sorted(set(COLUMNS) | set(ALIASES) | set(DERIVED))


def check_group_by(group_by, option="group_by"):
    """The export columns (or derived names) to group by, in order; ``OptionError`` naming ``option`` otherwise."""
    if not group_by:
        raise OptionError(option, "%s must name at least one column, for example location, day, direction or owner" % option)
    keys = []
    for name in group_by:
        key = ALIASES.get(name, name)
        if key not in COLUMNS and key not in DERIVED:
            raise OptionError(option, "%s: %r is not a column of the export; use one of %s" % (option, name, ", ".join(group_names())))
        if key in keys:
            raise OptionError(option, "%s names %s twice" % (option, name))
        keys.append(key)
    return keys


def check_metric(metric, option="metric"):
    if metric not in METRICS:
        raise OptionError(option, "%s must be one of %s, got %r" % (option, ", ".join(sorted(METRICS)), metric))
    return metric


def row_from_file(row):
    """A row as read back from the CSV (all text) or JSON lines file: numbers as numbers."""
    clean = dict(row)
    for column in INT_COLUMNS:
        try:
            clean[column] = int(float(clean.get(column) or 0))
        except (TypeError, ValueError):
            clean[column] = 0
    return clean


def _when(row):
    for column in ("start_time", "create_time"):
        value = row.get(column)
        if value:
            try:
                return parse_datetime(value).astimezone(timezone.utc)
            except (TypeError, ValueError):
                continue
    return None


def key_value(row, key, location_names=None):
    """The label of ``row`` for one group key."""
    if key in DERIVED:
        when = _when(row)
        if when is None:
            return UNKNOWN
        if key == "day":
            return when.strftime("%Y-%m-%d")
        if key == "month":
            return when.strftime("%Y-%m")
        if key == "hour":
            return when.strftime("%H")
        return WEEKDAYS[when.weekday()]
    value = row.get(key)
    if value is None or value == "":
        return UNKNOWN
    if key == "location_id" and location_names:
        return location_names.get(value) or str(value)
    return str(value)


def _order_key(label):
    """Weekdays in week order, everything else as text."""
    return (WEEKDAYS.index(label), "") if label in WEEKDAYS else (len(WEEKDAYS), label)


def human_duration(seconds):
    """``2 h 05 min``, ``4 min 07 s``, ``12 s``."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return "{:,} h {:02d} min".format(hours, minutes)
    if minutes:
        return "%d min %02d s" % (minutes, secs)
    return "%d s" % secs


class CallReport:
    """Calls grouped as they are added; ``as_dict`` is the report."""

    def __init__(self, group_by, metric="count", longest_count=20, location_names=None):
        self.keys = check_group_by(group_by)
        self.names = list(group_by)
        self.metric = check_metric(metric)
        self.longest_count = int(longest_count)
        self.location_names = location_names or {}
        self.groups = {}
        self.totals = {"calls": 0, "duration_seconds": 0, "size_bytes": 0}
        self.by_direction = {}
        self._longest = []  # heap of (duration, order, row): the smallest of the kept ones on top
        self._order = 0

    def add(self, row):
        row = row_from_file(row)
        key = tuple(key_value(row, key, self.location_names) for key in self.keys)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = {"count": 0, "duration_seconds": 0, "size_bytes": 0}
        group["count"] += 1
        group["duration_seconds"] += row["duration_seconds"]
        group["size_bytes"] += row["size_bytes"]
        self.totals["calls"] += 1
        self.totals["duration_seconds"] += row["duration_seconds"]
        self.totals["size_bytes"] += row["size_bytes"]
        direction = row.get("direction") or "unknown"
        self.by_direction[direction] = self.by_direction.get(direction, 0) + 1
        if self.longest_count > 0:
            # Ties: the call added first stays (a lower order is "longer"), so the result does not depend on heap order.
            entry = (row["duration_seconds"], -self._order, dict((k, row.get(k)) for k in LONGEST_KEYS))
            self._order += 1
            if len(self._longest) < self.longest_count:
                heapq.heappush(self._longest, entry)
            elif entry[:2] > self._longest[0][:2]:
                heapq.heapreplace(self._longest, entry)

    def add_all(self, rows):
        for row in rows:
            self.add(row)
        return self

    def as_dict(self, title="Webex Calling calls", generated=None, sources=()):
        metric_key = METRICS[self.metric]
        groups = []
        for key, values in self.groups.items():
            group = dict(zip(self.names, key))
            group.update(values)
            group["label"] = " / ".join(key)
            group["average_duration_seconds"] = int(round(float(values["duration_seconds"]) / values["count"])) if values["count"] else 0
            groups.append(group)
        groups.sort(key=lambda group: (-group[metric_key], _order_key(group["label"])))
        report = {
            "title": title,
            "kind": "calls",
            "generated": generated,
            "sources": list(sources),
            "group_by": list(self.names),
            "metric": self.metric,
            "metric_key": metric_key,
            "totals": dict(self.totals, groups=len(groups)),
            "by_direction": dict(sorted(self.by_direction.items())),
            "groups": groups,
            "longest": [entry[2] for entry in sorted(self._longest, key=lambda entry: (-entry[0], -entry[1]))],
        }
        if len(self.keys) == 1 and self.keys[0] in TIME_KEYS:
            # A time line reads in time order, not largest first.
            report["timeline"] = sorted(groups, key=lambda group: _order_key(group["label"]))
        return report


def summary_of(report):
    """The numbers a task result needs."""
    return {
        "calls": report["totals"]["calls"],
        "duration_seconds": report["totals"]["duration_seconds"],
        "size_bytes": report["totals"]["size_bytes"],
        "groups": report["totals"]["groups"],
        "by_direction": report["by_direction"],
        "top_group": report["groups"][0]["label"] if report["groups"] else None,
    }


def message_lines(report, paths=None, human_bytes=None):
    """The report for people, one line per item (units, the top groups)."""
    totals = report["totals"]
    size = human_bytes(totals["size_bytes"]) if human_bytes else "{:,} bytes".format(totals["size_bytes"])
    lines = [
        report["title"],
        "Calls: {:,}, {} in total, {}; {:,} groups by {}".format(
            totals["calls"], human_duration(totals["duration_seconds"]), size, totals["groups"], ", ".join(report["group_by"])
        ),
    ]
    if report["by_direction"]:
        lines.append("By direction: " + ", ".join("%s %s" % (direction, "{:,}".format(count)) for direction, count in report["by_direction"].items()))
    metric_key = report["metric_key"]
    for group in report["groups"][:5]:
        shown = (
            human_duration(group[metric_key])
            if metric_key == "duration_seconds"
            else (
                (human_bytes(group[metric_key]) if human_bytes else "{:,} bytes".format(group[metric_key]))
                if metric_key == "size_bytes"
                else "{:,} calls".format(group["count"])
            )
        )
        lines.append("  %s: %s" % (group["label"], shown))
    if report["longest"]:
        longest = report["longest"][0]
        lines.append("Longest call: %s, %s (%s)" % (human_duration(longest["duration_seconds"]), longest.get("recording_id"), longest.get("start_time") or "-"))
    if paths and paths.get("html"):
        lines.append("Report: %s" % paths["html"])
    return lines
