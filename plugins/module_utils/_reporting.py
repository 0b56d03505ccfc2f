# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Run reports: storage and actions of a run, rendered as JSON, CSV and a self-contained HTML page.

Internal use only: this module is not part of the collection's public API and may change at any time.

No API calls and no Ansible imports: ``build_report`` turns an inventory (recordings, snake_case as
``recording_info`` returns them, or API objects) and the results of the run's steps (module results) into one
dict; ``render_csv`` and ``render_html`` render it. The HTML page has no external asset: inline CSS and SVG charts.
Every number the page shows that the JSON also holds carries ``data-metric="<dotted JSON path>"`` and
``data-value`` (the raw value), so a test can read the rendered page and compare.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
import itertools
import json
import math
import os
import tempfile

from ansible_collections.wxc.recordings.plugins.module_utils._client import format_datetime, parse_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._records import recording_facts

try:
    from html import escape as _escape
except ImportError:  # pragma: no cover - Python 2 is not supported by the collection
    from cgi import escape as _escape

GB = 1000**3
DEFAULT_QUOTA_GB = 100.0
AGE_BUCKETS = ((30, "0-30 days"), (90, "31-90 days"), (180, "91-180 days"), (270, "181-270 days"), (365, "271-365 days"), (None, "over 365 days"))

# Module outcomes in the reports' vocabulary: done, would, unchanged, skipped, failed, refused, held, not_found.
OUTCOMES = {
    "changed": "done",
    "would_change": "would",
    "unchanged": "unchanged",
    "failed": "failed",
    "downloaded": "done",
    "verified": "unchanged",
    "would_download": "would",
    "skipped": "skipped",
    "mismatch": "failed",
    "incomplete": "failed",
    "not_archived": "failed",
    "missing": "failed",
}
OUTCOME_ORDER = ("done", "would", "unchanged", "skipped", "refused", "held", "failed", "not_found")
OUTCOME_COLOURS = {
    "done": "#2e7d32",
    "would": "#1565c0",
    "unchanged": "#9e9e9e",
    "skipped": "#f9a825",
    "refused": "#ef6c00",
    "held": "#6a1b9a",
    "failed": "#c62828",
    "not_found": "#795548",
}
CSV_COLUMNS = (
    "id",
    "owner_email",
    "owner_type",
    "location_id",
    "service_type",
    "create_time",
    "size_bytes",
    "duration_seconds",
    "status",
    "action",
    "outcome",
    "rule",
    "reason",
    "new_owner_email",
    "topic",
)


def escape(value):
    return _escape("" if value is None else str(value), quote=True)


def human_bytes(value):
    """Decimal units, as Webex states its quota: ``1.23 GB``."""
    value = float(value or 0)
    for unit in ("B", "kB", "MB", "GB"):
        if abs(value) < 1000 or unit == "GB":
            if unit == "B":
                return "%d B" % value
            return "%.2f %s" % (value, unit)
        value /= 1000.0
    return "%.2f GB" % value  # pragma: no cover


def human_int(value):
    return "{:,}".format(int(value or 0))


# ---------------------------------------------------------------------------------------------- inputs


def normalize(recording):
    """A recording in the snake_case form of ``recording_info``, whichever form it came in."""
    if any(key in recording for key in ("createTime", "ownerEmail", "sizeBytes", "serviceData")):
        return recording_facts(recording)
    return recording


def read_inventory(path):
    """Recordings of a JSON lines file (``recording_info``'s ``results_file``, the planner's ``inventory_file``)."""
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if line:
                yield normalize(json.loads(line))


def read_json_lines(path):
    """The objects of a JSON lines file (a module's ``results_file``), one at a time."""
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if line:
                yield json.loads(line)


def steps_from_checked_plan(document):
    """The report steps a checked retention plan holds: held recordings, and planned ones already done or refused."""
    return [
        {"action": "hold", "recordings": [dict(row, outcome="held") for row in document.get("held") or []]},
        {"action": "plan", "recordings": [dict(row, outcome="unchanged") for row in document.get("unchanged") or []]},
        {"action": "plan", "recordings": [dict(row, outcome="refused") for row in document.get("refused") or []]},
    ]


