# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Run reports, the model: storage and actions of a run aggregated into one JSON-able dict, and its summaries.

Internal use only: this module is not part of the collection's public API and may change at any time.

No API calls and no Ansible imports: ``build_report`` turns an inventory (recordings, snake_case as
``recording_info`` returns them, or API objects) and the results of the run's steps (module results, rows from
``_report_rows``) into one dict. It is rendered by ``_report_csv``, ``_report_html`` (with ``_report_svg``) and
written by ``_report_files``; ``_report_run`` is the module's flow.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import sys

from ansible_collections.wxc.recordings.plugins.module_utils._client import format_datetime, parse_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._files import read_json_lines
from ansible_collections.wxc.recordings.plugins.module_utils._records import recording_facts
from ansible_collections.wxc.recordings.plugins.module_utils._report_rows import rows_from_steps

GB = 1000**3
DEFAULT_QUOTA_GB = 100.0
AGE_BUCKETS = ((30, "0-30 days"), (90, "31-90 days"), (180, "91-180 days"), (270, "181-270 days"), (365, "271-365 days"), (None, "over 365 days"))

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


def normalize(recording):
    """A recording in the snake_case form of ``recording_info``, whichever form it came in."""
    if any(key in recording for key in ("createTime", "ownerEmail", "sizeBytes", "serviceData")):
        return recording_facts(recording)
    return recording


def read_inventory(path):
    """Recordings of a JSON lines file (``recording_info``'s ``results_file``, the planner's ``inventory_file``)."""
    for recording in read_json_lines(path):
        yield normalize(recording)


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


# Fields whose values repeat across recordings: one string object each.
SHARED_FIELDS = ("owner_email", "owner_id", "owner_type", "location_id", "service_type", "storage_region", "status", "format")


def _shared(value):
    return sys.intern(value) if isinstance(value, str) else value


# What the report keeps of each recording the run acted on (or of every one, for a full CSV).
KEPT_FIELDS = tuple(sorted(set(CSV_COLUMNS) | set(("id", "status", "size_bytes"))))


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
    location_names=None,
):
    """The report as one JSON-able dict; ``inventory`` may be any iterable (it is read once).

    ``location_names``: ``{location id: name}`` (ids plain or base64 Webex ids, see ``location_name``).
    """
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
            # Only what the table, the CSV and the state after read: a whole recording is about 3 KB, and a run
            # can act on 70,000 of them.
            kept = ((field, recording.get(field)) for field in KEPT_FIELDS)
            inventory_rows[recording.get("id")] = dict(
                (field, _shared(value) if field in SHARED_FIELDS else value) for field, value in kept if value is not None
            )

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

    # What each owner and location keeps after the run: a leaver whose recordings went to the recycle bin no longer
    # counts against the quota, and the report must not read as if they did.
    moved = {}
    for recording_id, status in final.items():
        recording = inventory_rows[recording_id]
        if status != recording.get("status"):
            owner = recording.get("owner_email") or recording.get("owner_id") or "unknown"
            for name, buckets in ((owner, by_owner), (recording.get("location_id") or "unknown", by_location)):
                if name in buckets:
                    moved.setdefault((id(buckets), name), []).append((recording, status))

    def listed(buckets, key):
        items = []
        for name, b in buckets.items():
            item = {key: name, "count": b.count, "bytes": b.bytes, "available_bytes": b.available_bytes, "deleted_bytes": b.deleted_bytes}
            if rows:
                available, deleted = b.available_bytes, b.deleted_bytes
                for recording, status in moved.get((id(buckets), name), []):
                    size = int(recording.get("size_bytes") or 0)
                    available += size * ((status == "available") - (recording.get("status") == "available"))
                    deleted += size * ((status == "deleted") - (recording.get("status") == "deleted"))
                item.update(after_available_bytes=available, after_deleted_bytes=deleted)
            items.append(item)
        # Largest first by what counts against the quota (after the run, when it acts), then by all it stores.
        basis = "after_available_bytes" if rows else "available_bytes"
        items.sort(key=lambda item: (-item[basis], -item["bytes"], item[key]))
        return items

    by_action = {}
    by_outcome = {}
    action_bytes = {}
    held = []
    for row in rows:
        counts = by_action.setdefault(row["action"], {})
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
        by_outcome[row["outcome"]] = by_outcome.get(row["outcome"], 0) + 1
        if row["outcome"] == "held":
            held.append(row["id"])
        else:
            sizes = action_bytes.setdefault(row["action"], {})
            sizes[row["outcome"]] = sizes.get(row["outcome"], 0) + int((inventory_rows.get(row["id"]) or {}).get("size_bytes") or 0)

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
        "by_location": [dict(item, name=location_name(item["location"], location_names)) for item in listed(by_location, "location")],
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
        # Recordings on legal hold are kept, not acted on: they are counted as holds, not as actions.
        "actions": {"count": len(rows) - len(held), "by_action": by_action, "by_outcome": by_outcome, "bytes_by_action": action_bytes},
        "holds": {"count": len(held), "ids": held[:20]},
        "rows": rows,
        "top_count": top_count,
    }
    report["_csv"] = csv_table
    return report


def public(report):
    """The report without the renderer's private keys (what the JSON file holds)."""
    return dict((key, value) for key, value in report.items() if not key.startswith("_"))


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
        "held": report.get("holds", {}).get("count", 0),
        "by_action": report["actions"]["by_action"],
        "by_outcome": report["actions"]["by_outcome"],
    }


# ---------------------------------------------------------------------------------------------- words for people

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


def location_uuid(location_id):
    """The plain UUID of a location id: recordings carry plain UUIDs, ``GET /v1/locations`` base64 Webex ids
    (``ciscospark://us/LOCATION/<uuid>``); any other text is returned as it is."""
    text = str(location_id or "")
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return text
    if decoded.startswith("ciscospark://") and "/LOCATION/" in decoded:
        return decoded.rsplit("/", 1)[-1]
    return text


def location_name(location_id, names):
    """The name of a location for people, or its id when the names are unknown (the token may not read locations)."""
    if not names:
        return location_id
    wanted = location_uuid(location_id)
    for key, name in names.items():
        if name and (key == location_id or location_uuid(key) == wanted):
            return name
    return location_id


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
    if outcome in ("done", "would"):
        return ("would %s %s" % (action, amount)) if dry_run else "%s %s" % (past, amount)
    if outcome == "unchanged":
        return "%s already %s" % (amount, past)
    if outcome == "skipped":
        return ("would skip %s" % amount) if dry_run else "skipped %s" % amount
    if outcome == "refused":
        return ("would refuse %s" % amount) if dry_run else "refused %s" % amount
    if outcome == "failed":
        return ("%s would fail" % amount) if dry_run else "%s failed" % amount
    if outcome == "not_found":
        return "%s not found" % amount
    return "%s %s" % (amount, outcome.replace("_", " "))


def action_lines(report):
    """One line per action: what was done, or in a dry run what would be done; legal holds on a line of their own."""
    dry_run = bool(report.get("dry_run"))
    actions = report["actions"]
    sizes = actions.get("bytes_by_action") or {}
    order = ("done", "would", "unchanged", "skipped", "refused", "failed", "not_found")
    lines = []
    for action in sorted(actions["by_action"]):
        counts = dict((outcome, count) for outcome, count in actions["by_action"][action].items() if outcome != "held")
        if not counts:
            continue
        phrases = [
            outcome_phrase(action, outcome, counts[outcome], (sizes.get(action) or {}).get(outcome, 0), dry_run)
            for outcome in sorted(counts, key=lambda o: order.index(o) if o in order else len(order))
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
