# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Run reports' inline SVG: the quota gauge and the bar charts, and the escaping every HTML fragment uses.

Internal use only: this module is not part of the collection's public API and may change at any time.

Every number a chart shows that the report's JSON also holds carries ``data-metric="<dotted JSON path>"`` and
``data-value`` (the raw value), so a test can read the rendered page and compare.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math

from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, FAILED, HELD, NOT_FOUND, ORDER, REFUSED, SKIPPED, UNCHANGED, WOULD_CHANGE
from ansible_collections.wxc.recordings.plugins.module_utils._report_text import human_bytes, human_int

try:
    from html import escape as _escape
except ImportError:  # pragma: no cover - Python 2 is not supported by the collection
    from cgi import escape as _escape

OUTCOME_COLOURS = {
    CHANGED: "#2e7d32",
    WOULD_CHANGE: "#1565c0",
    UNCHANGED: "#9e9e9e",
    SKIPPED: "#f9a825",
    REFUSED: "#ef6c00",
    HELD: "#6a1b9a",
    FAILED: "#c62828",
    NOT_FOUND: "#795548",
}


def escape(value):
    return _escape("" if value is None else str(value), quote=True)


def metric(path, value, text=None, tag="span", cls=None):
    attrs = ' data-metric="%s" data-value="%s"' % (escape(path), escape(value))
    if cls:
        attrs += ' class="%s"' % cls
    return "<%s%s>%s</%s>" % (tag, attrs, escape(text if text is not None else value), tag)


def gauge(label, percent, used_bytes, quota_bytes, path, target_bytes=None):
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


def hbars(items, label_key, value_key, path, formatter=human_bytes, colour="#1565c0", limit=15):
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
        parts.append('<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>' % (label_width - 8, y + 15, escape(shorten(label, 38))))
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


def stacked_hbars(items, label_key, path, after_key, available_colour, recycle_colour, limit=15):
    """Horizontal bars, one segment for what counts against the quota (available) and one for the recycle bin.

    With ``after_key`` (``after_available_bytes``), the bars show the state after the run: a leaver whose recordings
    went to the recycle bin shows a recycle-bin bar, not an available one.
    """
    available_key = after_key or "available_bytes"
    recycle_key = "after_deleted_bytes" if after_key else "deleted_bytes"
    items = list(items)
    shown = items[:limit]
    others = items[limit:]
    bars = [(item[label_key], item.get(available_key) or 0, item.get(recycle_key) or 0, index) for index, item in enumerate(shown)]
    if others:
        bars.append(("%d others" % len(others), sum(item.get(available_key) or 0 for item in others), sum(item.get(recycle_key) or 0 for item in others), None))
    if not bars:
        return '<p class="empty">Nothing to show.</p>'
    top = max(available + recycle for _label, available, recycle, _index in bars) or 1
    row, label_width, bar_width = 24, 260, 420
    height = row * len(bars) + 10
    width_all = label_width + bar_width + 260
    parts = ['<svg class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img">' % (width_all, height, width_all, height)]
    for position, (label, available, recycle, index) in enumerate(bars):
        y = 5 + position * row
        parts.append('<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>' % (label_width - 8, y + 15, escape(shorten(label, 38))))
        x = float(label_width)
        for value, colour, name in ((available, available_colour, "available"), (recycle, recycle_colour, "recycle bin")):
            width = max(1.0, bar_width * float(value) / top) if value else 0
            if width:
                parts.append(
                    '<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s, %s: %s</title></rect>'
                    % (x, y + 3, width, row - 8, colour, escape(label), name, escape(human_bytes(value)))
                )
            x += width

        def shown_value(key, value, index=index):
            if index is None:
                return escape(human_bytes(value))
            return '<tspan data-metric="%s.%d.%s" data-value="%s">%s</tspan>' % (escape(path), index, key, escape(value), escape(human_bytes(value)))

        parts.append(
            '<text x="%.1f" y="%d" font-size="12">%s available, %s recycle bin</text>'
            % (x + 6, y + 15, shown_value(available_key, available), shown_value(recycle_key, recycle))
        )
    parts.append("</svg>")
    return "".join(parts)


def vbars(items, label_key, value_key, path, formatter=human_int, colour="#00838f"):
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
        parts.append('<text x="%d" y="%d" text-anchor="middle" font-size="10">%s</text>' % (x + column // 2, base + 14, escape(shorten(item[label_key], 14))))
    parts.append("</svg>")
    return "".join(parts)


def action_bars(by_action):
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
        for outcome in sorted(by_action[action], key=lambda o: ORDER.index(o) if o in ORDER else 99):
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
    for outcome in ORDER:
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>' % (x, legend_y - 9, OUTCOME_COLOURS[outcome]))
        parts.append('<text x="%d" y="%d" font-size="11">%s</text>' % (x + 14, legend_y, outcome))
        x += 24 + 6 * len(outcome)
    parts.append("</svg>")
    return "".join(parts)


def shorten(text, limit):
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
