# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Run reports as one self-contained HTML page: inline CSS and SVG (``_report_svg``), no external asset.

Internal use only: this module is not part of the collection's public API and may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from datetime import datetime

from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, FAILED, HELD, NOT_FOUND, REFUSED, SKIPPED, UNCHANGED, WOULD_CHANGE
from ansible_collections.wxc.recordings.plugins.module_utils._report_svg import action_bars, escape, gauge, metric, shorten, stacked_hbars, vbars
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import action_lines, fact_label, human_bytes, human_int, human_value

AVAILABLE_COLOUR = "#1565c0"
RECYCLE_COLOUR = "#78909c"


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
                parts.append(metric("%s.%d.%s" % (path, index, key), value, text, tag="td", cls="num"))
            elif kind in ("int", "bytes"):
                parts.append('<td class="num">%s</td>' % escape("" if value is None else (human_int(value) if kind == "int" else human_bytes(value))))
            elif kind == "long":
                # Reasons are read in full: never cut off.
                parts.append('<td class="long">%s</td>' % escape(value if value is not None else ""))
            else:
                parts.append("<td>%s</td>" % escape(shorten(value, 80) if value is not None else ""))
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
.note,.empty{color:#757575;font-size:12px}td.long{max-width:520px;white-space:normal;overflow-wrap:anywhere}
.basis{color:#424242;font-size:13px;margin:2px 0 6px}.key{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
svg.chart{background:#fff;border:1px solid #e0e0e0;border-radius:4px}
"""


STATUS_WORDS = {"available": "available recordings", "deleted": "recordings in the recycle bin"}
# A listing at least this long covers what Webex keeps (the retention year): every recording of that status.
WHOLE_YEAR_DAYS = 364


def listing_basis(listed, locations="all", owners="all"):
    """The listing a run's figures rest on, in words (the retention plan lists only what its policy needs).

    ``listed``: ``{status: {"from": time, "to": time}}`` as the planner returns it; "" when the report has none.
    ``locations``, ``owners``: what a limited run was limited to (``"all"``: not limited).
    """
    if not isinstance(listed, dict) or not listed:
        return ""
    limits = []
    if locations and locations != "all":
        limits.append("at location(s) %s" % locations)
    if owners and owners != "all":
        limits.append("of owner(s) %s" % owners)
    parts, partial = [], False
    for status in sorted(listed):
        window = listed[status] if isinstance(listed[status], dict) else {}
        start, end = str(window.get("from") or "")[:10], str(window.get("to") or "")[:10]
        what = STATUS_WORDS.get(status, "%s recordings" % status)
        try:
            days = (datetime.strptime(end, "%Y-%m-%d") - datetime.strptime(start, "%Y-%m-%d")).days
        except ValueError:
            partial = True
            parts.append("%s (dates not stated)" % what)
            continue
        whole = days >= WHOLE_YEAR_DAYS
        partial = partial or not whole
        parts.append("all %s (created %s to %s)" % (what, start, end) if whole else "only the %s created %s to %s" % (what, start, end))
    text = "Listing basis: this run listed %s." % "; ".join(parts)
    if limits:
        text += " Limited to the recordings %s: the rest of the organisation is in no figure here." % " and ".join(limits)
    if partial:
        text += " Recordings outside these dates were not listed and are in no figure here, so the org may use more than shown."
    return text


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
        '<div class="sub">%s report, generated %s</div>' % (escape(report["kind"]), metric("generated", report["generated"])),
    ]
    dry_run = bool(report.get("dry_run"))
    if dry_run:
        parts.append(
            '<div class="banner" data-metric="dry_run" data-value="true">Dry run (check mode): nothing was changed;'
            " the planned actions show what a real run would do.</div>"
        )
    if report.get("facts"):
        parts.append("<h2>Run</h2><table><tbody>")
        for key in sorted(report["facts"]):
            value = report["facts"][key]
            if isinstance(value, (list, dict)):
                value = json.dumps(value, sort_keys=True)
            parts.append(
                "<tr><th>%s</th><td>%s</td></tr>" % (escape(fact_label(key, dry_run)), metric("facts." + key, value, human_value(key, report["facts"][key])))
            )
        parts.append("</tbody></table>")

    holds = (report.get("holds") or {}).get("count", 0)
    cards = [
        ("Recordings available", metric("storage.available_count", storage["available_count"], human_int(storage["available_count"]))),
        ("Storage used (available)", metric("storage.available_bytes", storage["available_bytes"], human_bytes(storage["available_bytes"]))),
        ("Quota", metric("storage.quota_bytes", storage["quota_bytes"], human_bytes(storage["quota_bytes"]))),
        (
            "Recycle bin",
            metric("recycle_bin.count", report["recycle_bin"]["count"], human_int(report["recycle_bin"]["count"]))
            + " / "
            + metric("recycle_bin.bytes", report["recycle_bin"]["bytes"], human_bytes(report["recycle_bin"]["bytes"])),
        ),
        ("Total stored (available + recycle bin)", metric("totals.bytes", report["totals"]["bytes"], human_bytes(report["totals"]["bytes"]))),
        ("Owners", metric("totals.owners", report["totals"]["owners"], human_int(report["totals"]["owners"]))),
        ("Planned actions" if dry_run else "Actions", metric("actions.count", actions["count"], human_int(actions["count"]))),
    ]
    if holds:
        cards.append(("On legal hold (kept)", metric("holds.count", holds, human_int(holds))))
    parts.append('<h2>Summary</h2><div class="cards">')
    for label, value in cards:
        parts.append('<div class="card"><div class="label">%s</div><div class="value">%s</div></div>' % (escape(label), value))
    parts.append("</div>")

    parts.append("<h2>Quota</h2>")
    parts.append(
        '<p class="basis">Counts available recordings only (status available). The recycle bin (%s) is shown apart and is not in this figure.</p>'
        % escape(human_bytes(report["recycle_bin"]["bytes"]))
    )
    facts = report.get("facts") or {}
    basis = listing_basis(facts.get("listed"), facts.get("limited_to_locations", "all"), facts.get("limited_to_owners", "all"))
    if basis:
        parts.append('<p class="basis" data-metric="listing_basis">%s</p>' % escape(basis))
    parts.append('<div class="gauges">')
    parts.append(
        gauge(
            "before" if actions["count"] else "used",
            storage["used_percent"],
            storage["available_bytes"],
            storage["quota_bytes"],
            "storage.used_percent",
            storage.get("target_bytes"),
        )
    )
    if actions["count"]:
        label = "after, if run for real" if dry_run else "after"
        parts.append(
            gauge(
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
            '<p class="note">Target: %s (dot on the gauge).</p>' % metric("storage.target_bytes", storage["target_bytes"], human_bytes(storage["target_bytes"]))
        )

    parts.append("<h2>%s</h2>" % ("Planned actions" if dry_run else "Actions taken"))
    parts.append(action_bars(dict((action, counts) for action, counts in actions["by_action"].items() if set(counts) - set(["held"]))))
    lines = action_lines(report)
    if lines:
        parts.append("<ul>%s</ul>" % "".join("<li>%s</li>" % escape(line) for line in lines))
    if holds:
        parts.append(
            '<p class="basis">%s recording(s) on legal hold %s: holds are not actions and are not counted in the actions above.</p>'
            % (metric("holds.count", holds, human_int(holds)), "would be kept" if dry_run else "were kept")
        )
    after_key = "after_available_bytes" if actions["count"] or holds else None
    when = (" if run for real" if dry_run else " after this run") if after_key else ""
    basis = (
        '<p class="basis"><span class="key" style="background:%s"></span>available: counts against the quota%s'
        '<span class="key" style="background:%s"></span>recycle bin%s: does not count in the quota figure</p>' % (AVAILABLE_COLOUR, when, RECYCLE_COLOUR, when)
    )
    parts.append("<h2>Storage by owner</h2>" + basis)
    parts.append(stacked_hbars(report["by_owner"], "owner", "by_owner", after_key, AVAILABLE_COLOUR, RECYCLE_COLOUR, limit=top))
    parts.append("<h2>Storage by location</h2>" + basis)
    parts.append(stacked_hbars(report["by_location"], "name", "by_location", after_key, AVAILABLE_COLOUR, RECYCLE_COLOUR, limit=top))
    parts.append("<h2>Age of recordings</h2>")
    parts.append(vbars(report["age_histogram"], "bucket", "count", "age_histogram"))
    parts.append("<h2>Storage by month</h2>")
    parts.append(vbars(report["by_month"], "month", "bytes", "by_month", formatter=human_bytes, colour="#ef6c00"))

    if report["rows"]:
        parts.append("<h2>%s, recording by recording</h2>" % ("Planned actions" if dry_run else "Actions"))
        # Problems first, then what was done; recordings only held come last.
        priority = (FAILED, REFUSED, NOT_FOUND, SKIPPED, CHANGED, WOULD_CHANGE, UNCHANGED, HELD)
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
                    ("reason", "Reason", "long"),
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
            metric("recycle_bin.count", report["recycle_bin"]["count"], human_int(report["recycle_bin"]["count"])),
            metric("recycle_bin.bytes", report["recycle_bin"]["bytes"], human_bytes(report["recycle_bin"]["bytes"])),
            escape(report["recycle_bin"]["oldest_create_time"] or "-"),
        )
    )
    if report["recycle_bin"]["items"]:
        parts.append(_table(recording_columns, report["recycle_bin"]["items"], path="recycle_bin.items"))
    owner_columns = [
        ("owner", "Owner", "text"),
        ("count", "Recordings", "int"),
        ("available_bytes", "Available (counts against the quota)", "bytes"),
        ("deleted_bytes", "Recycle bin", "bytes"),
        ("bytes", "Total (available + recycle bin)", "bytes"),
    ]
    if after_key:
        owner_columns += [
            ("after_available_bytes", "Available%s" % when, "bytes"),
            ("after_deleted_bytes", "Recycle bin%s" % when, "bytes"),
        ]
    parts.append("<h2>Owners</h2>")
    parts.append('<p class="basis">Every status but purged%s.</p>' % ("; the last two columns: what each owner keeps%s" % when if after_key else ""))
    parts.append(
        _table(
            owner_columns,
            report["by_owner"],
            path="by_owner",
            limit=table_limit,
        )
    )
    parts.append("<h2>Locations</h2>")
    parts.append(
        _table(
            [
                ("name", "Location", "text"),
                ("location", "Location id", "text"),
                ("count", "Recordings", "int"),
                ("available_bytes", "Available", "bytes"),
                ("deleted_bytes", "Recycle bin", "bytes"),
                ("bytes", "Total", "bytes"),
            ],
            report["by_location"],
            path="by_location",
            limit=table_limit,
        )
    )
    parts.append('<p class="note">Sizes in decimal units (1 GB = 10^9 bytes). wxc.recordings.</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
