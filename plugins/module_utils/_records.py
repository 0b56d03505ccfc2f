# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Recordings as modules return them: API objects in snake_case, and summaries of many recordings.

Internal use only: this module is not part of the collection's public API and may change at any time.

Field names mirror the API's (``ownerEmail`` -> ``owner_email``, ``ownerID`` -> ``owner_id``); the two fields of
``serviceData`` in list items (``locationId``, ``callSessionId``) are flattened to the top level. The accessors
(``created_time``, ``location_of``, ``call_session_of``, ``size_of``) read those fields of an API object.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime_or_none

_WORD_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM_BOUNDARY = re.compile(r"([A-Z]+)([A-Z][a-z])")


_SNAKE_NAMES = {}


def snake_name(name):
    """``ownerEmail`` -> ``owner_email``, ``ownerID`` -> ``owner_id``, ``mLineIndex`` -> ``m_line_index``."""
    # The API uses a few dozen keys, on every one of up to 100,000 recordings: two regular expressions each time
    # cost seconds, so each name is converted once.
    snake = _SNAKE_NAMES.get(name)
    if snake is None:
        snake = _WORD_BOUNDARY.sub(r"\1_\2", _ACRONYM_BOUNDARY.sub(r"\1_\2", name)).lower()
        if len(_SNAKE_NAMES) < 4096:  # keys come from Webex: bounded, in case a payload carries arbitrary ones
            _SNAKE_NAMES[name] = snake
    return snake


def snake_keys(value):
    """The same structure with every mapping key in snake_case."""
    if isinstance(value, dict):
        return dict((snake_name(key), snake_keys(item)) for key, item in value.items())
    if isinstance(value, list):
        return [snake_keys(item) for item in value]
    return value


def recording_facts(recording):
    """One API recording (list item or details) in snake_case, ``serviceData`` fields flattened."""
    facts = snake_keys(dict((key, value) for key, value in recording.items() if key != "serviceData"))
    for key, value in (recording.get("serviceData") or {}).items():
        facts.setdefault(snake_name(key), snake_keys(value))
    return facts


def created_time(recording):
    """When an API recording was created (an aware datetime), or None when it has no readable ``createTime``."""
    return parse_datetime_or_none(recording.get("createTime"))


def location_of(recording):
    return (recording.get("serviceData") or {}).get("locationId")


def call_session_of(recording):
    return (recording.get("serviceData") or {}).get("callSessionId")


def size_of(recording):
    return int(recording.get("sizeBytes") or 0)


MESSAGE_IDS = 20  # a message names at most this many ids, then "and N more"


def brief_ids(ids, limit=MESSAGE_IDS):
    """``a, b, c and 17 more``: ids for a message a person reads."""
    ids = list(ids)
    shown = [str(i) for i in ids[:limit]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (" and %d more" % more if more > 0 else "")


def reasons_text(rows, default="unknown reason"):
    """``reason: N (ids); ...``, the most frequent reason first, at most 20 ids each: why recordings were refused,
    kept or skipped, for a person."""
    by_reason = {}
    for row in rows:
        by_reason.setdefault(row.get("reason") or default, []).append(row["id"])
    ordered = sorted(by_reason.items(), key=lambda item: -len(item[1]))
    return "; ".join("%s: %d (%s)" % (reason, len(ids), brief_ids(ids)) for reason, ids in ordered)


def owner_label(recording):
    """How an owner is named in summaries and messages: the email, else the owner id."""
    return recording.get("ownerEmail") or recording.get("ownerId") or "unknown"


class Summary:
    """Totals over recordings, fed one at a time so a listing of any size can be summed while it streams."""

    def __init__(self):
        self.count = 0
        self.size_bytes = 0
        self.duration_seconds = 0
        self.by_status = {}
        self.by_owner = {}
        self.by_location = {}
        self.oldest = None
        self.newest = None

    @staticmethod
    def _bump(counts, key):
        counts[key] = counts.get(key, 0) + 1

    def add(self, recording):
        self.count += 1
        self.size_bytes += int(recording.get("sizeBytes") or 0)
        self.duration_seconds += int(recording.get("durationSeconds") or 0)
        self._bump(self.by_status, recording.get("status") or "unknown")
        self._bump(self.by_owner, owner_label(recording))
        self._bump(self.by_location, (recording.get("serviceData") or {}).get("locationId") or "unknown")
        created = recording.get("createTime")
        if created:
            # Webex writes every createTime of one response in the same form (UTC, Z), so text order is time order.
            if self.oldest is None or created < self.oldest:
                self.oldest = created
            if self.newest is None or created > self.newest:
                self.newest = created

    def as_dict(self):
        return {
            "count": self.count,
            "total_size_bytes": self.size_bytes,
            "total_duration_seconds": self.duration_seconds,
            "by_status": dict(sorted(self.by_status.items())),
            "by_owner": dict(sorted(self.by_owner.items())),
            "by_location": dict(sorted(self.by_location.items())),
            "oldest_create_time": self.oldest,
            "newest_create_time": self.newest,
        }


def summarize(recordings):
    summary = Summary()
    for recording in recordings:
        summary.add(recording)
    return summary.as_dict()