def rows_from_steps(steps, plan_entries=None):
    """One row per (recording, action) from the run's steps.

    A step is ``{action, result}`` (a module's registered result: its ``recordings`` and ``not_found``),
    ``{action, recordings}`` (rows already in the reports' vocabulary, for example drift refusals) or
    ``{action, ids, outcome, reason}`` (the same outcome for several recordings) or ``{action, results_file}`` (the
    rows a module wrote to its results file, read as they are needed).
    """
    rules = dict((entry.get("id"), entry.get("rule")) for entry in plan_entries or [])
    rows = []
    for step in steps or []:
        action = step.get("action") or "action"
        result = step.get("result") or {}
        recordings = result.get("recordings")
        if recordings is None and step.get("results_file"):
            recordings = read_json_lines(step["results_file"])
        elif recordings is None:
            recordings = step.get("recordings") or []
        same = [{"id": recording_id, "outcome": step.get("outcome") or "refused", "reason": step.get("reason")} for recording_id in step.get("ids") or []]
        for recording in itertools.chain(recordings, same):
            outcome = recording.get("outcome")
            if action == "verify" and outcome == "verified":
                outcome = "changed"  # the verification itself is what this step does
            row = {
                "id": recording.get("id"),
                "action": recording.get("action") or action,
                "outcome": OUTCOMES.get(outcome, outcome or "unchanged"),
                "reason": recording.get("reason") or recording.get("error"),
                "rule": recording.get("rule") or rules.get(recording.get("id")),
                "owner_email": recording.get("owner_email"),
            }
            after = recording.get("after") or {}
            if row["action"] == "reassign":
                row["new_owner_email"] = after.get("owner_email") or recording.get("new_owner_email")
            elif recording.get("new_owner_email"):
                row["new_owner_email"] = recording.get("new_owner_email")
            rows.append(row)
        for recording_id in result.get("not_found") or []:
            rows.append({"id": recording_id, "action": action, "outcome": "not_found", "rule": rules.get(recording_id)})
    return rows


# ---------------------------------------------------------------------------------------------- aggregation


class _Bucket:
    def __init__(self):
        self.count = 0
        self.bytes = 0
        self.available_bytes = 0
        self.deleted_bytes = 0

    def add(self, recording):
        size = int(recording.get("size_bytes") or 0)
        self.count += 1
        self.bytes += size
        if recording.get("status") == "available":
            self.available_bytes += size
        elif recording.get("status") == "deleted":
            self.deleted_bytes += size


def _age_label(created, now):
    if created is None:
        return AGE_BUCKETS[-1][1]
    days = (now - created).total_seconds() / 86400.0
    for limit, label in AGE_BUCKETS:
        if limit is None or days <= limit:
            return label
    return AGE_BUCKETS[-1][1]  # pragma: no cover


def _created(recording):
    try:
        return parse_datetime(recording.get("create_time"))
    except (TypeError, ValueError):
        return None


def _brief(recording):
    return dict((key, recording.get(key)) for key in ("id", "owner_email", "location_id", "create_time", "size_bytes", "duration_seconds", "status", "topic"))


def _percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def _projected_status(status, action, outcome):
    if outcome not in ("done", "would"):
        return status
    if action == "trash" and status == "available":
        return "deleted"
    if action == "purge" and status in ("available", "deleted"):
        return "purged"
    if action == "restore" and status == "deleted":
        return "available"
    if action == "delete":
        return "gone"
    return status


