# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""What a retention run does with a plan: its file, the re-check (drift), what to list, and the gate before writes.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure functions of plain data, table-tested (tests/unit/plugins/module_utils/test_retention*.py). The policy and its
evaluation into a plan are in ``_retention``; the module flows that list, read and write files are in
``_retention_plan_step`` and ``_retention_apply_step``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import REFUSED, UNCHANGED
from ansible_collections.wxc.recordings.plugins.module_utils._records import size_of
from ansible_collections.wxc.recordings.plugins.module_utils._retention import (
    ACTION_STATUSES,
    ACTIONS,
    PLAN_FORMAT,
)


def step_ids(entries):
    """The ids each execution step takes, from plan entries.

    ``archive``: archive these first; ``archive_required``: trash these only once their archive is verified;
    ``trash``: move to the recycle bin (available ones of trash and purge actions); ``purge``: purge (the recycle-bin
    ones now, and those the trash step moves there); ``purge_deleted``: the ones already in the recycle bin.
    """
    ids = {"archive": [], "archive_required": [], "trash": [], "purge": [], "purge_deleted": []}
    for entry in entries:
        if entry.get("archive_first") or entry["action"] == "archive":
            ids["archive"].append(entry["id"])
        if entry["action"] in ("trash", "purge") and entry["status"] == "available":
            ids["trash"].append(entry["id"])
            if entry.get("archive_first"):
                ids["archive_required"].append(entry["id"])
        if entry["action"] == "purge":
            ids["purge"].append(entry["id"])
            if entry["status"] == "deleted":
                ids["purge_deleted"].append(entry["id"])
    return ids


# ---------------------------------------------------------------------------------------------- drift


# What each action leaves a recording as: a recording found in that state (or gone, for a purge) needs nothing more.
ACTION_TARGETS = {"trash": ("deleted", None), "purge": (None,), "archive": ()}


def check_drift(entries, current, holds):
    """Split plan ``entries`` into those to act on, those already done, and those refused.

    ``current``: id -> the recording as listed now (absent: gone, purged or no longer visible).

    - Already in the action's target state (trashed for a trash, gone for a purge or a trash): ``unchanged``, not
      drift. Applying a plan a second time (an AWX retry) therefore changes and refuses nothing.
    - A purge whose recording was trashed since (a run cut short between its trash and purge steps) still purges it,
      from the recycle bin.
    - Otherwise a recording is refused when its status, owner or size changed since the plan, or when it is now on
      legal hold.

    Returns ``(confirmed, unchanged, refused)``; confirmed entries carry the status they have now.
    """
    confirmed, unchanged, refused = [], [], []
    for entry in entries:
        now = current.get(entry["id"])
        targets = ACTION_TARGETS.get(entry["action"], ())
        now_status = now.get("status") if now is not None else None
        if now_status != entry["status"] and now_status in targets:
            reason = "already gone" if now is None else "already %s" % now_status
            unchanged.append(dict(entry, outcome=UNCHANGED, reason=reason))
            continue
        reason = None
        if now is None:
            reason = "no longer listed (deleted for good, or older than the retention period)"
        elif now.get("status") != entry["status"] and not (entry["action"] == "purge" and now.get("status") == "deleted"):
            reason = "status changed from %s to %s" % (entry["status"], now.get("status"))
        elif (now.get("ownerEmail") or "").lower() != (entry.get("owner_email") or "").lower():
            reason = "owner changed from %s to %s" % (entry.get("owner_email"), now.get("ownerEmail"))
        elif size_of(now) != int(entry.get("size_bytes") or 0):
            reason = "size changed from %s to %s bytes" % (entry.get("size_bytes"), size_of(now))
        else:
            reason = holds.reason(now)
            if reason:
                reason = "now held: " + reason
        if reason:
            refused.append(dict(entry, outcome=REFUSED, reason=reason))
        else:
            confirmed.append(dict(entry, status=now.get("status")))
    return confirmed, unchanged, refused


# ---------------------------------------------------------------------------------------------- listing scope


def listing_scope(policy, now, retention_days=365):
    """What the plan must list: ``{status: (start, end)}``, nothing more than the policy can act on.

    A rule needs the statuses it starts from over the ages it matches (``older_than_days: 90`` needs nothing newer
    than 90 days); the quota target needs every available recording (it counts the storage), and purging needs the
    whole recycle bin (its grace period). Recycle-bin recordings matched by a purge rule while purging is off are
    not listed: nothing would be done to them. Legal holds only take recordings out, so they need nothing listed.
    """
    year_start = now - timedelta(days=retention_days)
    end_of_listing = now + timedelta(minutes=1)
    ranges = {}

    def need(status, start, end):
        if start >= end:
            return
        if status in ranges:
            start, end = min(start, ranges[status][0]), max(end, ranges[status][1])
        ranges[status] = (start, end)

    for rule in policy.rules:
        start = year_start if rule.newer_than_days is None else max(year_start, now - timedelta(days=rule.newer_than_days))
        end = end_of_listing if rule.older_than_days is None else now - timedelta(days=rule.older_than_days)
        for status in sorted(rule.statuses):
            if status == "deleted" and rule.action == "purge" and not policy.purge_enabled:
                continue
            need(status, start, end)
    if policy.quota_enabled:
        need("available", year_start, end_of_listing)
    if policy.purge_enabled and policy.purge_grace_days is not None:
        need("deleted", year_start, end_of_listing)
    return ranges


