# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The archive manifest: ``manifest.json`` and ``manifest.csv`` in ``dest``, read, merged and written under a lock.

Internal use only: this module is not part of the collection's public API and may change at any time.

The manifest lists every archived file with its size and sha256; runs merge into it, whatever each run selects.
``local_state`` compares it with the files on disk. Files are written through the file layer (``_files``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
import json
import os

try:
    import fcntl
except ImportError:  # not POSIX: runs into one dest are not serialised
    fcntl = None

from ansible_collections.wxc.recordings.plugins.module_utils._archive_paths import (
    ARTEFACT_KINDS,
    MANIFEST_CSV,
    MANIFEST_JSON,
    MANIFEST_LOCK,
    METADATA,
    safe_relative,
)
from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import ArchiveError
from ansible_collections.wxc.recordings.plugins.module_utils._files import check_file, json_text, write_text

MANIFEST_FORMAT = "wxc.recordings.archive/1"
CSV_COLUMNS = ("recording_id", "owner_email", "create_time", "kind", "file", "bytes", "sha256", "archived_at")


def empty_manifest():
    return {"recordings": {}, "files": {}}


def load_manifest(dest):
    """The manifest in ``dest`` as ``{"recordings": {id: entry}, "files": {(id, kind): row}}``.

    A missing manifest is empty; an unreadable one raises ``ArchiveError`` (it is never overwritten blindly).
    Rows whose file is not a plain relative path inside dest are dropped: they are never trusted.
    """
    path = os.path.join(dest, MANIFEST_JSON)
    if not os.path.exists(path):
        return empty_manifest()
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (IOError, OSError, ValueError) as exc:
        raise ArchiveError("cannot read the archive manifest %s (%s); fix or move it away, then run again" % (path, exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("files", []), list) or not isinstance(data.get("recordings", {}), dict):
        raise ArchiveError("%s is not a wxc.recordings archive manifest; fix or move it away, then run again" % path)
    manifest = empty_manifest()
    for recording_id, entry in (data.get("recordings") or {}).items():
        if isinstance(entry, dict):
            manifest["recordings"][recording_id] = dict(entry)
    for row in data.get("files") or []:
        if not isinstance(row, dict) or not row.get("recording_id") or row.get("kind") not in ARTEFACT_KINDS:
            continue
        if safe_relative(row.get("file")) is None:
            continue
        manifest["files"][(row["recording_id"], row["kind"])] = dict(row)
    return manifest


def merge_manifest(manifest, updates):
    """A new manifest: ``manifest`` with ``updates`` (``[{"entry": {...}, "rows": [...]}]``) laid over it.

    An update replaces its recording's entry and, kind by kind, the rows it brings; the recording's other rows
    and every other recording stay as they were: runs with different selections add up to one archive.
    """
    merged = {"recordings": dict(manifest["recordings"]), "files": dict(manifest["files"])}
    for update in updates:
        entry = update["entry"]
        merged["recordings"][entry["id"]] = dict((k, v) for k, v in entry.items() if k != "id")
        for row in update.get("rows") or []:
            merged["files"][(row["recording_id"], row["kind"])] = dict(row)
    return merged


def manifest_document(manifest):
    """The JSON document (without its timestamp): recordings by id, files sorted by path."""
    files = sorted(manifest["files"].values(), key=lambda row: (row.get("file") or "", row.get("kind") or ""))
    recordings = dict((key, manifest["recordings"][key]) for key in sorted(manifest["recordings"]))
    return {"format": MANIFEST_FORMAT, "recordings": recordings, "files": [dict((c, row.get(c)) for c in CSV_COLUMNS) for row in files]}


def manifest_csv(manifest):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in manifest_document(manifest)["files"]:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in CSV_COLUMNS])
    return out.getvalue()


def save_updates(dest, updates, mode, now=None):
    """Lay ``updates`` over the manifest as it is on disk now, and write it, holding ``manifest.lock`` in ``dest``.

    Runs that archive into one ``dest`` at the same time (the event-driven archive runs one per new recording) each
    add their own recordings: the manifest is read again under the lock, so no run drops another one's rows.
    """
    fd = os.open(os.path.join(dest, MANIFEST_LOCK), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        write_manifest(dest, merge_manifest(load_manifest(dest), updates), mode, now)
    finally:
        os.close(fd)  # releases the lock


def write_manifest(dest, manifest, mode, now=None):
    """Write ``manifest.json`` and ``manifest.csv``, each atomically (``_files``: ``.part``, then rename)."""
    document = manifest_document(manifest)
    document["updated_at"] = format_datetime(now or utc_now())
    write_text(os.path.join(dest, MANIFEST_JSON), json_text(document, ensure_ascii=False), mode)
    write_text(os.path.join(dest, MANIFEST_CSV), manifest_csv(manifest), mode)


def local_state(dest, manifest, recording_id):
    """What the archive already holds for one recording: ``(complete, {kind: (row, state)})``.

    ``complete`` means the manifest lists the recording as fully archived and every file it lists is on disk
    with the manifest's size and sha256: such a recording needs no API call at all.
    """
    entry = manifest["recordings"].get(recording_id)
    states = {}
    for kind in ARTEFACT_KINDS:
        row = manifest["files"].get((recording_id, kind))
        if row is not None:
            states[kind] = (row, check_file(os.path.join(dest, *row["file"].split("/")), row.get("bytes"), row.get("sha256")))
    if not entry or not entry.get("complete"):
        return False, states
    kinds = list(entry.get("artefacts") or []) + [METADATA]
    complete = all(kind in states and states[kind][1] == "verified" for kind in kinds)
    return complete, states
