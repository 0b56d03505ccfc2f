# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The write calls of the Converged Recordings API as plain data: the request a plan shows is the request sent.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure: no I/O. A plan holds ``Call`` objects (``_plan.PlannedCall``); ``planned_calls`` shows their method, path and
body, and ``WebexClient.send(call)`` sends that same method, path, query and body. Nothing builds a body twice.
Bodies follow docs/webex-api.md 7 (softDelete, restore, purge), 8 (reassign) and 9 (compliance delete).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Webex accepts at most 100 ids per recycle-bin call (docs/webex-api.md 3); reassign is batched the same way.
MAX_IDS_PER_CALL = 100

SOFT_DELETE_PATH = "/convergedRecordings/softDelete"
RESTORE_PATH = "/convergedRecordings/restore"
PURGE_PATH = "/convergedRecordings/purge"
REASSIGN_PATH = "/convergedRecordings/reassign"


class Call:
    """One request as data: ``method``, ``path`` (under the API URL), ``params`` (query) and ``json`` (body).

    ``idempotent``: repeating the call after the server may already have acted is harmless. True for every write
    here: they move recordings to a target state, so a repeat cannot apply anything twice (``WebexClient.request``).
    """

    def __init__(self, method, path, json=None, params=None, idempotent=True):
        self.method = method
        self.path = path
        self.json = json
        self.params = params
        self.idempotent = idempotent


def chunked(values, size=MAX_IDS_PER_CALL):
    """``values`` in lists of at most ``size``, in order."""
    values = list(values)
    return [values[i:i + size] for i in range(0, len(values), size)]


def _check_ids(recording_ids, what):
    if not recording_ids or len(recording_ids) > MAX_IDS_PER_CALL:
        raise ValueError("%s takes 1 to %d recording ids per call" % (what, MAX_IDS_PER_CALL))


def bin_call(path, all_flag, recording_ids=None, owner_email=None, all_recordings=False):
    """A recycle-bin call (softDelete, restore, purge): ``{"recordingIds": [...]}``, or the owner-wide form
    ``{all_flag: true[, "ownerEmail": ...]}`` (no ``ownerEmail``: the calling user's own recordings)."""
    if all_recordings:
        if recording_ids:
            raise ValueError("%s takes no recording ids" % all_flag)
        body = {all_flag: True}
        if owner_email:
            body["ownerEmail"] = owner_email
        return Call("POST", path, body)
    if owner_email:
        raise ValueError("ownerEmail needs %s" % all_flag)
    _check_ids(recording_ids, path)
    return Call("POST", path, {"recordingIds": list(recording_ids)})


def reassign_call(new_owner_email, owner_email=None, owner_id=None, recording_ids=None):
    """``POST /convergedRecordings/reassign``: to ``new_owner_email``, everything of ``owner_email`` or ``owner_id``
    (``ownerID``: virtual lines and workspaces), or the listed ``recording_ids``."""
    body = {"reassignOwnerEmail": new_owner_email}
    if owner_email:
        body["ownerEmail"] = owner_email
    if owner_id:
        body["ownerID"] = owner_id
    if recording_ids is not None:
        _check_ids(recording_ids, REASSIGN_PATH)
        body["recordingIds"] = list(recording_ids)
    return Call("POST", REASSIGN_PATH, body)


def delete_call(recording_id, reason=None, comment=None):
    """``DELETE /convergedRecordings/{id}`` (compliance officer), with ``reason`` and ``comment`` when given."""
    body = {}
    if reason:
        body["reason"] = reason
    if comment:
        body["comment"] = comment
    return Call("DELETE", "/convergedRecordings/%s" % recording_id, body or None)
