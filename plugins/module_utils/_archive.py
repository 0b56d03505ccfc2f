# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Archive recordings to a local directory: plan, download, verify, and keep a manifest.

Internal use only: this module is not part of the collection's public API and may change at any time.

``Archiver`` works on raw API recording dicts (camelCase, as the list and details endpoints return them) and
imports nothing from Ansible; ``run_module`` at the end is the module's glue: options, selection, result.

Layout under ``dest``: one base path per recording, rendered from ``path_template`` (see ``render_path``),
and beside it one file per artefact: ``<base>.mp3``, ``<base>.transcript.vtt``, ``<base>.suggested_notes.html``,
``<base>.short_notes.html``, ``<base>.action_items.html``, ``<base>.metadata.json``. ``manifest.json`` and
``manifest.csv`` in ``dest`` list every archived file with its size and sha256; they are merged across runs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
import json
import os
import posixpath
import re
import string
import time
import unicodedata
from datetime import timezone

try:
    import fcntl
except ImportError:  # not POSIX: runs into one dest are not serialised
    fcntl = None

from ansible_collections.wxc.recordings.plugins.module_utils._client import (
    WebexError,
    format_datetime,
    map_bounded,
    parse_datetime,
    utc_now,
)
from ansible_collections.wxc.recordings.plugins.module_utils._download import (
    DownloadError,
    check_file,
    download_with_retries,
    remove_stale_part,
    write_file_atomic,
)
from ansible_collections.wxc.recordings.plugins.module_utils._module import client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._results import JsonLinesFile
from ansible_collections.wxc.recordings.plugins.module_utils._retention import PolicyError, archive_ids, read_json, validate_plan
from ansible_collections.wxc.recordings.plugins.module_utils._selection import (
    SELECTION_CRITERIA,
    SelectionError,
    select_recordings,
    validate_selection,
)

DEFAULT_PATH_TEMPLATE = "{owner_email}/{year}/{month}/{date}_{id}"
TEMPLATE_FIELDS = ("id", "owner_email", "owner_id", "owner_type", "topic", "year", "month", "day", "date", "time")
DEFAULT_MODE = 0o600
DEFAULT_DIRECTORY_MODE = 0o700

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
MANIFEST_LOCK = "manifest.lock"
MANIFEST_FORMAT = "wxc.recordings.archive/1"
CSV_COLUMNS = ("recording_id", "owner_email", "create_time", "kind", "file", "bytes", "sha256", "archived_at")

METADATA = "metadata"
# Links from details older than this are fetched again before downloading (they expire after 3 h).
LINK_REUSE_SECONDS = 3600
# kind, field of temporaryDirectDownloadLinks, file suffix (None: from the recording's format), needs the bearer token
ARTEFACTS = (
    ("audio", "audioDownloadLink", None, False),
    ("transcript", "transcriptDownloadLink", ".transcript.vtt", False),
    ("suggested_notes", "suggestedNotesDownloadLink", ".suggested_notes.html", True),
    ("short_notes", "shortNotesDownloadLink", ".short_notes.html", True),
    ("action_items", "actionItemsDownloadLink", ".action_items.html", True),
)
ARTEFACT_KINDS = tuple(a[0] for a in ARTEFACTS) + (METADATA,)
LINK_FIELD = dict((a[0], a[1]) for a in ARTEFACTS)
NEEDS_AUTH = dict((a[0], a[3]) for a in ARTEFACTS)
METADATA_SUFFIX = ".metadata.json"

# Field values longer than this (in UTF-8 bytes) are cut: file names stay far below the usual 255-byte limit.
MAX_FIELD_BYTES = 100
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WINDOWS_RESERVED = frozenset(["CON", "PRN", "AUX", "NUL"] + ["COM%d" % i for i in range(1, 10)] + ["LPT%d" % i for i in range(1, 10)])

# How often a run writes the manifest while downloading (besides at the end).
CHECKPOINT_SECONDS = 10.0

