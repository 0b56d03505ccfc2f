# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The metadata export, the model: one row per recording for a CRM or BI tool, redaction, and the watermark.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure: plain data in and out, no I/O, no Ansible (``_metadata_export_run`` lists, fetches and writes).

A row (``COLUMNS``, in that order) joins a list item (owner, location, topic, size, createTime) with the recording's
call metadata (``GET /convergedRecordings/{id}/metadata``: session times, personality, calling and called parties).
``direction`` is the recorded party's side of the call: ``outbound`` when its personality is ``originator``,
``inbound`` when ``terminator``; the ``remote_*`` columns are the other party (the called party of an outbound call,
the calling party of an inbound one), the one a CRM knows as the customer.

Numbers and SIP addresses are personal data: ``redact`` applies to every ``*_number`` column. ``none`` writes them as
Webex gives them, less a ``tel:`` scheme (``tel:+12025550123`` -> ``+12025550123``); ``last4`` keeps the last four
digits (``****0123``; ``****`` when a number has four digits or fewer); ``hash`` writes
``HMAC-SHA256(key=redact_salt, message=the value 'none' would write)`` in hex, the same for the same number in every
run and every file, so joins still work, and not reversible without the key. Without ``redact_salt`` the key is the
public ``DEFAULT_HASH_KEY``: stable, but anyone can hash every phone number and look the values up (the module warns).

Incremental runs (``state_file``): a run lists ``[from, to)``, ``to`` being the time of the listing. The next run
lists again from ``to - overlap`` (late arrivals: Webex's REST data can lag a recording's ``createTime``) and skips
the ids it already exported there (``seen``: id -> createTime, kept for the overlap only), so a recording whose
``createTime`` equals the watermark, or that arrives late within the overlap, is exported exactly once. A recording
whose metadata is not there yet (HTTP 404 or 204) is not exported and not seen: it is ``pending``, and the next run
lists back far enough to meet it again. A pending recording no longer listed (trashed, purged, past the lower bound)
is dropped from the state and reported, never silently.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import hmac
import re
from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._csv_cells import spreadsheet_safe
from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, parse_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError

STATE_FORMAT = "wxc.recordings.metadata-export-state/1"
REDACT_CHOICES = ("none", "hash", "last4")
DEFAULT_HASH_KEY = "wxc.recordings"
DEFAULT_OVERLAP_MINUTES = 60

COLUMNS = (
    "recording_id",
    "create_time",
    "owner_email",
    "owner_name",
    "owner_type",
    "owner_id",
    "location_id",
    "start_time",
    "stop_time",
    "duration_seconds",
    "direction",
    "calling_number",
    "calling_name",
    "called_number",
    "called_name",
    "remote_number",
    "remote_name",
    "call_session_id",
    "topic",
    "size_bytes",
    "service_type",
    "status",
)
NUMBER_COLUMNS = ("calling_number", "called_number", "remote_number")
# Written to the CSV as they are: phone numbers, SIP addresses and their redacted forms, which a CRM joins on.
VERBATIM_COLUMNS = NUMBER_COLUMNS
INT_COLUMNS = ("duration_seconds", "size_bytes")
DIRECTIONS = {"originator": "outbound", "terminator": "inbound"}
# What the flow keeps of each listed recording while its metadata is fetched.
LIST_FIELDS = ("id", "createTime", "ownerEmail", "ownerType", "ownerId", "topic", "sizeBytes", "durationSeconds", "serviceType", "status", "serviceData")

_DIGITS = re.compile(r"\d")


# ---------------------------------------------------------------------------------------------- redaction


