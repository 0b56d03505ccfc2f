# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Words for people: a report's numbers and a step's plan as lines of text (units, thousands, dry-run wording).

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure. The report model is ``_reporting``; the HTML and the roles' debug output and Webex messages read these lines.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, FAILED, HELD, NOT_FOUND, ORDER, REFUSED, SKIPPED, UNCHANGED, WOULD_CHANGE
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import normalize


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


MAX_LISTED = 20
PAST = {
    "archive": "archived",
    "trash": "trashed",
    "purge": "purged",
    "restore": "restored",
    "reassign": "reassigned",
    "delete": "deleted",
    "verify": "verified",
    "rollback": "rolled back",
    "download": "downloaded",
}


# The roles' facts whose names are in the past tense, as a dry run says them.
DRY_RUN_LABELS = {
    "not_archived": "Would not be archived",
    "recordings_left_with_leaver": "Would be left with the leaver",
    "kept_archive_not_verified": "Would be kept (archive not verified)",
    "not_purged_purge_disabled": "Would not be purged (purge disabled)",
    "refused_drift": "Would be refused (changed since the plan)",
    "archived_and_verified": "Would be archived and verified",
    "downloaded_bytes": "Would download",
    "failed": "Would fail",
    "skipped_no_download_links": "Would be skipped (no download links)",
}


def fact_label(key, dry_run=False):
    """A fact's name for people; in a dry run, never in the past tense."""
    return DRY_RUN_LABELS.get(key, label_of(key)) if dry_run else label_of(key)


def label_of(key):
    """``planned_by_rule`` -> ``Planned by rule``."""
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def listed_text(values, limit=MAX_LISTED):
    """At most ``limit`` values, then "and N more"."""
    values = [str(value) for value in values]
    if not values:
        return "none"
    text = ", ".join(values[:limit])
    if len(values) > limit:
        text += " and %s more" % human_int(len(values) - limit)
    return text