NO_LINKS_REASON = "no download links: Prevent Downloading is on for this recording, or the token may not download it"
ADMIN_REFUSAL = (
    "access_level=admin: admin tokens never receive download links, so recordings cannot be archived with them. "
    "Use a compliance officer's token (scope spark-compliance:recordings_read) with access_level=compliance_officer, "
    "or the recording owner's token (spark:recordings_read) with access_level=user. Nothing was downloaded."
)
NO_LINKS_REFUSAL = (
    "the token received no download links for any of the %d selected recordings that need archiving. "
    "Admin tokens never receive them: use a compliance officer's token (scope spark-compliance:recordings_read) "
    "with access_level=compliance_officer, or the recording owner's token with access_level=user. "
    "If the token already is one of those, every one of these recordings has Prevent Downloading on. "
    "Nothing was downloaded."
)


class ArchiveError(Exception):
    """A problem with the options or the archive itself, found before anything is downloaded."""


# ---------------------------------------------------------------------- options


def parse_mode(value, default, option="mode"):
    """A file mode from an option: an int as YAML gives it (``0600`` is already 384), or an octal string."""
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        mode = value
    else:
        text = str(value).strip()
        if not re.match(r"^0?o?[0-7]{1,4}$", text):
            raise ArchiveError("%s: %r is not an octal file mode such as '0600'" % (option, value))
        mode = int(text.replace("o", ""), 8)
    if not 0 <= mode <= 0o7777:
        raise ArchiveError("%s: %r is out of range" % (option, value))
    return mode


def get_timezone(name):
    """A tzinfo for an IANA name (``Europe/Berlin``); ``UTC`` needs no time zone database."""
    if not name or name.upper() in ("UTC", "Z", "ETC/UTC"):
        return timezone.utc
    zone = None
    try:
        from zoneinfo import ZoneInfo  # Python 3.9+
    except ImportError:  # pragma: no cover - Python 3.8
        ZoneInfo = None
    if ZoneInfo is not None:
        try:
            zone = ZoneInfo(name)
        except Exception:  # pylint: disable=broad-except
            zone = None
    else:  # pragma: no cover - Python 3.8
        try:
            from dateutil import tz
        except ImportError:
            raise ArchiveError("time zone %r needs Python 3.9+ or python-dateutil; only UTC works without them" % name) from None
        zone = tz.gettz(name)
    if zone is None:
        raise ArchiveError("timezone: unknown time zone %r: give an IANA name such as 'Europe/Berlin' or 'UTC'" % name)
    return zone


# ---------------------------------------------------------------------- path template


def sanitize(value, max_bytes=MAX_FIELD_BYTES):
    """One template field made safe as (part of) a file or folder name on Linux, macOS and Windows.

    Path separators, control and reserved characters become ``_``, runs of white space one space,
    leading and trailing dots and spaces go (no hidden files, no ``..``), and long values are cut
    at a character boundary. An empty result is ``_``.
    """
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = re.sub(r"\s+", " ", text)
    text = _UNSAFE_CHARS.sub("_", text).strip(" .")
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        text = encoded[:max_bytes].decode("utf-8", "ignore").rstrip(" .")
    if not text:
        return "_"
    if text.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text


def validate_template(template):
    """Raise ``ArchiveError`` unless ``template`` is a relative path template that names each recording apart."""
    if not template or not template.strip():
        raise ArchiveError("path_template must not be empty")
    if template.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", template):
        raise ArchiveError("path_template must be relative to dest, got %r" % template)
    if "\\" in template:
        raise ArchiveError("path_template separates folders with '/', not '\\'")
    fields = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ArchiveError("path_template %r is not valid: %s" % (template, exc)) from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in TEMPLATE_FIELDS:
            raise ArchiveError("path_template field {%s} is unknown; the fields are: %s" % (field, ", ".join("{%s}" % f for f in TEMPLATE_FIELDS)))
        if spec or conversion:
            raise ArchiveError("path_template field {%s} takes no format spec or conversion" % field)
        fields.add(field)
    if "id" not in fields:
        raise ArchiveError("path_template must contain {id}, so that two recordings never share a file name")
    for component in template.split("/"):
        if component.strip() in ("", ".", ".."):
            raise ArchiveError("path_template %r has an empty, '.' or '..' folder" % template)
    return template


