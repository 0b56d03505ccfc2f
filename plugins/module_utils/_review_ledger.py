# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The review ledger: which recording was posted to which destination, so that none is posted twice.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure functions of plain data, table-tested (tests/unit/plugins/module_utils/test_review.py). ``_review_run`` reads the
file before any request and writes it (``_files``, atomic, 0600) after each message Webex accepted, never before.
An entry is ``{id, destination, rules, message_id, posted_at}``; ``destination`` is ``room:<id>`` or
``person:<email, lower case>`` (``_review.destination_key``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime

LEDGER_FORMAT = "wxc.recordings/review-ledger/1"


def ledger_document(entries):
    return {"format": LEDGER_FORMAT, "entries": entries}


def ledger_entries(document, source="ledger"):
    """The entries of a ledger file's document; an empty ledger when there is none yet."""
    if document is None:
        return []
    if not isinstance(document, dict) or document.get("format") != LEDGER_FORMAT or not isinstance(document.get("entries"), list):
        raise ValueError("%s is not a review ledger (format %s expected)" % (source, LEDGER_FORMAT))
    for index, entry in enumerate(document["entries"]):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("destination"):
            raise ValueError("%s: entries[%d] is not a ledger entry (id and destination)" % (source, index))
    return document["entries"]


def posted_index(entries):
    """``{recording id: set(destination keys)}`` of a ledger."""
    index = {}
    for entry in entries:
        index.setdefault(entry["id"], set()).add(entry["destination"])
    return index


def prune_ledger(entries, now, keep_days=400):
    """The entries posted in the last ``keep_days`` days (and those without a readable time): Webex keeps a recording
    a year, so an entry posted longer ago names a recording that no listing returns any more."""
    cutoff = now - timedelta(days=keep_days)
    kept = []
    for entry in entries:
        try:
            posted_at = parse_datetime(entry.get("posted_at"))
        except (TypeError, ValueError):
            posted_at = None
        if posted_at is None or posted_at >= cutoff:
            kept.append(entry)
    return kept


def ledger_entry(recording_id, key, rules, message_id, posted_at):
    return {"id": recording_id, "destination": key, "rules": [rule.name for rule in rules], "message_id": message_id, "posted_at": posted_at}