def recheck_scope(entries, now, retention_days=365):
    """What applying a plan lists again: every available recording of the year (the report's storage figures and
    the legal holds count them all, not only the planned ones), and the recycle bin when the plan trashes or purges
    (a trash that is already done shows there, and is then unchanged rather than drift)."""
    if not entries:
        return {}
    year = (now - timedelta(days=retention_days), now + timedelta(minutes=1))
    scope = {"available": year}
    if any(entry["action"] in ("trash", "purge") or entry["status"] == "deleted" for entry in entries):
        scope["deleted"] = year
    return scope


# ---------------------------------------------------------------------------------------------- writes


def archive_ids(entries, archive_before_trash, purge_enabled):
    """What the archive step takes: what the plan archives, and (purging is irreversible) every recycle-bin recording
    to be purged when ``archive_before_trash``, so that an archive damaged since it was trashed is fetched again."""
    ids = step_ids(entries)
    wanted = list(ids["archive"])
    if purge_enabled and archive_before_trash:
        already = set(wanted)
        wanted.extend(i for i in ids["purge_deleted"] if i not in already)
    return wanted


def needs_archive(entry, archive_before_trash, purge_enabled):
    """Whether ``entry`` may be trashed or purged only with a verified archive."""
    if entry["action"] in ("trash", "purge") and entry["status"] == "available":
        return bool(entry.get("archive_first"))
    return entry["action"] == "purge" and entry["status"] == "deleted" and purge_enabled and archive_before_trash


ARCHIVE_NOT_VERIFIED = "archive not verified, recording kept"
PURGE_ARCHIVE_NOT_VERIFIED = "archive not verified (or no longer intact), recording kept in the recycle bin"


def plan_writes(entries, verified_ids, archive_before_trash, purge_enabled):
    """The gate before anything is trashed or purged: what each write step may take, and what is kept and why.

    ``verified_ids``: recordings whose archive matches the manifest now (in a dry run: would, after the archive
    step). Returns ``trash`` (ids to move to the recycle bin), ``purge`` (ids in the recycle bin to purge now),
    ``purge_after_trash`` (ids to purge once the trash step has moved them) and ``kept`` (rows: id, action, reason).
    """
    verified = set(verified_ids or ())
    writes = {"trash": [], "purge": [], "purge_after_trash": [], "kept": []}
    for entry in entries:
        if entry["action"] not in ("trash", "purge"):
            continue
        if needs_archive(entry, archive_before_trash, purge_enabled) and entry["id"] not in verified:
            deleted = entry["status"] == "deleted"
            writes["kept"].append(
                {
                    "id": entry["id"],
                    "action": "purge" if deleted else "trash",
                    "reason": PURGE_ARCHIVE_NOT_VERIFIED if deleted else ARCHIVE_NOT_VERIFIED,
                    "owner_email": entry.get("owner_email"),
                    "rule": entry.get("rule"),
                }
            )
            continue
        if entry["status"] == "available":
            writes["trash"].append(entry["id"])
            if entry["action"] == "purge" and purge_enabled:
                writes["purge_after_trash"].append(entry["id"])
        elif entry["action"] == "purge" and purge_enabled:
            writes["purge"].append(entry["id"])
    return writes


# ---------------------------------------------------------------------------------------------- files


def plan_document(evaluation, policy, api_url=None, now=None):
    now = now or utc_now()
    described, fingerprint = policy.describe()
    return {
        "format": PLAN_FORMAT,
        "created": format_datetime(now),
        "api_url": api_url,
        "policy": described,
        "policy_sha256": fingerprint,
        "storage": evaluation["storage"],
        "by_action": evaluation["by_action"],
        "by_rule": evaluation["by_rule"],
        "held_count": len(evaluation["held"]),
        "purge_disabled_count": len(evaluation["purge_disabled"]),
        "entries": evaluation["entries"],
    }


def validate_plan(document, source="plan", option="apply_plan"):
    """Check a plan file's shape before applying it; returns its entries. Errors name ``option`` (the option that
    gave the file) and start with it."""

    def refuse(message):
        raise OptionError(option, "%s: %s" % (option, message))

    if not isinstance(document, dict) or document.get("format") != PLAN_FORMAT:
        refuse("%s is not a retention plan (format %s expected)" % (source, PLAN_FORMAT))
    entries = document.get("entries")
    if not isinstance(entries, list):
        refuse("%s has no entries list" % source)
    seen = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("id"):
            refuse("%s: entries[%d] has no id" % (source, index))
        if entry.get("action") not in ACTIONS:
            refuse("%s: entries[%d] (%s): unknown action %r" % (source, index, entry["id"], entry.get("action")))
        if entry.get("status") not in ACTION_STATUSES[entry["action"]]:
            refuse("%s: entries[%d] (%s): %s cannot start from status %r" % (source, index, entry["id"], entry["action"], entry.get("status")))
        if entry["id"] in seen:
            refuse("%s: recording %s is planned twice" % (source, entry["id"]))
        seen.add(entry["id"])
    return entries


def update_bin_ledger(ledger, deleted_ids, now):
    """The recycle-bin ledger after a listing: ids still in the bin keep their first-seen time, new ones get ``now``."""
    stamp = format_datetime(now)
    return dict((recording_id, ledger.get(recording_id) or stamp) for recording_id in sorted(deleted_ids))