def template_fields(recording, tz):
    """The values a path template may use, sanitized; dates are the createTime in ``tz``."""
    created = parse_datetime(recording.get("createTime")).astimezone(tz)
    raw = {
        "id": recording.get("id"),
        "owner_email": recording.get("ownerEmail") or "unknown-owner",
        "owner_id": recording.get("ownerId") or "unknown-owner",
        "owner_type": recording.get("ownerType") or "unknown",
        "topic": recording.get("topic") or "untitled",
        "year": "%04d" % created.year,
        "month": "%02d" % created.month,
        "day": "%02d" % created.day,
        "date": created.strftime("%Y-%m-%d"),
        "time": created.strftime("%H%M%S"),
    }
    return dict((key, sanitize(value)) for key, value in raw.items())


def render_path(template, recording, tz):
    """The recording's base path under dest (``/``-separated, relative): files add their suffix to it."""
    rendered = template.format(**template_fields(recording, tz))
    components = [sanitize(component, max_bytes=200) for component in rendered.split("/")]
    return "/".join(components)


def artefact_suffix(kind, recording):
    if kind == METADATA:
        return METADATA_SUFFIX
    for name, _field, suffix, _auth in ARTEFACTS:
        if name == kind:
            if suffix is None:
                return "." + sanitize((recording.get("format") or "mp3").lower())
            return suffix
    raise KeyError(kind)


def safe_relative(path):
    """``path`` if it is a normalized relative ``/`` path inside dest, else None (an untrusted manifest row)."""
    if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    normalized = posixpath.normpath(path)
    if normalized != path or normalized.startswith("..") or normalized in (".", MANIFEST_JSON, MANIFEST_CSV):
        return None
    return path


# ---------------------------------------------------------------------- manifest


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
    """Write ``manifest.json`` and ``manifest.csv``, each atomically (``.part`` then rename)."""
    document = manifest_document(manifest)
    document["updated_at"] = format_datetime(now or utc_now())
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_file_atomic(os.path.join(dest, MANIFEST_JSON), text.encode("utf-8"), mode)
    write_file_atomic(os.path.join(dest, MANIFEST_CSV), manifest_csv(manifest).encode("utf-8"), mode)


# ---------------------------------------------------------------------- decisions


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
        if state == "verified":
            planned.append({"kind": kind, "path": path, "bytes": row.get("bytes"), "sha256": row.get("sha256"), "outcome": "verified"})
        else:
            size = recording.get("sizeBytes") if kind == "audio" else None
            planned.append({"kind": kind, "path": path, "bytes": size, "sha256": None, "outcome": "would_download", "replaces": state == "mismatch"})
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


# ---------------------------------------------------------------------- the archiver


