# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The archiver: archive raw recordings into ``dest`` (``Archiver.run``) or check the archive (``Archiver.verify``).

Internal use only: this module is not part of the collection's public API and may change at any time.

It works on raw API recording dicts (camelCase, as the list and details endpoints return them) and imports nothing
from Ansible. The layout is ``_archive_paths``, the manifest ``_manifest``, the pure decisions ``_archive_plan``,
the downloads ``_download`` and every file write the file layer ``_files``. Time comes from the injected ``now``
(wall clock, for timestamps) and ``clock`` (monotonic seconds, for link age and checkpoints) only.

Why this file is long: it is one class whose steps (plan, refuse, download, checkpoint the manifest, verify, report
progress) share one run's state (``_Run``); every part that stands alone already lives in the modules named above.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time

from ansible_collections.wxc.recordings.plugins.module_utils._archive_paths import (
    DEFAULT_PATH_TEMPLATE,
    LINK_FIELD,
    MANIFEST_CSV,
    MANIFEST_JSON,
    METADATA,
    NEEDS_AUTH,
    get_timezone,
    render_path,
    validate_template,
)
from ansible_collections.wxc.recordings.plugins.module_utils._archive_plan import (
    archive_result,
    available_kinds,
    manifest_update,
    plan_files,
    recording_outcome,
    recording_summary,
    unique_ids,
    unique_recordings,
    verified_files,
    verified_summary,
)
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._download import DownloadError, download_with_retries
from ansible_collections.wxc.recordings.plugins.module_utils._errors import ArchiveError, OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import (
    DEFAULT_DIRECTORY_MODE,
    DEFAULT_MODE,
    json_text,
    make_dirs,
    remove_stale_part,
    write_text,
)
from ansible_collections.wxc.recordings.plugins.module_utils._manifest import (
    load_manifest,
    local_state,
    manifest_document,
    merge_manifest,
    save_updates,
)
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import DOWNLOADED, FAILED, SKIPPED, VERIFIED, WOULD_DOWNLOAD
from ansible_collections.wxc.recordings.plugins.module_utils._progress import NO_PROGRESS

# Links from details older than this are fetched again before downloading (they expire after 3 h).
LINK_REUSE_SECONDS = 3600
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


