# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The archiver's pure decisions: which artefacts to fetch, the result's summaries, its diff and failure message.

Internal use only: this module is not part of the collection's public API and may change at any time.

Plain data in and out (raw API recording dicts, camelCase), no I/O (``os.path`` only joins paths).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.wxc.recordings.plugins.module_utils._archive_paths import ARTEFACTS, MANIFEST_CSV, MANIFEST_JSON, METADATA, artefact_suffix
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import (
    DOWNLOADED,
    FAILED,
    INCOMPLETE,
    MISMATCH,
    MISSING,
    NOT_ARCHIVED,
    SKIPPED,
    VERIFIED,
    WOULD_DOWNLOAD,
)


def available_kinds(details):
    """The artefacts the details offer a download link for, in a fixed order; [] when there are no links."""
    links = details.get("temporaryDirectDownloadLinks") or {}
    return [kind for kind, field, _suffix, _auth in ARTEFACTS if links.get(field)]


def plan_files(recording, base, kinds, states):
    """Per artefact (and the metadata) whether it is already verified or must be fetched, and where it goes.

    A verified file stays where the manifest says (even if ``path_template`` changed since); a file that is
    missing or does not match is fetched again to the same place; a new one goes to ``base`` + suffix.
    """
    planned = []
    for kind in list(kinds) + [METADATA]:
        row, state = states.get(kind, (None, None))
        path = row["file"] if row else base + artefact_suffix(kind, recording)
        if state == VERIFIED:
            planned.append({"kind": kind, "path": path, "bytes": row.get("bytes"), "sha256": row.get("sha256"), "outcome": VERIFIED})
        else:
            size = recording.get("sizeBytes") if kind == "audio" else None
            planned.append({"kind": kind, "path": path, "bytes": size, "sha256": None, "outcome": WOULD_DOWNLOAD, "replaces": state == MISMATCH})
    return planned


def recording_summary(recording):
    return {
        "id": recording.get("id"),
        "owner_email": recording.get("ownerEmail"),
        "owner_id": recording.get("ownerId"),
        "create_time": recording.get("createTime"),
        "topic": recording.get("topic"),
        "status": recording.get("status"),
    }


def verified_files(kinds, states):
    """The file entries of a recording the archive holds complete: each kind's manifest row, verified."""
    files = []
    for kind in kinds:
        row = states[kind][0]
        files.append({"kind": kind, "path": row["file"], "bytes": row.get("bytes"), "sha256": row.get("sha256"), "outcome": VERIFIED})
    return files


def recording_outcome(files):
    """A downloaded recording's ``outcome``, ``archived`` and ``error`` from its files' outcomes."""
    failed = [f for f in files if f["outcome"] == FAILED]
    if failed:
        return {"outcome": FAILED, "archived": False, "error": "; ".join("%s: %s" % (f["kind"], f.get("error")) for f in failed)}
    downloaded = any(f["outcome"] == DOWNLOADED for f in files)
    return {"outcome": DOWNLOADED if downloaded else VERIFIED, "archived": True, "error": None}


def verified_summary(recording_id, entry, complete, states):
    """``verify_only``'s summary of one recording: its manifest ``entry`` against the files' ``states`` on disk."""
    summary = {"id": recording_id, "owner_email": None, "owner_id": None, "create_time": None, "topic": None, "status": None}
    if entry is None:
        summary.update(files=[], outcome=NOT_ARCHIVED, archived=False, error="not in the archive manifest")
        return summary
    for key in ("owner_email", "owner_id", "create_time", "topic"):
        summary[key] = entry.get(key)
    files = []
    for kind in list(entry.get("artefacts") or []) + [METADATA]:
        if kind not in states:
            files.append({"kind": kind, "path": None, "bytes": None, "sha256": None, "outcome": MISSING})
            continue
        row, file_state = states[kind]
        files.append({"kind": kind, "path": row["file"], "bytes": row.get("bytes"), "sha256": row.get("sha256"), "outcome": file_state})
    bad = [f for f in files if f["outcome"] != VERIFIED]
    if complete:
        summary.update(files=files, outcome=VERIFIED, archived=True, error=None)
    elif bad:
        error = "; ".join("%s %s" % (f["path"] or f["kind"], f["outcome"]) for f in bad)
        summary.update(files=files, outcome=MISMATCH, archived=False, error=error)
    else:
        summary.update(files=files, outcome=INCOMPLETE, archived=False, error="the last run did not archive every artefact")
    return summary