def human_value(key, value):
    """A fact's value for people: yes/no, thousands separators, bytes with units, lists and maps without Python repr."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return "yes" if value.strip().lower() == "true" else "no"
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if isinstance(number, int):
        return human_bytes(number) if str(key).endswith("bytes") else human_int(number)
    if isinstance(value, dict):
        if not value:
            return "none"
        return ", ".join("%s %s" % (str(name).replace("_", " "), human_value(key, item)) for name, item in sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, (list, tuple)):
        return listed_text(value)
    if value is None or value == "":
        return "-"
    return str(value)


def _recordings(count):
    return "%s recording%s" % (human_int(count), "" if count == 1 else "s")


def outcome_phrase(action, outcome, count, size, dry_run):
    """One outcome of one action, in the past tense for a real run and in the conditional for a dry run."""
    amount = _recordings(count) + (", %s" % human_bytes(size) if size else "")
    past = PAST.get(action, action + " done")
    if outcome in (CHANGED, WOULD_CHANGE):
        return ("would %s %s" % (action, amount)) if dry_run else "%s %s" % (past, amount)
    if outcome == UNCHANGED and action == "verify":
        # A verification changes nothing: the recordings that pass it are unchanged, and were verified now.
        return "%s verified" % amount
    if outcome == UNCHANGED:
        return "%s already %s" % (amount, past)
    if outcome == SKIPPED:
        return ("would skip %s" % amount) if dry_run else "skipped %s" % amount
    if outcome == REFUSED:
        return ("would refuse %s" % amount) if dry_run else "refused %s" % amount
    if outcome == FAILED:
        return ("%s would fail" % amount) if dry_run else "%s failed" % amount
    if outcome == NOT_FOUND:
        return "%s not found" % amount
    return "%s %s" % (amount, outcome.replace("_", " "))


def action_lines(report):
    """One line per action: what was done, or in a dry run what would be done; legal holds on a line of their own."""
    dry_run = bool(report.get("dry_run"))
    actions = report["actions"]
    sizes = actions.get("bytes_by_action") or {}
    lines = []
    for action in sorted(actions["by_action"]):
        counts = dict((outcome, count) for outcome, count in actions["by_action"][action].items() if outcome != HELD)
        if not counts:
            continue
        phrases = [
            outcome_phrase(action, outcome, counts[outcome], (sizes.get(action) or {}).get(outcome, 0), dry_run)
            for outcome in sorted(counts, key=lambda o: ORDER.index(o) if o in ORDER else len(ORDER))
        ]
        lines.append("%s: %s" % (label_of(action), "; ".join(phrases)))
    holds = (report.get("holds") or {}).get("count", 0)
    if holds:
        lines.append("Legal hold: %s %s (not an action)" % (_recordings(holds), "would be kept" if dry_run else "kept"))
    return lines


def storage_line(storage, quota_bytes, prefix="Storage"):
    return "%s: %s of the %s quota (%s%%) in %s available; recycle bin %s, %s (not in the quota figure)" % (
        prefix,
        human_bytes(storage["available_bytes"]),
        human_bytes(quota_bytes),
        storage["used_percent"],
        _recordings(storage["available_count"]),
        _recordings(storage["deleted_count"]),
        human_bytes(storage["deleted_bytes"]),
    )


def message_lines(report, paths=None):
    """The report's summary for people, one line per item: the role's debug output and (joined) a Webex message."""
    storage = report["storage"]
    dry_run = bool(report.get("dry_run"))
    lines = ["%s%s" % (report["title"], " - DRY RUN: nothing was changed, numbers say what a real run would do" if dry_run else "")]
    for key in sorted(report.get("facts") or {}):
        lines.append("%s: %s" % (fact_label(key, dry_run), human_value(key, report["facts"][key])))
    lines.append(storage_line(storage, storage["quota_bytes"]))
    if report["actions"]["count"] or (report.get("holds") or {}).get("count"):
        lines.extend(action_lines(report))
    if report["actions"]["count"]:
        after = storage["after"]
        if after != dict((key, storage[key]) for key in after):
            lines.append(storage_line(after, storage["quota_bytes"], prefix="Storage after, if run for real" if dry_run else "Storage after"))
    else:
        lines.append("Nothing would be done." if dry_run else "Nothing was done.")
    if paths and paths.get("html"):
        lines.append("Report: %s" % paths["html"])
    return lines


def message_text(report, paths=None):
    """``message_lines`` as one plain text, for a Webex message."""
    return "\n".join(message_lines(report, paths))


def preview_lines(entries, archive_ids=(), dry_run=False, per_call=100):
    """What a step is about to do, before it starts: "archive 473 recordings, 285.00 MB", "trash 67,800 recordings,
    ... in 678 calls". ``entries``: planned recordings (``id``, ``action``, ``size_bytes``)."""
    archive = set(archive_ids or ())
    counts, sizes, archive_bytes = {}, {}, 0
    for entry in entries:
        action = entry.get("action")
        size = int(entry.get("size_bytes") or 0)
        counts[action] = counts.get(action, 0) + 1
        sizes[action] = sizes.get(action, 0) + size
        if entry.get("id") in archive:
            archive_bytes += size
    verb = "Would " if dry_run else "Next: "
    lines = []
    if archive:
        lines.append("%sarchive %s, %s" % (verb, _recordings(len(archive)), human_bytes(archive_bytes)))
    for action in sorted(counts):
        calls = -(-counts[action] // per_call)
        lines.append(
            "%s%s %s, %s, in %s call%s" % (verb, action, _recordings(counts[action]), human_bytes(sizes[action]), human_int(calls), "" if calls == 1 else "s")
        )
    if not lines:
        lines.append("Nothing to do." if not dry_run else "Nothing would be done.")
    return lines


def offboarding_preview(recordings, action, archive_statuses, successor=None, dry_run=False):
    """What an offboarding run is about to do, before it starts: "Next: archive 473 recordings, 285.00 MB", then the
    trash or the reassignment. ``recordings``: the leaver's, in API or snake_case form."""
    recordings = [normalize(recording) for recording in recordings]
    verb = "Would " if dry_run else "Next: "
    lines = []
    if action.startswith("archive"):
        wanted = [r for r in recordings if r.get("status") in (archive_statuses or ())]
        lines.append(
            "%sarchive %s, %s (status %s)"
            % (verb, _recordings(len(wanted)), human_bytes(sum(int(r.get("size_bytes") or 0) for r in wanted)), " or ".join(archive_statuses or ()))
        )
    if action == "archive_and_trash":
        available = [r for r in recordings if r.get("status") == "available"]
        lines.append(
            "%strash %s, %s (those with a verified archive)"
            % (verb, _recordings(len(available)), human_bytes(sum(int(r.get("size_bytes") or 0) for r in available)))
        )
    else:
        owned = [r for r in recordings if r.get("status") in ("available", "deleted")]
        lines.append("%sreassign %s to %s" % (verb, _recordings(len(owned)), successor or "the successor"))
    return lines