def build_report(
    inventory,
    steps=None,
    plan_entries=None,
    facts=None,
    title="Webex Calling recordings",
    kind="storage",
    quota_gb=DEFAULT_QUOTA_GB,
    target_gb=None,
    dry_run=False,
    now=None,
    oldest_count=20,
    top_count=15,
    csv_rows="auto",
):
    """The report as one JSON-able dict; ``inventory`` may be any iterable (it is read once)."""
    now = now or utc_now()
    rows = rows_from_steps(steps, plan_entries)
    by_owner, by_location, by_month, by_age = {}, {}, {}, {}
    totals = _Bucket()
    storage = {"available_count": 0, "available_bytes": 0, "deleted_count": 0, "deleted_bytes": 0, "purged_count": 0}
    oldest, recycle = [], []
    inventory_rows = {}
    keep_all = csv_rows == "all" or (csv_rows == "auto" and not steps)
    action_ids = set(row["id"] for row in rows)
    for recording in inventory:
        recording = normalize(recording)
        status = recording.get("status")
        size = int(recording.get("size_bytes") or 0)
        if status == "purged":
            storage["purged_count"] += 1
        else:
            if status == "available":
                storage["available_count"] += 1
                storage["available_bytes"] += size
            elif status == "deleted":
                storage["deleted_count"] += 1
                storage["deleted_bytes"] += size
                recycle.append(_brief(recording))
            totals.add(recording)
            owner = recording.get("owner_email") or recording.get("owner_id") or "unknown"
            by_owner.setdefault(owner, _Bucket()).add(recording)
            by_location.setdefault(recording.get("location_id") or "unknown", _Bucket()).add(recording)
            created = _created(recording)
            month = created.strftime("%Y-%m") if created else "unknown"
            by_month.setdefault(month, _Bucket()).add(recording)
            by_age.setdefault(_age_label(created, now), _Bucket()).add(recording)
            if status == "available":
                oldest.append(_brief(recording))
                if len(oldest) > 4 * max(oldest_count, 1):
                    oldest.sort(key=lambda r: (r.get("create_time") or "", r.get("id") or ""))
                    del oldest[oldest_count:]
        if keep_all or recording.get("id") in action_ids:
            inventory_rows[recording.get("id")] = recording

    quota_bytes = int(round(float(quota_gb) * GB))
    target_bytes = int(round(float(target_gb) * GB)) if target_gb is not None else None
    storage.update(quota_bytes=quota_bytes, used_percent=_percent(storage["available_bytes"], quota_bytes))
    if target_bytes is not None:
        storage["target_bytes"] = target_bytes

    # The state the run leaves (or, in a dry run, would leave), recording by recording.
    final = {}
    for row in rows:
        recording = inventory_rows.get(row["id"])
        if recording is None:
            continue
        status = final.get(row["id"], recording.get("status"))
        final[row["id"]] = _projected_status(status, row["action"], row["outcome"])
    after = dict((key, storage[key]) for key in ("available_count", "available_bytes", "deleted_count", "deleted_bytes"))
    for recording_id, status in final.items():
        recording = inventory_rows[recording_id]
        before = recording.get("status")
        if status == before:
            continue
        size = int(recording.get("size_bytes") or 0)
        for state, sign in ((before, -1), (status, 1)):
            if state in ("available", "deleted"):
                after[state + "_count"] += sign
                after[state + "_bytes"] += sign * size
    after["used_percent"] = _percent(after["available_bytes"], quota_bytes)
    storage["after"] = after

    oldest.sort(key=lambda r: (r.get("create_time") or "", r.get("id") or ""))
    recycle.sort(key=lambda r: (r.get("create_time") or "", r.get("id") or ""))

    def listed(buckets, key):
        items = [
            {key: name, "count": b.count, "bytes": b.bytes, "available_bytes": b.available_bytes, "deleted_bytes": b.deleted_bytes}
            for name, b in buckets.items()
        ]
        items.sort(key=lambda item: (-item["bytes"], item[key]))
        return items

    by_action = {}
    by_outcome = {}
    for row in rows:
        counts = by_action.setdefault(row["action"], {})
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
        by_outcome[row["outcome"]] = by_outcome.get(row["outcome"], 0) + 1

    for row in rows:
        recording = inventory_rows.get(row["id"]) or {}
        for field in CSV_COLUMNS:
            if row.get(field) is None and recording.get(field) is not None and field not in ("action", "outcome", "reason", "rule"):
                row[field] = recording.get(field)
    if keep_all:
        acted = set(row["id"] for row in rows)
        csv_table = list(rows) + [dict((field, r.get(field)) for field in CSV_COLUMNS) for r in inventory_rows.values() if r.get("id") not in acted]
    else:
        csv_table = list(rows)

    report = {
        "format": "wxc.recordings/report/1",
        "title": title,
        "kind": kind,
        "generated": format_datetime(now),
        "dry_run": bool(dry_run),
        "facts": facts or {},
        "storage": storage,
        "totals": {"count": totals.count, "bytes": totals.bytes, "owners": len(by_owner), "locations": len(by_location)},
        "by_owner": listed(by_owner, "owner"),
        "by_location": listed(by_location, "location"),
        "by_month": sorted(({"month": name, "count": b.count, "bytes": b.bytes} for name, b in by_month.items()), key=lambda item: item["month"]),
        "age_histogram": [
            {"bucket": label, "count": by_age[label].count if label in by_age else 0, "bytes": by_age[label].bytes if label in by_age else 0}
            for _limit, label in AGE_BUCKETS
        ],
        "oldest": oldest[:oldest_count],
        "recycle_bin": {
            "count": storage["deleted_count"],
            "bytes": storage["deleted_bytes"],
            "oldest_create_time": recycle[0]["create_time"] if recycle else None,
            "items": recycle[:oldest_count],
        },
        "actions": {"count": len(rows), "by_action": by_action, "by_outcome": by_outcome},
        "rows": rows,
        "top_count": top_count,
    }
    report["_csv"] = csv_table
    return report


