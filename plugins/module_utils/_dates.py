# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Dates as Webex writes and takes them, and the 30-day list windows.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure: no I/O but the clock in ``utc_now``. docs/webex-api.md 3: a list call covers at most 30 days; Webex keeps
recordings for a year.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import datetime, timedelta, timezone

MAX_WINDOW = timedelta(days=30)
RETENTION_DAYS = 365


def utc_now():
    return datetime.now(timezone.utc)


def parse_datetime(value):
    """Parse an ISO 8601 timestamp as Webex writes it (``Z`` or an offset); naive input is taken as UTC."""
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def parse_datetime_or_none(value):
    """``parse_datetime(value)``, or None when ``value`` is missing or not a timestamp (a field Webex left out)."""
    try:
        return parse_datetime(value)
    except (TypeError, ValueError):
        return None


def format_datetime(value):
    """Webex's own form: UTC, milliseconds, ``Z``."""
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)


def date_windows(start, end, max_window=MAX_WINDOW):
    """Split ``[start, end)`` into windows of at most ``max_window``, newest first.

    Newest first keeps the concatenated listing in the API's own order (createTime descending).
    Windows share their bounds: ``from`` is inclusive and ``to`` exclusive, so nothing is listed twice.
    """
    start, end = parse_datetime(start), parse_datetime(end)
    if start >= end:
        return []
    windows = []
    upper = end
    while upper > start:
        lower = max(start, upper - max_window)
        windows.append((lower, upper))
        upper = lower
    return windows