class _Run:
    """What one ``Archiver.run`` knows as it goes: the manifest it started from, and each recording's result."""

    def __init__(self, recordings, manifest):
        self.recordings = recordings
        self.manifest = manifest
        self.results = {}  # id: the recording's summary in the result
        self.states = {}  # id: {kind: (manifest row, file state)}
        self.pending = []  # recordings not fully archived: their details are needed
        self.planned = []  # (merged recording, (details, fetched at), kinds, files, summary)
        self.updates = []  # manifest updates
        self.fixed_modes = 0

    def ordered(self):
        return [self.results[r["id"]] for r in self.recordings if r["id"] in self.results]


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
        progress=None,
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
        self.progress = progress or NO_PROGRESS  # _progress.ProgressWriter: what people watching the run see

    # ------------------------------------------------------------------ entry points

    def run(self, recordings):
        """Plan, refuse if nothing can be downloaded, then download (unless check mode) and write the manifest."""
        if os.path.exists(self.dest) and not os.path.isdir(self.dest):
            raise OptionError("dest", "dest %s exists and is not a directory" % self.dest)
        run = _Run(unique_recordings(recordings), load_manifest(self.dest))
        self._take_archived(run)
        if run.pending and self.access_level == "admin":
            raise ArchiveError(ADMIN_REFUSAL)
        self._plan_pending(run)
        self._refuse_without_links(run)
        if self.check_mode:
            self._preview(run)
        else:
            self._download_planned(run)
        result = self._result(run.ordered(), self._save(run), run.fixed_modes)
        self.progress.finish()
        return result

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
        ids = [i for i in unique_ids(ids) if i not in excluded]
        self.progress.phase("verifying the archive", total=len(ids))
        for recording_id, state, error in map_bounded(lambda i: local_state(self.dest, manifest, i), ids, self.concurrency):
            self.progress.add(done=1)
            if error is not None:
                raise error
            complete, states = state
            recordings.append(verified_summary(recording_id, manifest["recordings"].get(recording_id), complete, states))
        result = self._result(recordings, False, 0)
        result["mismatch_count"] = len([r for r in recordings if not r["archived"]])
        return result

    # ------------------------------------------------------------------ the steps of run

    def _take_archived(self, run):
        """Step 1: recordings the archive already holds, verified on disk, need no API call; the others are pending."""
        local = map_bounded(lambda rec: local_state(self.dest, run.manifest, rec["id"]), run.recordings, self.concurrency)
        self.progress.phase("checking the archive", total=len(run.recordings))
        for recording, state, error in local:
            self.progress.add(done=1)
            if error is not None:
                raise error
            complete, states = state
            run.states[recording["id"]] = states
            if not complete:
                run.pending.append(recording)
                continue
            entry = run.manifest["recordings"][recording["id"]]
            files = verified_files(list(entry.get("artefacts") or []) + [METADATA], states)
            run.fixed_modes += sum(self._fix_mode(f["path"]) for f in files)
            summary = recording_summary(recording)
            summary.update(files=files, outcome=VERIFIED, archived=True, error=None)
            run.results[recording["id"]] = summary

    def _plan_pending(self, run):
        """Step 2: the details of the pending recordings: which artefacts exist, their links, the files to fetch."""
        if run.pending:
            self.progress.phase("looking up details", total=len(run.pending))
        for recording, fetched, error in map_bounded(self._details, run.pending, self.concurrency):
            self.progress.add(done=1)
            summary = recording_summary(recording)
            if error is not None:
                summary.update(files=[], outcome=FAILED, archived=False, error=_error_text(self.client, error))
                run.results[recording["id"]] = summary
                continue
            details, fetched_at = fetched
            merged = dict(recording)
            merged.update(dict((k, v) for k, v in details.items() if k != "temporaryDirectDownloadLinks"))
            summary = recording_summary(merged)
            kinds = available_kinds(details)
            if not kinds:
                summary.update(files=[], outcome=SKIPPED, archived=False, error=None, reason=NO_LINKS_REASON)
                run.results[recording["id"]] = summary
                continue
            base = render_path(self.template, merged, self.tz)
            files = plan_files(merged, base, kinds, run.states[recording["id"]])
            run.fixed_modes += sum(self._fix_mode(f["path"]) for f in files if f["outcome"] == VERIFIED)
            run.planned.append((merged, (details, fetched_at), kinds, files, summary))

    def _refuse_without_links(self, run):
        """Step 3: refuse the run when recordings were looked up, none got links, and the token gets none at all."""
        looked_up = [r for r in run.pending if run.results.get(r["id"], {}).get("outcome") != FAILED]
        if looked_up and not run.planned and not self._token_gets_links(run.recordings, run.results, run.manifest):
            raise ArchiveError(NO_LINKS_REFUSAL % len(looked_up))

    def _preview(self, run):
        """Step 4 in check mode: say per recording what would be downloaded; nothing is written."""
        for merged, _details, kinds, files, summary in run.planned:
            for item in files:
                self._note_replaced(item)
            todo = any(f["outcome"] == WOULD_DOWNLOAD for f in files)
            summary.update(files=files, outcome=WOULD_DOWNLOAD if todo else VERIFIED, archived=not todo, error=None)
            run.updates.append(self._update(merged, kinds, [f for f in files if f["outcome"] == VERIFIED], run.manifest, complete=not todo))
            run.results[merged["id"]] = summary

    def _download_planned(self, run):
        """Step 4: download what each planned recording still needs, writing the manifest every few seconds meanwhile."""
        work = [(merged, details, kinds, files) for merged, details, kinds, files, _summary in run.planned]
        summaries = dict((merged["id"], summary) for merged, _d, _k, _f, summary in run.planned)
        last_checkpoint = self.clock()
        todo = [f.get("bytes") or 0 for _m, _d, _k, files in work for f in files if f["outcome"] == WOULD_DOWNLOAD]
        if work:
            self.progress.phase("downloading", total=len(work), bytes_total=sum(todo))
        for item, _files, error in map_bounded(self._archive_one, work, self.concurrency):
            self.progress.add(done=1)
            merged, _details, kinds, files = item
            if error is not None:
                # Only a bug or a local disk problem ends up here: every Webex error is caught per file.
                for entry in files:
                    if entry["outcome"] == WOULD_DOWNLOAD:
                        entry.update(outcome=FAILED, error=_error_text(self.client, error))
            for entry in files:
                self._note_replaced(entry)
            summary = summaries[merged["id"]]
            summary.update(files=files, **recording_outcome(files))
            run.updates.append(self._update(merged, kinds, files, run.manifest))
            run.results[merged["id"]] = summary
            downloaded = any(f["outcome"] == DOWNLOADED for f in files)
            if downloaded and self.clock() - last_checkpoint >= self.checkpoint_seconds:
                # A killed run keeps what it finished: the next run verifies these files instead of fetching
                # them again. Rewriting the whole manifest costs time, so only every few seconds.
                self._write_manifest(run.updates)
                last_checkpoint = self.clock()

    def _save(self, run):
        """Step 5: write the manifest when this run changed it (not in check mode); whether it changed (or would)."""
        new_manifest = merge_manifest(run.manifest, run.updates)
        changed = manifest_document(new_manifest) != manifest_document(run.manifest) or (bool(run.updates) and not self._manifest_present())
        if changed and not self.check_mode:
            self._write_manifest(run.updates)
        return changed

    def _write_manifest(self, updates):
        self._ensure_dest()
        save_updates(self.dest, updates, self.mode, self.now())

    # ------------------------------------------------------------------ one recording

    def _archive_one(self, item):
        """Download what one recording still needs; every failure is recorded on its file, never raised."""
        recording, (details, fetched_at), _kinds, files = item
        recording_id = recording["id"]
        links = details.get("temporaryDirectDownloadLinks") or {}
        if any(f["outcome"] == WOULD_DOWNLOAD and f["kind"] != METADATA for f in files) and self.clock() - fetched_at > LINK_REUSE_SECONDS:
            # Links last 3 h: a long run gets fresh ones right before downloading rather than a 403 first.
            try:
                links = self.client.get_recording(recording_id).get("temporaryDirectDownloadLinks") or {}
            except WebexError as error:
                for entry in files:
                    if entry["outcome"] == WOULD_DOWNLOAD:
                        entry.update(outcome=FAILED, error=_error_text(self.client, error))
                return files
        for entry in files:
            if entry["outcome"] != WOULD_DOWNLOAD:
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
                entry.update(outcome=FAILED, bytes=entry.get("bytes"), sha256=None, error=_error_text(self.client, error))
                continue
            except (IOError, OSError) as error:
                entry.update(outcome=FAILED, sha256=None, error="cannot write %s: %s" % (entry["path"], error))
                continue
            entry.update(outcome=DOWNLOADED, bytes=size, sha256=digest, archived_at=format_datetime(self.now()))
        return files

    def _download(self, recording_id, kind, links, target):
        """One artefact; on an expired link (403/410), fetch the details once more and retry with the new link."""
        url = links.get(LINK_FIELD[kind])
        label = kind.replace("_", " ")
        try:
            size, digest = download_with_retries(
                self.client, url, target, with_auth=NEEDS_AUTH[kind], mode=self.mode, label=label, progress=self._progress_hook()
            )
            return size, digest, links
        except DownloadError as error:
            if not error.expired:
                raise
        fresh = self.client.get_recording(recording_id)
        links = fresh.get("temporaryDirectDownloadLinks") or {}
        url = links.get(LINK_FIELD[kind])
        if not url:
            raise DownloadError("%s link expired, and the recording's details no longer offer one" % label)
        size, digest = download_with_retries(self.client, url, target, with_auth=NEEDS_AUTH[kind], mode=self.mode, label=label, progress=self._progress_hook())
        return size, digest, links

    def _progress_hook(self):
        """Each downloaded chunk's bytes go to the progress (when anyone watches it)."""
        return self.progress.add_bytes if self.progress.enabled else None

    def _token_gets_links(self, recordings, results, manifest, probes=3):
        """Does this token get download links at all? Asked only when no recording of this run got any.

        Admin tokens and Prevent Downloading look the same (no links), so a recording archived before is asked
        again: one verified in this run, else the newest in the manifest (often in the recycle bin by now, where a
        compliance officer still gets links). If one gets links, the token is fine and the others have Prevent
        Downloading on (they are skipped). With none to ask, or none answering with links, the run is refused:
        the strict reading, because an unusable token must not look like "nothing to archive".
        """
        candidates = [r["id"] for r in recordings if results.get(r["id"], {}).get("outcome") == VERIFIED]
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
        return write_text(target, json_text(metadata, ensure_ascii=False), self.mode)

    # ------------------------------------------------------------------ helpers

    def _update(self, recording, kinds, files, manifest, complete=None):
        return manifest_update(recording, kinds, files, manifest, format_datetime(self.now()), complete=complete)

    def _note_replaced(self, entry):
        if entry.pop("replaces", False):
            self.replaced.add(entry["path"])

    def _manifest_present(self):
        return os.path.exists(os.path.join(self.dest, MANIFEST_JSON)) and os.path.exists(os.path.join(self.dest, MANIFEST_CSV))

    def _target(self, relative):
        return os.path.join(self.dest, *relative.split("/"))

    def _ensure_dest(self):
        make_dirs(self.dest, mode=self.directory_mode)

    def _ensure_parent(self, relative):
        make_dirs(self.dest, relative.split("/")[:-1], mode=self.directory_mode)

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
        return archive_result(self.dest, recordings, manifest_written, fixed_modes)


def _error_text(client, error):
    text = str(error)
    return client.redact(text) if client is not None else text