# ---------------------------------------------------------------------------------------------- CSV


def render_csv(report):
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(CSV_COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in report.get("_csv", report.get("rows", [])):
        writer.writerow(dict((key, "" if row.get(key) is None else row.get(key)) for key in CSV_COLUMNS))
    return output.getvalue()


def public(report):
    """The report without the renderer's private keys (what the JSON file holds)."""
    return dict((key, value) for key, value in report.items() if not key.startswith("_"))


# ---------------------------------------------------------------------------------------------- HTML


def _metric(path, value, text=None, tag="span", cls=None):
    attrs = ' data-metric="%s" data-value="%s"' % (escape(path), escape(value))
    if cls:
        attrs += ' class="%s"' % cls
    return "<%s%s>%s</%s>" % (tag, attrs, escape(text if text is not None else value), tag)


def _gauge(label, percent, used_bytes, quota_bytes, path, target_bytes=None):
    """A half-circle gauge; the arc ends at ``percent`` (capped at 100)."""
    width, height, radius, cx, cy = 260, 160, 100, 130, 130
    shown = max(0.0, min(100.0, float(percent)))
    colour = "#2e7d32" if shown < 80 else ("#f9a825" if shown < 95 else "#c62828")

    def point(fraction):
        angle = math.pi * (1 - fraction)
        return cx + radius * math.cos(angle), cy - radius * math.sin(angle)

    x0, y0 = point(0)
    x1, y1 = point(1)
    xe, ye = point(shown / 100.0)
    parts = [
        '<svg class="gauge" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">' % (width, height, width, height, escape(label)),
        "<title>%s: %s%% of %s</title>" % (escape(label), percent, escape(human_bytes(quota_bytes))),
        '<path d="M %.1f %.1f A %d %d 0 0 1 %.1f %.1f" fill="none" stroke="#e0e0e0" stroke-width="22"/>' % (x0, y0, radius, radius, x1, y1),
    ]
    if shown > 0:
        parts.append('<path d="M %.1f %.1f A %d %d 0 0 1 %.1f %.1f" fill="none" stroke="%s" stroke-width="22"/>' % (x0, y0, radius, radius, xe, ye, colour))
    if target_bytes is not None and quota_bytes:
        xt, yt = point(min(1.0, float(target_bytes) / quota_bytes))
        parts.append('<circle cx="%.1f" cy="%.1f" r="5" fill="#424242"><title>target %s</title></circle>' % (xt, yt, escape(human_bytes(target_bytes))))
    parts.append(
        '<text x="%d" y="%d" text-anchor="middle" font-size="28" font-weight="bold" data-metric="%s" data-value="%s">%s%%</text>'
        % (cx, cy - 20, escape(path), escape(percent), escape(percent))
    )
    parts.append(
        '<text x="%d" y="%d" text-anchor="middle" font-size="12">%s of %s</text>'
        % (cx, cy + 5, escape(human_bytes(used_bytes)), escape(human_bytes(quota_bytes)))
    )
    parts.append('<text x="%d" y="%d" text-anchor="middle" font-size="13" fill="#555">%s</text>' % (cx, cy + 25, escape(label)))
    parts.append("</svg>")
    return "".join(parts)


def _hbars(items, label_key, value_key, path, formatter=human_bytes, colour="#1565c0", limit=15):
    """Horizontal bars, largest first; beyond ``limit`` the rest is one "others" bar."""
    items = list(items)
    shown = items[:limit]
    others = items[limit:]
    bars = [(item[label_key], item[value_key], "%s.%d.%s" % (path, index, value_key)) for index, item in enumerate(shown)]
    if others:
        bars.append(("%d others" % len(others), sum(item[value_key] for item in others), None))
    if not bars:
        return '<p class="empty">Nothing to show.</p>'
    top = max(value for _label, value, _path in bars) or 1
    row, label_width, bar_width = 24, 260, 420
    height = row * len(bars) + 10
    parts = [
        '<svg class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img">'
        % (label_width + bar_width + 120, height, label_width + bar_width + 120, height)
    ]
    for index, (label, value, metric) in enumerate(bars):
        y = 5 + index * row
        width = max(1.0, bar_width * float(value) / top) if value else 0
        parts.append('<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>' % (label_width - 8, y + 15, escape(_shorten(label, 38))))
        parts.append(
            '<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %s</title></rect>'
            % (label_width, y + 3, width, row - 8, colour, escape(label), escape(formatter(value)))
        )
        text = escape(formatter(value))
        if metric:
            parts.append(
                '<text x="%.1f" y="%d" font-size="12" data-metric="%s" data-value="%s">%s</text>'
                % (label_width + width + 6, y + 15, escape(metric), escape(value), text)
            )
        else:
            parts.append('<text x="%.1f" y="%d" font-size="12">%s</text>' % (label_width + width + 6, y + 15, text))
    parts.append("</svg>")
    return "".join(parts)


def _vbars(items, label_key, value_key, path, formatter=human_int, colour="#00838f"):
    items = list(items)
    if not items:
        return '<p class="empty">Nothing to show.</p>'
    top = max(item[value_key] for item in items) or 1
    column, chart_height, base = max(28, min(90, 840 // max(1, len(items)))), 180, 200
    width = column * len(items) + 20
    parts = ['<svg class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img">' % (width, base + 40, width, base + 40)]
    for index, item in enumerate(items):
        value = item[value_key]
        height = chart_height * float(value) / top if value else 0
        x = 10 + index * column
        parts.append(
            '<rect x="%d" y="%.1f" width="%d" height="%.1f" fill="%s"><title>%s: %s</title></rect>'
            % (x + 3, base - height, column - 6, height, colour, escape(item[label_key]), escape(formatter(value)))
        )
        parts.append(
            '<text x="%d" y="%.1f" text-anchor="middle" font-size="11" data-metric="%s.%d.%s" data-value="%s">%s</text>'
            % (x + column // 2, base - height - 4, escape(path), index, escape(value_key), escape(value), escape(formatter(value)))
        )
        parts.append('<text x="%d" y="%d" text-anchor="middle" font-size="10">%s</text>' % (x + column // 2, base + 14, escape(_shorten(item[label_key], 14))))
    parts.append("</svg>")
    return "".join(parts)


def _action_bars(by_action):
    """One stacked bar per action, one segment per outcome."""
    if not by_action:
        return '<p class="empty">No action in this run.</p>'
    actions = sorted(by_action)
    top = max(sum(counts.values()) for counts in by_action.values()) or 1
    row, label_width, bar_width = 30, 120, 520
    height = row * len(actions) + 40
    parts = [
        '<svg class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img">'
        % (label_width + bar_width + 40, height, label_width + bar_width + 40, height)
    ]
    for index, action in enumerate(actions):
        y = 5 + index * row
        x = float(label_width)
        parts.append('<text x="%d" y="%d" text-anchor="end" font-size="13">%s</text>' % (label_width - 8, y + 17, escape(action)))
        for outcome in sorted(by_action[action], key=lambda o: OUTCOME_ORDER.index(o) if o in OUTCOME_ORDER else 99):
            count = by_action[action][outcome]
            width = bar_width * float(count) / top
            parts.append(
                '<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %s: %d</title></rect>'
                % (x, y + 3, width, row - 8, OUTCOME_COLOURS.get(outcome, "#607d8b"), escape(action), escape(outcome), count)
            )
            if width >= 22:
                parts.append(
                    '<text x="%.1f" y="%d" text-anchor="middle" font-size="11" fill="#fff" data-metric="actions.by_action.%s.%s" data-value="%d">%d</text>'
                    % (x + width / 2, y + 17, escape(action), escape(outcome), count, count)
                )
            x += width
    legend_y = height - 12
    x = label_width
    for outcome in OUTCOME_ORDER:
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>' % (x, legend_y - 9, OUTCOME_COLOURS[outcome]))
        parts.append('<text x="%d" y="%d" font-size="11">%s</text>' % (x + 14, legend_y, outcome))
        x += 70
    parts.append("</svg>")
    return "".join(parts)


def _shorten(text, limit):
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _table(columns, rows, path=None, limit=None):
    """``columns``: (key, heading, kind) with kind ``text``, ``int`` or ``bytes``; numbers carry data-metric."""
    shown = rows if limit is None else rows[:limit]
    parts = ["<table><thead><tr>"]
    parts.extend("<th>%s</th>" % escape(heading) for _key, heading, _kind in columns)
    parts.append("</tr></thead><tbody>")
    for index, row in enumerate(shown):
        parts.append("<tr>")
        for key, _heading, kind in columns:
            value = row.get(key)
            if kind in ("int", "bytes") and path is not None and value is not None:
                text = human_int(value) if kind == "int" else human_bytes(value)
                parts.append(_metric("%s.%d.%s" % (path, index, key), value, text, tag="td", cls="num"))
            elif kind in ("int", "bytes"):
                parts.append('<td class="num">%s</td>' % escape("" if value is None else (human_int(value) if kind == "int" else human_bytes(value))))
            else:
                parts.append("<td>%s</td>" % escape(_shorten(value, 80) if value is not None else ""))
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if limit is not None and len(rows) > limit:
        parts.append('<p class="note">%s more rows in the CSV file.</p>' % human_int(len(rows) - limit))
    return "".join(parts)


STYLE = """
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#212121;background:#fafafa}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#616161;margin-bottom:16px}.banner{background:#1565c0;color:#fff;padding:8px 12px;border-radius:4px;font-weight:bold;margin:12px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:12px 16px;min-width:160px}
.card .label{color:#616161;font-size:12px;text-transform:uppercase}.card .value{font-size:22px;font-weight:bold}
.gauges{display:flex;gap:24px;flex-wrap:wrap}table{border-collapse:collapse;background:#fff;font-size:13px;margin:6px 0}
th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left}th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.note,.empty{color:#757575;font-size:12px}svg.chart{background:#fff;border:1px solid #e0e0e0;border-radius:4px}
"""


def render_html(report, table_limit=1000):
    storage = report["storage"]
    after = storage.get("after") or {}
    actions = report["actions"]
    top = report.get("top_count") or 15
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s</title><style>%s</style></head><body>" % (escape(report["title"]), STYLE),
        "<h1>%s</h1>" % escape(report["title"]),
        '<div class="sub">%s report, generated %s</div>' % (escape(report["kind"]), _metric("generated", report["generated"])),
    ]
    if report.get("dry_run"):
        parts.append(
            '<div class="banner" data-metric="dry_run" data-value="true">Dry run (check mode): nothing was changed; actions show what would happen.</div>'
        )
    if report.get("facts"):
        parts.append("<h2>Run</h2><table><tbody>")
        for key in sorted(report["facts"]):
            value = report["facts"][key]
            if isinstance(value, (list, dict)):
                value = json.dumps(value, sort_keys=True)
            parts.append("<tr><th>%s</th><td>%s</td></tr>" % (escape(key), _metric("facts." + key, value)))
        parts.append("</tbody></table>")

    cards = [
        ("Recordings available", _metric("storage.available_count", storage["available_count"], human_int(storage["available_count"]))),
        ("Storage used", _metric("storage.available_bytes", storage["available_bytes"], human_bytes(storage["available_bytes"]))),
        ("Quota", _metric("storage.quota_bytes", storage["quota_bytes"], human_bytes(storage["quota_bytes"]))),
        (
            "Recycle bin",
            _metric("recycle_bin.count", report["recycle_bin"]["count"], human_int(report["recycle_bin"]["count"]))
            + " / "
            + _metric("recycle_bin.bytes", report["recycle_bin"]["bytes"], human_bytes(report["recycle_bin"]["bytes"])),
        ),
        ("Owners", _metric("totals.owners", report["totals"]["owners"], human_int(report["totals"]["owners"]))),
        ("Actions", _metric("actions.count", actions["count"], human_int(actions["count"]))),
    ]
    parts.append('<h2>Summary</h2><div class="cards">')
    for label, value in cards:
        parts.append('<div class="card"><div class="label">%s</div><div class="value">%s</div></div>' % (escape(label), value))
    parts.append("</div>")

    parts.append('<h2>Quota</h2><div class="gauges">')
    parts.append(
        _gauge(
            "before" if actions["count"] else "used",
            storage["used_percent"],
            storage["available_bytes"],
            storage["quota_bytes"],
            "storage.used_percent",
            storage.get("target_bytes"),
        )
    )
    if actions["count"]:
        label = "after (projected)" if report.get("dry_run") else "after"
        parts.append(
            _gauge(
                label,
                after.get("used_percent", 0),
                after.get("available_bytes", 0),
                storage["quota_bytes"],
                "storage.after.used_percent",
                storage.get("target_bytes"),
            )
        )
    parts.append("</div>")
    if storage.get("target_bytes") is not None:
        parts.append(
            '<p class="note">Target: %s (dot on the gauge).</p>'
            % _metric("storage.target_bytes", storage["target_bytes"], human_bytes(storage["target_bytes"]))
        )

    parts.append("<h2>Actions taken</h2>")
    parts.append(_action_bars(actions["by_action"]))
    parts.append("<h2>Storage by owner</h2>")
    parts.append(_hbars(report["by_owner"], "owner", "bytes", "by_owner", limit=top))
    parts.append("<h2>Storage by location</h2>")
    parts.append(_hbars(report["by_location"], "location", "bytes", "by_location", colour="#6a1b9a", limit=top))
    parts.append("<h2>Age of recordings</h2>")
    parts.append(_vbars(report["age_histogram"], "bucket", "count", "age_histogram"))
    parts.append("<h2>Storage by month</h2>")
    parts.append(_vbars(report["by_month"], "month", "bytes", "by_month", formatter=human_bytes, colour="#ef6c00"))

    if report["rows"]:
        parts.append("<h2>Actions</h2>")
        # Problems first, then what was done; recordings only held come last.
        priority = ("failed", "refused", "not_found", "skipped", "done", "would", "unchanged", "held")
        rows = sorted(report["rows"], key=lambda row: priority.index(row["outcome"]) if row["outcome"] in priority else 3)
        parts.append(
            _table(
                [
                    ("id", "Recording", "text"),
                    ("owner_email", "Owner", "text"),
                    ("create_time", "Created", "text"),
                    ("size_bytes", "Size", "bytes"),
                    ("action", "Action", "text"),
                    ("outcome", "Outcome", "text"),
                    ("rule", "Rule", "text"),
                    ("new_owner_email", "New owner", "text"),
                    ("reason", "Reason", "text"),
                ],
                rows,
                limit=table_limit,
            )
        )

    recording_columns = [
        ("id", "Recording", "text"),
        ("owner_email", "Owner", "text"),
        ("create_time", "Created", "text"),
        ("size_bytes", "Size", "bytes"),
        ("status", "Status", "text"),
        ("topic", "Topic", "text"),
    ]
    parts.append("<h2>Oldest recordings</h2>")
    parts.append(_table(recording_columns, report["oldest"], path="oldest") if report["oldest"] else '<p class="empty">None.</p>')
    parts.append("<h2>Recycle bin</h2>")
    parts.append(
        "<p>%s recordings, %s; oldest created %s.</p>"
        % (
            _metric("recycle_bin.count", report["recycle_bin"]["count"], human_int(report["recycle_bin"]["count"])),
            _metric("recycle_bin.bytes", report["recycle_bin"]["bytes"], human_bytes(report["recycle_bin"]["bytes"])),
            escape(report["recycle_bin"]["oldest_create_time"] or "-"),
        )
    )
    if report["recycle_bin"]["items"]:
        parts.append(_table(recording_columns, report["recycle_bin"]["items"], path="recycle_bin.items"))
    parts.append("<h2>Owners</h2>")
    parts.append(
        _table(
            [
                ("owner", "Owner", "text"),
                ("count", "Recordings", "int"),
                ("bytes", "Size", "bytes"),
                ("available_bytes", "Available", "bytes"),
                ("deleted_bytes", "Recycle bin", "bytes"),
            ],
            report["by_owner"],
            path="by_owner",
            limit=table_limit,
        )
    )
    parts.append("<h2>Locations</h2>")
    parts.append(
        _table(
            [("location", "Location", "text"), ("count", "Recordings", "int"), ("bytes", "Size", "bytes")],
            report["by_location"],
            path="by_location",
            limit=table_limit,
        )
    )
    parts.append('<p class="note">Sizes in decimal units (1 GB = 10^9 bytes). wxc.recordings.</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------- files


def write_atomic(path, text, mode=0o600):
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".part", dir=folder)
    try:
        with io.open(handle, "w", encoding="utf-8", newline="") as output:
            output.write(text)
            output.flush()
            os.fsync(output.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def write_report(report, dest, name, formats=("json", "csv", "html"), mode=0o600, table_limit=1000):
    """Write the report files; returns ``{format: path}``."""
    paths = {}
    for kind in formats:
        path = os.path.join(dest, "%s.%s" % (name, kind))
        if kind == "json":
            text = json.dumps(public(report), indent=2, sort_keys=True) + "\n"
        elif kind == "csv":
            text = render_csv(report)
        else:
            text = render_html(report, table_limit=table_limit)
        write_atomic(path, text, mode)
        paths[kind] = path
    return paths


def summary_of(report):
    """The few numbers a task result or a notification needs."""
    storage = report["storage"]
    return {
        "available_count": storage["available_count"],
        "available_bytes": storage["available_bytes"],
        "deleted_count": storage["deleted_count"],
        "deleted_bytes": storage["deleted_bytes"],
        "used_percent": storage["used_percent"],
        "used_percent_after": storage["after"]["used_percent"],
        "quota_bytes": storage["quota_bytes"],
        "actions": report["actions"]["count"],
        "by_action": report["actions"]["by_action"],
        "by_outcome": report["actions"]["by_outcome"],
    }


def message_text(report, paths=None):
    """A short plain-text summary of the report, for a Webex message."""
    storage = report["storage"]
    lines = ["%s%s" % (report["title"], " (dry run)" if report.get("dry_run") else "")]
    for key in sorted(report.get("facts") or {}):
        lines.append("%s: %s" % (key, report["facts"][key]))
    lines.append(
        "Storage: %s of %s (%s%%), %s recordings; recycle bin %s recordings, %s"
        % (
            human_bytes(storage["available_bytes"]),
            human_bytes(storage["quota_bytes"]),
            storage["used_percent"],
            human_int(storage["available_count"]),
            human_int(storage["deleted_count"]),
            human_bytes(storage["deleted_bytes"]),
        )
    )
    if report["actions"]["count"]:
        for action in sorted(report["actions"]["by_action"]):
            counts = report["actions"]["by_action"][action]
            lines.append("%s: %s" % (action, ", ".join("%s %d" % (outcome, counts[outcome]) for outcome in sorted(counts))))
        if storage["after"]["used_percent"] != storage["used_percent"]:
            lines.append("Storage after: %s (%s%%)" % (human_bytes(storage["after"]["available_bytes"]), storage["after"]["used_percent"]))
    else:
        lines.append("No action.")
    if paths and paths.get("html"):
        lines.append("Report: %s" % paths["html"])
    return "\n".join(lines)
