# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Finding the selected recordings in Webex: listing (30-day windows, the API's filters) or fetching by id.

Internal use only: this module is not part of the collection's public API and may change at any time.

What is selected is ``_selection`` (the options, ``Selection.matches``); this file sends the requests.

- ``select_recordings(client, params, access_level, statuses=None, fields=None, list_ids_above=None)``: raw API
  recordings (camelCase), newest first, deduplicated by id; with ``fields``, each reduced to those fields. The list
  also carries ``.not_found`` (requested ids Webex does not know) and ``.selection`` (the parsed ``Selection``).
- ``fetch_recordings(client, ids)``: ``(found, not_found)`` by ``GET /convergedRecordings/{id}``.
- ``iter_listed(client, selection)``: the listed recordings of a selection without ids, as they arrive.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._selection import STATUSES, newest_first, parse_selection

# More recording_ids than this are found by listing (the date range, else the retention year, one status after the
# other, 100 a page) rather than one GET each, by the modules that need only listed fields (``list_ids_above``).
LIST_IDS_ABOVE = 100


class SelectedRecordings(list):
    """A list of raw recordings, plus ``not_found`` (requested ids Webex does not know) and ``selection``."""

    def __init__(self, recordings=(), not_found=None, selection=None):
        super(SelectedRecordings, self).__init__(recordings)
        self.not_found = list(not_found or [])
        self.selection = selection


def fetch_recordings(client, recording_ids, concurrency=None):
    """Details of each id with bounded concurrency: ``(found, not_found)``, found in input order.

    A 404 means "no such recording" (never existed, compliance-deleted, or purged and not visible to this caller).
    UNCONFIRMED whether Webex answers 403 or 404 for a foreign id (docs/webex-api.md 10); strict reading: only a 404 is
    "not found", any other error stops the task.
    """
    found, not_found = [], []
    for recording_id, details, error in map_bounded(client.get_recording, recording_ids, concurrency or client.concurrency):
        if error is not None:
            if isinstance(error, WebexError) and error.status == 404:
                not_found.append(recording_id)
                continue
            raise error
        found.append(details)
    return found, not_found


def slim(recording, fields):
    """``recording`` reduced to ``fields`` (those it has); the whole recording when ``fields`` is None."""
    if fields is None:
        return recording
    return dict((field, recording[field]) for field in fields if field in recording)


def iter_listed(client, selection, fields=None):
    """Yield the listed recordings of ``selection`` (no ids), newest first, each id once.

    Each listed item is checked against the filters, and reduced to ``fields`` when given, as its page arrives
    (``list_recordings``' ``keep``): items that do not match are never held. ``fields`` must include ``id`` and,
    for several listings (merged by time), ``createTime``.
    One listing streams straight through; several (owners x statuses) are merged and sorted in memory.
    """
    listings = selection.listings()
    seen = set()

    def keep(item):
        return slim(item, fields) if selection.matches(item) else None

    def fresh(items):
        for item in items:
            if item.get("id") in seen:
                continue
            seen.add(item.get("id"))
            yield item

    def listed(filters):
        return client.list_recordings(selection.list_from, selection.list_to, admin=selection.admin, keep=keep, **filters)

    if len(listings) == 1:
        yield from fresh(listed(listings[0]))
        return
    collected = []
    for filters in listings:
        collected.extend(fresh(listed(filters)))
    yield from newest_first(collected)


def listable_statuses(selection, statuses=None):
    """The statuses to list when looking for ids, in order: the task's (or the module's default), then the others.

    A compliance officer can list ``purged`` too; admins and users cannot (a purged id answers 404 to them).
    """
    visible = STATUSES if selection.access_level == "compliance_officer" else ("available", "deleted")
    ordered = []
    for status in list(selection.statuses or []) + list(statuses or []) + list(visible):
        if status in visible and status not in ordered:
            ordered.append(status)
    return ordered


def find_by_listing(client, selection, ids, statuses=None, fields=None, list_above=LIST_IDS_ABOVE):
    """The recordings with these ids, found by listing rather than one GET each: ``(found by id, not_found)``.

    While more than ``list_above`` ids are unaccounted for, the selection's date range (the retention year
    when it has none) is listed for the next status (``listable_statuses``), keeping only the ids asked for. The
    ids no listing returned are then fetched by id as before, so a 404 is still "not found" and a recording of
    another owner or in a status that cannot be listed is still judged on its details: the outcome is exactly
    that of fetching every id, with about one request per 100 recordings listed instead of one per id.
    Every recording found is checked against the whole selection (``matches(..., fetched_by_id=True)``).
    """
    wanted = set(ids)
    accounted = set()
    chosen = {}

    def keep(item):
        recording_id = item.get("id")
        if recording_id not in wanted or recording_id in accounted:
            return None
        accounted.add(recording_id)
        return slim(item, fields) if selection.matches(item, fetched_by_id=True) else None

    remaining = list(ids)
    for status in listable_statuses(selection, statuses):
        if len(remaining) <= list_above:
            break
        for recording in client.list_recordings(selection.list_from, selection.list_to, admin=selection.admin, keep=keep, status=status):
            chosen.setdefault(recording.get("id"), recording)
        remaining = [recording_id for recording_id in remaining if recording_id not in accounted]
    found, not_found = fetch_recordings(client, remaining) if remaining else ([], [])
    for recording in found:
        if selection.matches(recording, fetched_by_id=True):
            chosen.setdefault(recording.get("id"), slim(recording, fields))
    return chosen, not_found


def select_recordings(client, params, access_level=None, statuses=None, now=None, fields=None, list_ids_above=None):
    """The recordings a module's selection options pick out: raw API dicts, newest first, one per id.

    ``statuses`` is the module's default status list, used when the task sets no ``status``. With
    ``recording_ids`` and no ``status``, every id is returned whatever its status, so a module can tell
    "already done" from "not selected". Ids Webex does not know are listed in ``result.not_found``.
    ``fields``: reduce each recording to these fields (``id`` and ``createTime`` among them), as it arrives.
    ``list_ids_above``: a module that needs no more than the listed fields (no download links) passes
    ``LIST_IDS_ABOVE``; more ids than that are then found by listing (``find_by_listing``), with the same result.
    None (the default) fetches every id (``GET /convergedRecordings/{id}``, which carries the download links).
    """
    by_id = params.get("recording_ids") is not None
    selection = parse_selection(params, access_level, statuses=None if by_id else statuses, now=now)
    if selection.recording_ids is not None:
        ids = [recording_id for recording_id in selection.recording_ids if recording_id not in selection.exclude_ids]
        if list_ids_above is not None and len(ids) > list_ids_above:
            chosen, not_found = find_by_listing(client, selection, ids, statuses=statuses, fields=fields, list_above=list_ids_above)
            return SelectedRecordings(newest_first([chosen[i] for i in ids if i in chosen]), not_found, selection)
        found, not_found = fetch_recordings(client, ids)
        chosen, seen = [], set()
        for recording in found:
            if recording.get("id") in seen or not selection.matches(recording, fetched_by_id=True):
                continue
            seen.add(recording.get("id"))
            chosen.append(slim(recording, fields))
        return SelectedRecordings(newest_first(chosen), not_found, selection)
    return SelectedRecordings(iter_listed(client, selection, fields=fields), [], selection)