def plain_number(value):
    """A party's number as the export writes it unredacted: as Webex gives it, less a ``tel:`` scheme."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    return text


def digits_of(value):
    """The digits of a number; of a SIP address, those of its user part (before ``@``)."""
    text = plain_number(value)
    if text.lower().startswith(("sip:", "sips:")):
        text = text.split(":", 1)[1]
    text = text.split("@", 1)[0].split(";", 1)[0]
    return "".join(_DIGITS.findall(text))


def redact_number(value, redact="none", salt=None):
    """``value`` (a number or SIP address) as the export writes it under ``redact``; empty stays empty."""
    text = plain_number(value)
    if not text or redact == "none":
        return text
    if redact == "last4":
        digits = digits_of(text)
        return "****" + digits[-4:] if len(digits) > 4 else "****"
    if redact == "hash":
        key = (salt if salt else DEFAULT_HASH_KEY).encode("utf-8")
        return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    raise OptionError("redact", "redact must be one of %s, got %r" % (", ".join(REDACT_CHOICES), redact))


# ---------------------------------------------------------------------------------------------- rows


def _seconds_between(start, stop):
    try:
        seconds = (parse_datetime(stop) - parse_datetime(start)).total_seconds()
    except (TypeError, ValueError):
        return None
    return int(round(seconds)) if seconds >= 0 else None


def _party(party):
    party = party if isinstance(party, dict) else {}
    return party.get("number"), party.get("name") or ((party.get("actor") or {}).get("email")) or ""


def export_row(item, metadata, redact="none", salt=None):
    """One export row (a dict in ``COLUMNS`` order) from a list item (API fields) and its metadata (API fields)."""
    metadata = metadata or {}
    service = metadata.get("serviceData") or {}
    listed_service = item.get("serviceData") or {}
    session = service.get("session") or {}
    start, stop = session.get("startTime") or "", session.get("stopTime") or ""
    duration = _seconds_between(start, stop) if start and stop else None
    if duration is None:
        duration = int(item.get("durationSeconds") or 0)
    direction = DIRECTIONS.get(str(service.get("personality") or "").lower(), "")
    calling_number, calling_name = _party(service.get("callingParty"))
    called_number, called_name = _party(service.get("calledParty"))
    if direction == "outbound":
        remote_number, remote_name = called_number, called_name
    elif direction == "inbound":
        remote_number, remote_name = calling_number, calling_name
    else:
        remote_number, remote_name = None, ""
    values = {
        "recording_id": item.get("id") or metadata.get("id") or "",
        "create_time": item.get("createTime") or "",
        "owner_email": item.get("ownerEmail") or metadata.get("ownerEmail") or "",
        "owner_name": metadata.get("ownerName") or "",
        "owner_type": item.get("ownerType") or metadata.get("ownerType") or "",
        "owner_id": item.get("ownerId") or metadata.get("ownerId") or "",
        "location_id": listed_service.get("locationId") or service.get("locationId") or "",
        "start_time": start,
        "stop_time": stop,
        "duration_seconds": duration,
        "direction": direction,
        "calling_number": redact_number(calling_number, redact, salt),
        "calling_name": calling_name,
        "called_number": redact_number(called_number, redact, salt),
        "called_name": called_name,
        "remote_number": redact_number(remote_number, redact, salt),
        "remote_name": remote_name,
        "call_session_id": service.get("callSessionId") or listed_service.get("callSessionId") or "",
        "topic": item.get("topic") or "",
        "size_bytes": int(item.get("sizeBytes") or 0),
        "service_type": item.get("serviceType") or metadata.get("serviceType") or "",
        "status": item.get("status") or "",
    }
    return dict((column, values[column]) for column in COLUMNS)


def csv_values(row):
    """The row's values for a CSV line, in ``COLUMNS`` order. Free text (topic, names) that a spreadsheet would run as
    a formula gets a leading quote (``_csv_cells``); numbers are written as Webex gives them (``+1...``), so that a
    CRM joins on them, and the JSON lines file has every value unchanged."""
    return ["" if row.get(column) is None else (row[column] if column in VERBATIM_COLUMNS else spreadsheet_safe(row[column])) for column in COLUMNS]


# ---------------------------------------------------------------------------------------------- the watermark


def empty_state():
    return {"format": STATE_FORMAT, "listed_to": None, "overlap_minutes": DEFAULT_OVERLAP_MINUTES, "seen": {}, "pending": []}


def validate_state(document, option="state_file"):
    """The state file's document, checked (``OptionError`` naming ``option`` if it is not one of ours)."""
    if not isinstance(document, dict) or document.get("format") != STATE_FORMAT:
        raise OptionError(option, "%s is not a metadata export state file (format %s)" % (option, STATE_FORMAT))
    try:
        if document.get("listed_to") is not None:
            parse_datetime(document["listed_to"])
        seen = {} if document.get("seen") is None else document["seen"]
        pending = [] if document.get("pending") is None else document["pending"]
        if not isinstance(seen, dict) or not isinstance(pending, list):
            raise ValueError("seen must be an object and pending a list")
        for created in seen.values():
            parse_datetime(created)
        for entry in pending:
            if not isinstance(entry, dict) or not entry.get("id"):
                raise ValueError("a pending entry has no id")
            parse_datetime(entry.get("create_time"))
    except (TypeError, ValueError) as error:
        raise OptionError(option, "%s is damaged: %s" % (option, error)) from None
    state = empty_state()
    state.update(document)
    state["seen"] = dict(seen)
    state["pending"] = [dict(entry) for entry in pending]
    return state


def listing_start(state, now, overlap_minutes, earliest):
    """Where this run's listing starts: ``earliest`` (the first run, or a lower bound the task sets), else the last
    listing's end less the overlap, moved back to the oldest pending recording, never before ``earliest``."""
    earliest = parse_datetime(earliest)
    if state is None or not state.get("listed_to"):
        return earliest
    start = parse_datetime(state["listed_to"]) - timedelta(minutes=overlap_minutes)
    for entry in state.get("pending") or []:
        start = min(start, parse_datetime(entry["create_time"]))
    return min(max(start, earliest), parse_datetime(now))


def already_exported(state, recording_id):
    return state is not None and recording_id in (state.get("seen") or {})


def next_state(state, listed_to, exported, pending, overlap_minutes, now):
    """The state after a run that listed up to ``listed_to``.

    ``exported``: ``{id: createTime}`` written by this run; ``pending``: this run's recordings without metadata
    (``{id, create_time, reason}``). ``seen`` keeps what the next run may list again: ids created at or after the
    next run's start (``listed_to - overlap``, or the oldest pending recording).
    """
    previous = (state or {}).get("pending") or []
    attempts = dict((entry["id"], int(entry.get("attempts") or 1)) for entry in previous)
    first_pending = dict((entry["id"], entry.get("first_pending") or entry.get("create_time")) for entry in previous)
    new_pending = []
    for entry in pending:
        row = dict(entry)
        row["attempts"] = attempts.get(entry["id"], 0) + 1
        row["first_pending"] = first_pending.get(entry["id"]) or format_datetime(parse_datetime(now))
        new_pending.append(row)
    new_state = empty_state()
    new_state.update(listed_to=format_datetime(parse_datetime(listed_to)), overlap_minutes=overlap_minutes, pending=new_pending)
    cutoff = listing_start(new_state, listed_to, overlap_minutes, "1970-01-01T00:00:00Z")
    seen = dict((state or {}).get("seen") or {})
    seen.update(exported)
    new_state["seen"] = dict((i, created) for i, created in sorted(seen.items()) if parse_datetime(created) >= cutoff)
    new_state["updated"] = format_datetime(parse_datetime(now))
    return new_state


def dropped_pending(state, listed_ids):
    """The previous run's pending recordings this run did not list (trashed, purged, out of the range): reported."""
    return [entry for entry in (state or {}).get("pending") or [] if entry["id"] not in listed_ids]
