# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The one vocabulary of outcomes: what a step did (or would do) to one recording.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure, constants only. Plans, module results (``recordings[].outcome``, ``summary.by_outcome``), results files,
journals' rows and reports (rows, ``by_outcome``, ``by_action``, the CSV) all use these words; nothing translates
them into others.

The archive says more about a recording than changed or not: its words (``downloaded``, ``verified``, ...) are
part of the vocabulary, each a finer case of one base outcome (``REFINES``). A report counts an archive row under its
base outcome (``base_outcome``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The base outcomes.
CHANGED = "changed"  # the step changed the recording (trashed, restored, reassigned, deleted, archived)
WOULD_CHANGE = "would_change"  # check mode, or a step that runs later in this run: it would change it
UNCHANGED = "unchanged"  # already as the step leaves it (already trashed, already archived)
SKIPPED = "skipped"  # not attempted, for a reason that is not a failure (no download links, an earlier step failed)
REFUSED = "refused"  # not attempted on purpose: a safety check said no (archive not verified, changed since the plan)
HELD = "held"  # on legal hold: kept, not an action
FAILED = "failed"  # attempted and not done; the row's reason says why
NOT_FOUND = "not_found"  # Webex does not know the id

# The order people read them in: counts, tables and lines list outcomes this way.
ORDER = (CHANGED, WOULD_CHANGE, UNCHANGED, SKIPPED, REFUSED, HELD, FAILED, NOT_FOUND)

# The archive's finer words (wxc.recordings.recording_archive's recordings[].outcome and files[].outcome).
DOWNLOADED = "downloaded"  # fetched and checked now
WOULD_DOWNLOAD = "would_download"  # check mode: would be fetched
VERIFIED = "verified"  # already in the archive and matching the manifest
MISMATCH = "mismatch"  # in the manifest, but the file differs
INCOMPLETE = "incomplete"  # the last run did not archive every artefact
NOT_ARCHIVED = "not_archived"  # not in the manifest
MISSING = "missing"  # one artefact's file is not there

REFINES = {
    DOWNLOADED: CHANGED,
    WOULD_DOWNLOAD: WOULD_CHANGE,
    VERIFIED: UNCHANGED,
    MISMATCH: FAILED,
    INCOMPLETE: FAILED,
    NOT_ARCHIVED: FAILED,
    MISSING: FAILED,
}

# The archive outcomes that mean "archived, matching the manifest" now, or in check mode once the archive step runs.
ARCHIVED = (VERIFIED, DOWNLOADED)
ARCHIVED_OR_WOULD = (VERIFIED, DOWNLOADED, WOULD_DOWNLOAD)

OUTCOMES = ORDER + tuple(REFINES)


def base_outcome(outcome):
    """The base outcome of any word of the vocabulary (``downloaded`` -> ``changed``); a base outcome is itself."""
    return REFINES.get(outcome, outcome)
