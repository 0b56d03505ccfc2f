# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Retention evaluation: a checked ``_retention.Policy`` applied to listed recordings, into the plan's entries.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure: recordings as the API lists them, the policy and the time in; plain data out. The rules of evaluation are in
``_retention``'s docstring; the table of cases in tests/unit/plugins/module_utils/test_retention.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._records import created_time, location_of, size_of
from ansible_collections.wxc.recordings.plugins.module_utils._retention import ACTIONS, BIN_RULE, QUOTA_RULE


def entry_of(recording, rule, action, archive_first, note=None):
    """One planned recording: the state it was planned from (drift is checked against it) and what to do."""
    entry = {
        "id": recording.get("id"),
        "status": recording.get("status"),
        "owner_email": recording.get("ownerEmail"),
        "owner_id": recording.get("ownerId"),
        "owner_type": recording.get("ownerType"),
        "location_id": location_of(recording),
        "service_type": recording.get("serviceType"),
        "create_time": recording.get("createTime"),
        "size_bytes": size_of(recording),
        "topic": recording.get("topic"),
        "rule": rule,
        "action": action,
        "archive_first": bool(archive_first),
    }
    if note:
        entry["note"] = note
    return entry


def _bin_age_start(recording, bin_first_seen):
    """When ``recording`` entered the recycle bin, as far as we know.

    Webex does not say when a recording was trashed. With a ledger (``bin_first_seen``: id -> first time a run saw
    it in the recycle bin) the grace period counts from then; without one, from the recording's creation.
    """
    if bin_first_seen is not None:
        seen = bin_first_seen.get(recording.get("id"))
        return parse_datetime(seen) if seen else None
    return created_time(recording)


def _oldest_first_key(recording):
    when = created_time(recording)
    return (when is None, when.timestamp() if when else 0, recording.get("id") or "")


def evaluate(recordings, policy, now=None, bin_first_seen=None):
    """The plan for ``recordings`` (API objects, any status) under ``policy`` at ``now``.

    Returns a dict: ``entries`` (oldest first), ``held``, ``purge_disabled`` (recycle-bin recordings a purge rule
    matched while purging is off), ``storage``, ``by_action``, ``by_rule``.
    """
    now = now or utc_now()
    entries = {}
    held = []
    purge_disabled = []
    seen = set()
    unique = []
    for recording in recordings:
        if recording.get("id") in seen:
            continue
        seen.add(recording.get("id"))
        unique.append(recording)

    for recording in unique:
        status = recording.get("status")
        if status not in ("available", "deleted"):
            continue
        hold = policy.holds.reason(recording)
        if hold:
            held.append({"id": recording.get("id"), "status": status, "owner_email": recording.get("ownerEmail"), "reason": hold})
            continue
        for rule in policy.rules:
            if not rule.matches(recording, now):
                continue
            if rule.action == "archive":
                entries[recording["id"]] = entry_of(recording, rule.name, "archive", True)
            elif rule.action == "trash":
                entries[recording["id"]] = entry_of(recording, rule.name, "trash", policy.archive_before_trash)
            elif policy.purge_enabled:
                entries[recording["id"]] = entry_of(recording, rule.name, "purge", policy.archive_before_trash and status == "available")
            elif status == "available":
                entries[recording["id"]] = entry_of(recording, rule.name, "trash", policy.archive_before_trash, note="purge disabled: trashed only")
            else:
                purge_disabled.append({"id": recording.get("id"), "rule": rule.name})
            break

    available = [r for r in unique if r.get("status") == "available"]
    deleted = [r for r in unique if r.get("status") == "deleted"]
    available_bytes = sum(size_of(r) for r in available)

    def freed():
        return sum(e["size_bytes"] for e in entries.values() if e["status"] == "available" and e["action"] in ("trash", "purge"))

    usage_after_rules = available_bytes - freed()
    excess = max(0, usage_after_rules - policy.target_bytes)
    if policy.quota_enabled and excess > 0:
        held_ids = set(item["id"] for item in held)
        candidates = [r for r in available if r.get("id") not in held_ids and (r.get("id") not in entries or entries[r["id"]]["action"] == "archive")]
        candidates.sort(key=_oldest_first_key)
        usage = usage_after_rules
        for recording in candidates:
            if usage <= policy.target_bytes:
                break
            previous = entries.get(recording["id"])
            note = "also matched rule %s (archive)" % previous["rule"] if previous else None
            entries[recording["id"]] = entry_of(recording, QUOTA_RULE, "trash", policy.archive_before_trash or previous is not None, note=note)
            usage -= size_of(recording)

    if policy.purge_enabled and policy.purge_grace_days is not None:
        grace = timedelta(days=policy.purge_grace_days)
        held_ids = set(item["id"] for item in held)
        for recording in deleted:
            if recording.get("id") in entries or recording.get("id") in held_ids:
                continue
            start = _bin_age_start(recording, bin_first_seen)
            if start is not None and now - start >= grace:
                entries[recording["id"]] = entry_of(recording, BIN_RULE, "purge", False)

    planned = sorted(entries.values(), key=lambda e: (e["create_time"] or "", e["id"]))
    by_action = dict((action, 0) for action in ACTIONS)
    by_rule = {}
    for entry in planned:
        by_action[entry["action"]] += 1
        by_rule[entry["rule"]] = by_rule.get(entry["rule"], 0) + 1
    after = available_bytes - sum(e["size_bytes"] for e in planned if e["status"] == "available" and e["action"] in ("trash", "purge"))
    storage = {
        "available_count": len(available),
        "available_bytes": available_bytes,
        "deleted_count": len(deleted),
        "deleted_bytes": sum(size_of(r) for r in deleted),
        "quota_bytes": policy.quota_bytes,
        "target_bytes": policy.target_bytes,
        "quota_enabled": policy.quota_enabled,
        "excess_bytes": excess,
        "available_bytes_after": after,
    }
    return {
        "entries": planned,
        "held": held,
        "purge_disabled": purge_disabled,
        "storage": storage,
        "by_action": by_action,
        "by_rule": by_rule,
    }