class Archiver:
    """Archive raw recordings into ``dest`` (``run``) or check the archive (``verify``); both return the module result."""

    def __init__(
        self,
        client,
        dest,
        path_template=DEFAULT_PATH_TEMPLATE,
        timezone_name="UTC",
        show_all_types=False,
        mode=DEFAULT_MODE,
        directory_mode=DEFAULT_DIRECTORY_MODE,
        concurrency=4,
        check_mode=False,
        access_level="compliance_officer",
        now=utc_now,
        clock=time.monotonic,
        checkpoint_seconds=CHECKPOINT_SECONDS,
    ):
        self.client = client
        self.checkpoint_seconds = checkpoint_seconds
        self.dest = os.path.abspath(dest)
        self.template = validate_template(path_template)
        self.tz = get_timezone(timezone_name)
        self.show_all_types = show_all_types
        self.mode = mode
        self.directory_mode = directory_mode
        self.concurrency = max(1, int(concurrency or 1))
        self.check_mode = check_mode
        self.access_level = access_level
        self.now = now
        self.clock = clock
        self.replaced = set()  # paths present but not as the manifest says, fetched again (for the diff)

    # ------------------------------------------------------------------ entry points

    def run(self, recordings):
        """Plan, refuse if nothing can be downloaded, then download (unless check mode) and write the manifest."""
        if os.path.exists(self.dest) and not os.path.isdir(self.dest):
            raise ArchiveError("dest %s exists and is not a directory" % self.dest)
        manifest = load_manifest(self.dest)
        recordings = _unique(recordings)

        # 1. What the archive already holds: fully verified recordings need no API call.
        results = {}
        pending = []
        fixed_modes = 0
        local = list(map_bounded(lambda rec: local_state(self.dest, manifest, rec["id"]), recordings, self.concurrency))
        states_of = {}
        for recording, state, error in local:
            if error is not None:
                raise error
            complete, states = state
            states_of[recording["id"]] = states
            if complete:
                entry = manifest["recordings"][recording["id"]]
                summary = recording_summary(recording)
                files = []
                for kind in list(entry.get("artefacts") or []) + [METADATA]:
                    row = states[kind][0]
                    files.append({"kind": kind, "path": row["file"], "bytes": row.get("bytes"), "sha256": row.get("sha256"), "outcome": "verified"})
                    fixed_modes += self._fix_mode(row["file"])
                summary.update(files=files, outcome="verified", archived=True, error=None)
                results[recording["id"]] = summary
            else:
                pending.append(recording)

        if pending and self.access_level == "admin":
            raise ArchiveError(ADMIN_REFUSAL)

        # 2. The details of the others: which artefacts exist, and their links.
        planned = []
        for recording, fetched, error in map_bounded(self._details, pending, self.concurrency):
            summary = recording_summary(recording)
            if error is not None:
                summary.update(files=[], outcome="failed", archived=False, error=_error_text(self.client, error))
                results[recording["id"]] = summary
                continue
            details, fetched_at = fetched
            merged = dict(recording)
            merged.update(dict((k, v) for k, v in details.items() if k != "temporaryDirectDownloadLinks"))
            summary = recording_summary(merged)
            kinds = available_kinds(details)
            if not kinds:
                summary.update(files=[], outcome="skipped", archived=False, error=None, reason=NO_LINKS_REASON)
                results[recording["id"]] = summary
                continue
            base = render_path(self.template, merged, self.tz)
            files = plan_files(merged, base, kinds, states_of[recording["id"]])
            fixed_modes += sum(self._fix_mode(f["path"]) for f in files if f["outcome"] == "verified")
            planned.append((merged, (details, fetched_at), kinds, files, summary))

        looked_up = [r for r in pending if results.get(r["id"], {}).get("outcome") != "failed"]
        if looked_up and not planned and not self._token_gets_links(recordings, results, manifest):
            raise ArchiveError(NO_LINKS_REFUSAL % len(looked_up))

        # 3. Download (or, in check mode, say what would be downloaded).
        updates = []
        if self.check_mode:
            for merged, _details, kinds, files, summary in planned:
                for item in files:
                    self._note_replaced(item)
                todo = any(f["outcome"] == "would_download" for f in files)
                summary.update(files=files, outcome="would_download" if todo else "verified", archived=not todo, error=None)
                updates.append(self._update(merged, kinds, [f for f in files if f["outcome"] == "verified"], manifest, complete=not todo))
                results[merged["id"]] = summary
        else:
            work = [(merged, details, kinds, files) for merged, details, kinds, files, _summary in planned]
            summaries = dict((merged["id"], summary) for merged, _d, _k, _f, summary in planned)
            last_checkpoint = time.monotonic()
            for item, _files, error in map_bounded(self._archive_one, work, self.concurrency):
                merged, _details, kinds, files = item
                summary = summaries[merged["id"]]
                if error is not None:
                    # Only a bug or a local disk problem ends up here: every Webex error is caught per file.
                    for entry in files:
                        if entry["outcome"] == "would_download":
                            entry.update(outcome="failed", error=_error_text(self.client, error))
                for entry in files:
                    self._note_replaced(entry)
                failed = [f for f in files if f["outcome"] == "failed"]
                downloaded = [f for f in files if f["outcome"] == "downloaded"]
                if failed:
                    state = "failed"
                    error_text = "; ".join("%s: %s" % (f["kind"], f.get("error")) for f in failed)
                else:
                    state = "downloaded" if downloaded else "verified"
                    error_text = None
                summary.update(files=files, outcome=state, archived=not failed, error=error_text)
                updates.append(self._update(merged, kinds, files, manifest))
                results[merged["id"]] = summary
                if downloaded and time.monotonic() - last_checkpoint >= self.checkpoint_seconds:
                    # A killed run keeps what it finished: the next run verifies these files instead of fetching
                    # them again. Rewriting the whole manifest costs time, so only every few seconds.
                    self._ensure_dest()
                    save_updates(self.dest, updates, self.mode, self.now())
                    last_checkpoint = time.monotonic()

        ordered = [results[r["id"]] for r in recordings if r["id"] in results]
        new_manifest = merge_manifest(manifest, updates)
        manifest_changed = manifest_document(new_manifest) != manifest_document(manifest) or (bool(updates) and not self._manifest_present())
        if manifest_changed and not self.check_mode:
            self._ensure_dest()
            save_updates(self.dest, updates, self.mode, self.now())
        return self._result(ordered, manifest_changed, fixed_modes)

    def verify(self, recording_ids=None, exclude=None):
        """Check the archive against its manifest (all recordings, or these ids) without any API call."""
        manifest = load_manifest(self.dest)
        excluded = set(exclude or [])
        ids = (
            list(recording_ids)
            if recording_ids is not None
            else sorted(manifest["recordings"], key=lambda i: manifest["recordings"][i].get("create_time") or "", reverse=True)
        )
        recordings = []
        ids = [i for i in _unique_ids(ids) if i not in excluded]
        for recording_id, state, error in map_bounded(lambda i: local_state(self.dest, manifest, i), ids, self.concurrency):
            if error is not None:
                raise error
            complete, states = state
            entry = manifest["recordings"].get(recording_id)
            summary = {"id": recording_id, "owner_email": None, "owner_id": None, "create_time": None, "topic": None, "status": None}
            if entry is None:
                summary.update(files=[], outcome="not_archived", archived=False, error="not in the archive manifest")
                recordings.append(summary)
                continue
            for key in ("owner_email", "owner_id", "create_time", "topic"):
                summary[key] = entry.get(key)
            kinds = list(entry.get("artefacts") or []) + [METADATA]
            files = []
            for kind in kinds:
                if kind not in states:
                    files.append({"kind": kind, "path": None, "bytes": None, "sha256": None, "outcome": "missing"})
                    continue
                row, file_state = states[kind]
                files.append({"kind": kind, "path": row["file"], "bytes": row.get("bytes"), "sha256": row.get("sha256"), "outcome": file_state})
            bad = [f for f in files if f["outcome"] != "verified"]
            if complete:
                summary.update(files=files, outcome="verified", archived=True, error=None)
            elif bad:
                summary.update(
                    files=files,
                    outcome="mismatch",
                    archived=False,
                    error="; ".join("%s %s" % (f["path"] or f["kind"], f["outcome"]) for f in bad),
                )
            else:
                summary.update(files=files, outcome="incomplete", archived=False, error="the last run did not archive every artefact")
            recordings.append(summary)
        result = self._result(recordings, False, 0)
        result["mismatch_count"] = len([r for r in recordings if not r["archived"]])
        return result

    # ------------------------------------------------------------------ one recording

    def _archive_one(self, item):
        """Download what one recording still needs; every failure is recorded on its file, never raised."""
        recording, (details, fetched_at), _kinds, files = item
        recording_id = recording["id"]
        links = details.get("temporaryDirectDownloadLinks") or {}
        if any(f["outcome"] == "would_download" and f["kind"] != METADATA for f in files) and self.clock() - fetched_at > LINK_REUSE_SECONDS:
            # Links last 3 h: a long run gets fresh ones right before downloading rather than a 403 first.
            try:
                links = self.client.get_recording(recording_id).get("temporaryDirectDownloadLinks") or {}
            except WebexError as error:
                for entry in files:
                    if entry["outcome"] == "would_download":
                        entry.update(outcome="failed", error=_error_text(self.client, error))
                return files
        for entry in files:
            if entry["outcome"] != "would_download":
                continue
            target = self._target(entry["path"])
            try:
                self._ensure_parent(entry["path"])
                remove_stale_part(target)
                if entry["kind"] == METADATA:
                    size, digest = self._write_metadata(recording_id, target)
                else:
                    size, digest, links = self._download(recording_id, entry["kind"], links, target)
            except (DownloadError, WebexError, ArchiveError) as error:
                entry.update(outcome="failed", bytes=entry.get("bytes"), sha256=None, error=_error_text(self.client, error))
                continue
            except (IOError, OSError) as error:
                entry.update(outcome="failed", sha256=None, error="cannot write %s: %s" % (entry["path"], error))
                continue
            entry.update(outcome="downloaded", bytes=size, sha256=digest, archived_at=format_datetime(self.now()))
        return files

    def _download(self, recording_id, kind, links, target):
        """One artefact; on an expired link (403/410), fetch the details once more and retry with the new link."""
        url = links.get(LINK_FIELD[kind])
        label = kind.replace("_", " ")
        try:
            size, digest = download_with_retries(self.client, url, target, with_auth=NEEDS_AUTH[kind], mode=self.mode, label=label)
            return size, digest, links
        except DownloadError as error:
            if not error.expired:
                raise
        fresh = self.client.get_recording(recording_id)
        links = fresh.get("temporaryDirectDownloadLinks") or {}
        url = links.get(LINK_FIELD[kind])
        if not url:
            raise DownloadError("%s link expired, and the recording's details no longer offer one" % label)
        size, digest = download_with_retries(self.client, url, target, with_auth=NEEDS_AUTH[kind], mode=self.mode, label=label)
        return size, digest, links

    def _token_gets_links(self, recordings, results, manifest, probes=3):
        """Does this token get download links at all? Asked only when no recording of this run got any.

        Admin tokens and Prevent Downloading look the same (no links), so a recording archived before is asked
        again: one verified in this run, else the newest in the manifest (often in the recycle bin by now, where a
        compliance officer still gets links). If one gets links, the token is fine and the others have Prevent
        Downloading on (they are skipped). With none to ask, or none answering with links, the run is refused:
        the strict reading, because an unusable token must not look like "nothing to archive".
        """
        candidates = [r["id"] for r in recordings if results.get(r["id"], {}).get("outcome") == "verified"]
        if not candidates:
            entries = manifest["recordings"]
            candidates = sorted(entries, key=lambda i: entries[i].get("create_time") or "", reverse=True)
        for recording_id in candidates[:probes]:
            try:
                if available_kinds(self.client.get_recording(recording_id)):
                    return True
            except WebexError:
                continue  # purged or deleted for good since: ask the next one
        return False

    def _details(self, recording):
        """``(details, when fetched)``; details fetched by id during selection already carry the links."""
        if recording.get("temporaryDirectDownloadLinks"):
            return recording, self.clock()
        return self.client.get_recording(recording["id"]), self.clock()

    def _write_metadata(self, recording_id, target):
        # None when Webex answers 204 (no metadata): archived as JSON null, so the file still proves the lookup.
        metadata = self.client.get_metadata(recording_id, show_all_types=self.show_all_types)
        text = json.dumps(metadata, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        return write_file_atomic(target, text.encode("utf-8"), self.mode)

    # ------------------------------------------------------------------ helpers

    def _update(self, recording, kinds, files, manifest, complete=None):
        """The manifest update for one recording: its entry, and a row for each file downloaded now."""
        recording_id = recording["id"]
        previous = manifest["recordings"].get(recording_id) or {}
        if complete is None:
            complete = all(f["outcome"] in ("verified", "downloaded") for f in files)
        rows = []
        now = format_datetime(self.now())
        for entry in files:
            if entry["outcome"] == "downloaded":
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

    def _note_replaced(self, entry):
        if entry.pop("replaces", False):
            self.replaced.add(entry["path"])

    def _manifest_present(self):
        return os.path.exists(os.path.join(self.dest, MANIFEST_JSON)) and os.path.exists(os.path.join(self.dest, MANIFEST_CSV))

    def _target(self, relative):
        return os.path.join(self.dest, *relative.split("/"))

    def _ensure_dest(self):
        self._make_dirs([])

    def _ensure_parent(self, relative):
        self._make_dirs(relative.split("/")[:-1])

    def _make_dirs(self, components):
        """Create dest and the folders below it that are missing, each with ``directory_mode`` (umask or not)."""
        path = self.dest
        if not os.path.isdir(path):
            parent = os.path.dirname(path)
            if not os.path.isdir(parent):
                os.makedirs(parent)
            self._mkdir(path)
        for component in components:
            path = os.path.join(path, component)
            if not os.path.isdir(path):
                self._mkdir(path)

    def _mkdir(self, path):
        try:
            os.mkdir(path, self.directory_mode)
        except OSError:
            if os.path.isdir(path):  # another worker made it meanwhile
                return
            raise
        os.chmod(path, self.directory_mode)

    def _fix_mode(self, relative):
        """Give a verified file the wanted mode; 1 if it had (or, in check mode, would have had) to change."""
        target = self._target(relative)
        try:
            current = os.stat(target).st_mode & 0o7777
        except OSError:
            return 0
        if current == self.mode:
            return 0
        if not self.check_mode:
            os.chmod(target, self.mode)
        return 1

    def _result(self, recordings, manifest_written, fixed_modes):
        downloaded = [f for r in recordings for f in r["files"] if f["outcome"] == "downloaded"]
        would = [f for r in recordings for f in r["files"] if f["outcome"] == "would_download"]
        present = [f for r in recordings for f in r["files"] if f["outcome"] in ("verified", "downloaded")]
        unknown = [f for f in would if f.get("bytes") is None]
        known_todo = sum(f["bytes"] for f in would if f.get("bytes") is not None)
        failed = [r for r in recordings if r["outcome"] == "failed"]
        count = len([r for r in recordings if r["outcome"] in ("downloaded", "would_download")])
        return {
            "changed": bool(downloaded or would or manifest_written or fixed_modes),
            "dest": self.dest,
            "count": count,
            "recordings": recordings,
            "bytes_downloaded": sum(f["bytes"] or 0 for f in downloaded),
            "bytes_to_download": known_todo,
            "unknown_size_files": len(unknown),
            "total_bytes": sum(f["bytes"] or 0 for f in present) + known_todo,
            "manifest": {"json": os.path.join(self.dest, MANIFEST_JSON), "csv": os.path.join(self.dest, MANIFEST_CSV)},
            "manifest_changed": manifest_written,
            # Not "failed"/"skipped": Ansible reads those keys as the task's own status.
            "failed_count": len(failed),
            "skipped_count": len([r for r in recordings if r["outcome"] == "skipped"]),
            "archived_count": len([r for r in recordings if r["archived"]]),
        }


def diff_of(result, replaced=()):
    """The files this run added or replaced (or would have): paths, with their size where known."""
    after = []
    before = []
    for recording in result["recordings"]:
        for item in recording["files"]:
            if item["outcome"] not in ("downloaded", "would_download"):
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
    failed = [r for r in result["recordings"] if r["outcome"] == "failed"]
    shown = "; ".join("%s (%s)" % (r["id"], r.get("error")) for r in failed[:20])
    more = " and %d more" % (len(failed) - 20) if len(failed) > 20 else ""
    return "%d of %d recordings could not be archived (the manifest lists what succeeded): %s%s" % (
        len(failed),
        len(result["recordings"]),
        shown,
        more,
    )


def _unique(recordings):
    seen = set()
    out = []
    for recording in recordings:
        if recording.get("id") and recording["id"] not in seen:
            seen.add(recording["id"])
            out.append(recording)
    return out


def _unique_ids(ids):
    seen = set()
    out = []
    for recording_id in ids:
        if recording_id not in seen:
            seen.add(recording_id)
            out.append(recording_id)
    return out


def _error_text(client, error):
    text = str(error)
    return client.redact(text) if client is not None else text


# ---------------------------------------------------------------------- the module


DEFAULT_STATUSES = ["available"]
MAX_CONCURRENCY = 32


def run_module(module):
    """``wxc.recordings.recording_archive``: check the options, select, archive (or verify), report."""
    params = module.params
    validate_selection(module, statuses=DEFAULT_STATUSES)
    try:
        if not 1 <= params["concurrency"] <= MAX_CONCURRENCY:
            raise ArchiveError("concurrency must be between 1 and %d, got %s" % (MAX_CONCURRENCY, params["concurrency"]))
        archiver = Archiver(
            None,
            params["dest"],
            path_template=params["path_template"],
            timezone_name=params["timezone"],
            show_all_types=params["show_all_types"],
            mode=parse_mode(params["mode"], DEFAULT_MODE),
            directory_mode=parse_mode(params["directory_mode"], DEFAULT_DIRECTORY_MODE, "directory_mode"),
            concurrency=params["concurrency"],
            check_mode=module.check_mode,
            access_level=params["access_level"],
        )
    except ArchiveError as error:
        module.fail_json(msg=str(error))

    client = client_from_module(module, concurrency=params["concurrency"])
    archiver.client = client
    not_found = []
    try:
        if params.get("plan_file"):
            params = dict(params, recording_ids=plan_archive_ids(params["plan_file"]))
        if params["verify_only"]:
            ids = None
            if any(params.get(option) is not None for option in SELECTION_CRITERIA + ("status",)):
                selected = select_recordings(client, params, params["access_level"], statuses=DEFAULT_STATUSES)
                ids = [recording["id"] for recording in selected]
                not_found = list(getattr(selected, "not_found", []))
            result = archiver.verify(ids, exclude=params.get("exclude_recording_ids"))
        elif params.get("plan_file") and not params["recording_ids"]:
            result = archiver.verify([])
        else:
            selected = select_recordings(client, params, params["access_level"], statuses=DEFAULT_STATUSES)
            result = archiver.run(list(selected))
            not_found = list(getattr(selected, "not_found", []))
    except SelectionError as error:
        module.fail_json(msg=error.message, option=error.option)
    except ArchiveError as error:
        module.fail_json(msg=client.redact(str(error)), changed=False)
    except WebexError as error:
        fail_from_error(module, client, error, changed=False)
    result["not_found"] = not_found
    if module._diff and not params["verify_only"]:
        result["diff"] = diff_of(result, archiver.replaced)
    if params["verify_only"] and result["mismatch_count"]:
        module.warn("%d of %d archived recordings do not match the manifest" % (result["mismatch_count"], len(result["recordings"])))
    if params.get("results_file"):
        unknown = [{"id": i, "outcome": "not_found", "error": "unknown to Webex"} for i in not_found]
        write_archive_results(module, params["results_file"], result["recordings"] + unknown)
    if params.get("summary_only"):
        result.pop("recordings")
    if result["failed_count"]:
        module.fail_json(msg=failure_message(result), **result)
    module.exit_json(**result)


def plan_archive_ids(path):
    """The ids a retention plan archives (``plan_file``), checked as the planner checks a plan."""
    try:
        document = read_json(path, "plan_file")
        entries = validate_plan(document, path)
    except PolicyError as error:
        raise SelectionError("plan_file", error.message.replace("apply_plan", "plan_file")) from None
    policy = document.get("policy") or {}
    return archive_ids(entries, policy.get("archive_before_trash"), policy.get("purge_enabled"))


def write_archive_results(module, path, recordings):
    """One line per recording, without its file list (the manifest has those), mode 0600."""
    try:
        output = JsonLinesFile(path, mode=0o600)
        for recording in recordings:
            output.write(dict((key, value) for key, value in recording.items() if key != "files"))
        output.commit()
    except (IOError, OSError) as error:
        module.fail_json(msg="results_file: cannot write %s: %s" % (path, error), option="results_file")