def manifest_update(recording, kinds, files, manifest, now, complete=None):
    """The manifest update for one recording: its entry, and a row for each file downloaded now (``now``: a timestamp)."""
    recording_id = recording["id"]
    previous = manifest["recordings"].get(recording_id) or {}
    if complete is None:
        complete = all(f["outcome"] in (VERIFIED, DOWNLOADED) for f in files)
    rows = []
    for entry in files:
        if entry["outcome"] == DOWNLOADED:
            rows.append(
                {
                    "recording_id": recording_id,
                    "owner_email": recording.get("ownerEmail"),
                    "create_time": recording.get("createTime"),
                    "kind": entry["kind"],
                    "file": entry["path"],
                    "bytes": entry["bytes"],
                    "sha256": entry["sha256"],
                    "archived_at": entry.get("archived_at") or now,
                }
            )
        entry.pop("archived_at", None)
    entry = {
        "id": recording_id,
        "owner_email": recording.get("ownerEmail"),
        "owner_id": recording.get("ownerId"),
        "create_time": recording.get("createTime"),
        "topic": recording.get("topic"),
        "artefacts": list(kinds),
        "complete": complete,
        "archived_at": (previous.get("archived_at") if previous.get("complete") else None) or (now if complete else None),
    }
    return {"entry": entry, "rows": rows}


def archive_result(dest, recordings, manifest_written, fixed_modes):
    """The module result of a run (or a verification) from its recordings' summaries."""
    downloaded = [f for r in recordings for f in r["files"] if f["outcome"] == DOWNLOADED]
    would = [f for r in recordings for f in r["files"] if f["outcome"] == WOULD_DOWNLOAD]
    present = [f for r in recordings for f in r["files"] if f["outcome"] in (VERIFIED, DOWNLOADED)]
    unknown = [f for f in would if f.get("bytes") is None]
    known_todo = sum(f["bytes"] for f in would if f.get("bytes") is not None)
    failed = [r for r in recordings if r["outcome"] == FAILED]
    count = len([r for r in recordings if r["outcome"] in (DOWNLOADED, WOULD_DOWNLOAD)])
    return {
        "changed": bool(downloaded or would or manifest_written or fixed_modes),
        "dest": dest,
        "count": count,
        "recordings": recordings,
        "bytes_downloaded": sum(f["bytes"] or 0 for f in downloaded),
        "bytes_to_download": known_todo,
        "unknown_size_files": len(unknown),
        "total_bytes": sum(f["bytes"] or 0 for f in present) + known_todo,
        "manifest": {"json": os.path.join(dest, MANIFEST_JSON), "csv": os.path.join(dest, MANIFEST_CSV)},
        "manifest_changed": manifest_written,
        # Not "failed"/"skipped": Ansible reads those keys as the task's own status.
        "failed_count": len(failed),
        "skipped_count": len([r for r in recordings if r["outcome"] == SKIPPED]),
        "archived_count": len([r for r in recordings if r["archived"]]),
    }


def diff_of(result, replaced=()):
    """The files this run added or replaced (or would have): paths, with their size where known."""
    after = []
    before = []
    for recording in result["recordings"]:
        for item in recording["files"]:
            if item["outcome"] not in (DOWNLOADED, WOULD_DOWNLOAD):
                continue
            size = "%d bytes" % item["bytes"] if item.get("bytes") is not None else "size unknown"
            after.append("%s (%s)" % (item["path"], size))
            if item["path"] in replaced:
                before.append("%s (present, but not as the manifest says)" % item["path"])
    return {
        "before_header": "%s (files before)" % result["dest"],
        "after_header": "%s (files added or replaced)" % result["dest"],
        "before": "".join(line + "\n" for line in before),
        "after": "".join(line + "\n" for line in after),
    }


def failure_message(result):
    failed = [r for r in result["recordings"] if r["outcome"] == FAILED]
    shown = "; ".join("%s (%s)" % (r["id"], r.get("error")) for r in failed[:20])
    more = " and %d more" % (len(failed) - 20) if len(failed) > 20 else ""
    return "%d of %d recordings could not be archived (the manifest lists what succeeded): %s%s" % (
        len(failed),
        len(result["recordings"]),
        shown,
        more,
    )


def unique_recordings(recordings):
    """The recordings with an id, each once, in their first order."""
    seen = set()
    out = []
    for recording in recordings:
        if recording.get("id") and recording["id"] not in seen:
            seen.add(recording["id"])
            out.append(recording)
    return out


def unique_ids(ids):
    """Each id once, in its first order."""
    seen = set()
    out = []
    for recording_id in ids:
        if recording_id not in seen:
            seen.add(recording_id)
            out.append(recording_id)
    return out
