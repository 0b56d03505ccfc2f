# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Run reports, the model: storage and actions of a run aggregated into one JSON-able dict, and its summaries.

Internal use only: this module is not part of the collection's public API and may change at any time.

No API calls and no Ansible imports: ``build_report`` turns an inventory (recordings, snake_case as
``recording_info`` returns them, or API objects) and the results of the run's steps (module results, rows from
``_report_rows``) into one dict. It is put in words by ``_report_text``, rendered by ``_report_csv`` and
``_report_html`` (with ``_report_svg``) and written by ``_report_files``; ``_report_run`` is the module's flow.
``build_report`` is two steps a flow may run apart: ``read_listing``, the one pass over every listed recording, and
``report_from``, which puts that pass and the run's rows together.

Why this file is long: the report is one model - the listing's sums and the run's rows share their buckets, their
kept fields and the state each recording ends in - and splitting it would spread one dict's shape over two files.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, parse_datetime_or_none, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._files import read_json_lines
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, HELD, WOULD_CHANGE
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
        self.add_sized(int(recording.get("size_bytes") or 0), recording.get("status"))

    def add_sized(self, size, status):
        self.count += 1
        self.bytes += size
        if status == "available":
            self.available_bytes += size
        elif status == "deleted":
            self.deleted_bytes += size


def _bucket(buckets, name):
    bucket = buckets.get(name)
    if bucket is None:
        bucket = buckets[name] = _Bucket()
    return bucket


def _age_label(created, now):
    if created is None:
        return AGE_BUCKETS[-1][1]
    days = (now - created).total_seconds() / 86400.0
    for limit, label in AGE_BUCKETS:
        if limit is None or days <= limit:
            return label
    return AGE_BUCKETS[-1][1]  # pragma: no cover


def _created(recording):
    return parse_datetime_or_none(recording.get("create_time"))


def _brief(recording):
    return dict((key, recording.get(key)) for key in ("id", "owner_email", "location_id", "create_time", "size_bytes", "duration_seconds", "status", "topic"))


def _percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def _projected_status(status, action, outcome):
    if outcome not in (CHANGED, WOULD_CHANGE):
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


_SHARED_VALUES = {}
_SHARED_MAX = 65536


def _shared(value):
    """One string object per value (a dict, not ``sys.intern``, which ansible-core wraps and slows down)."""
    if not isinstance(value, str):
        return value
    shared = _SHARED_VALUES.get(value)
    if shared is None:
        if len(_SHARED_VALUES) >= _SHARED_MAX:
            return value
        shared = _SHARED_VALUES[value] = value
    return shared


# What the report keeps of each recording the run acted on (or of every one, for a full CSV).
KEPT_FIELDS = tuple(sorted(set(CSV_COLUMNS) | set(("id", "status", "size_bytes"))))


def build_report(inventory, steps=None, plan_entries=None, csv_rows="auto", **options):
    """The report as one JSON-able dict; ``inventory`` may be any iterable (it is read once).

    ``options`` are ``report_from``'s (``facts``, ``title``, ``kind``, ``quota_gb``, ``target_gb``, ``dry_run``, ``now``,
    ``oldest_count``, ``top_count``, ``location_names``: ``{location id: name}``, ids plain or base64 Webex ids, see
    ``location_name``).
    """
    options["now"] = options.get("now") or utc_now()
    rows = rows_from_steps(steps, plan_entries)
    keep_all = csv_rows == "all" or (csv_rows == "auto" and not steps)
    listed = read_listing(inventory, set(row["id"] for row in rows), keep_all=keep_all, now=options["now"], oldest_count=options.get("oldest_count", 20))
    return report_from(listed, rows, **options)


def read_listing(inventory, action_ids, keep_all=False, now=None, oldest_count=20):
    """The report's one pass over the listed recordings: storage and bucket sums, the oldest, the recycle bin, and
    the fields the report shows of each recording in ``action_ids`` (of every one, with ``keep_all``).

    Apart from ``report_from`` so that a flow holding the listing in memory runs it there, without a file between
    (``recording_retention``: its plan names the ids it acts on before the first write).
    """
    now = now or utc_now()
    by_owner, by_location, by_month, by_age = {}, {}, {}, {}
    totals = _Bucket()
    storage = {"available_count": 0, "available_bytes": 0, "deleted_count": 0, "deleted_bytes": 0, "purged_count": 0}
    oldest, recycle = [], []
    inventory_rows = {}
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
            totals.add_sized(size, status)
            owner = recording.get("owner_email") or recording.get("owner_id") or "unknown"
            _bucket(by_owner, owner).add_sized(size, status)
            _bucket(by_location, recording.get("location_id") or "unknown").add_sized(size, status)
            created = _created(recording)
            # Not strftime: "%04d-%02d" is the same month, at a third of the cost (100,000 recordings).
            month = "%04d-%02d" % (created.year, created.month) if created else "unknown"
            _bucket(by_month, month).add_sized(size, status)
            _bucket(by_age, _age_label(created, now)).add_sized(size, status)
            if status == "available":
                oldest.append(_brief(recording))
                if len(oldest) > 4 * max(oldest_count, 1):
                    oldest.sort(key=lambda r: (r.get("create_time") or "", r.get("id") or ""))
                    del oldest[oldest_count:]
        if keep_all or recording.get("id") in action_ids:
            # Only what the table, the CSV and the state after read: a whole recording is about 3 KB, and a run
            # can act on 70,000 of them.
            kept = {}
            for field in KEPT_FIELDS:
                value = recording.get(field)
                if value is not None:
                    kept[field] = _shared(value) if field in SHARED_FIELDS else value
            inventory_rows[recording.get("id")] = kept
    return {
        "storage": storage,
        "totals": totals,
        "by_owner": by_owner,
        "by_location": by_location,
        "by_month": by_month,
        "by_age": by_age,
        "oldest": oldest,
        "recycle": recycle,
        "inventory_rows": inventory_rows,
        "keep_all": keep_all,
    }


def report_from(
    listed,
    rows,
    facts=None,
    title="Webex Calling recordings",
    kind="storage",
    quota_gb=DEFAULT_QUOTA_GB,
    target_gb=None,
    dry_run=False,
    now=None,
    oldest_count=20,
    top_count=15,
    location_names=None,
):
    """The report from the listing's pass (``read_listing``) and the run's rows (``rows_from_steps``)."""
    now = now or utc_now()
    storage, totals, inventory_rows, keep_all = listed["storage"], listed["totals"], listed["inventory_rows"], listed["keep_all"]
    by_owner, by_location, by_month, by_age = listed["by_owner"], listed["by_location"], listed["by_month"], listed["by_age"]
    oldest, recycle = listed["oldest"], listed["recycle"]
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
        if row["outcome"] == HELD:
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
        "format": "wxc.recordings/report/2",  # 2: outcomes in the modules' words (changed, would_change), not done and would
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


# ---------------------------------------------------------------------------------------------- location names


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
