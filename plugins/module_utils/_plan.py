# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""A plan of write calls, how it is applied, and how a failed call is verified by reading the recordings back.

Internal use only: this module is not part of the collection's public API and may change at any time.

Every mutating module works the same way: select -> plan -> apply -> verify.
The plan lists each selected recording with its state before and after, and the exact write calls to send.
Check mode returns the plan; apply sends exactly its calls, nothing else.
A call that fails does not make the result a guess: the recordings it was for are read back, those already in
the target state count as done (a retried call whose first attempt had landed, say), the others as failed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.wxc.recordings.plugins.module_utils._calls import Call
from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded as _map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._lookup import fetch_recordings
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import CHANGED, FAILED, UNCHANGED, WOULD_CHANGE

# A refused token or a missing scope: every later call would be refused too, so the rest is not sent.
STOP_STATUSES = frozenset((401, 403))


def state_of(recording):
    return {"status": recording.get("status"), "owner_email": recording.get("ownerEmail")}


class RecordingChange:
    """One selected recording: its state before, the state the plan leads to, and what happened to it.

    A plan can hold 100,000 of these: slots, ``before`` read from the recording when asked for, and ``after``
    stored only when it differs (None: the same as before).
    """

    __slots__ = ("recording", "id", "_after", "outcome", "reason")

    def __init__(self, recording, after=None, outcome=WOULD_CHANGE, reason=None):
        self.recording = recording
        self.id = recording.get("id")
        self._after = after
        self.outcome = outcome
        self.reason = reason

    @property
    def before(self):
        return state_of(self.recording)

    @property
    def after(self):
        return self.before if self._after is None else self._after

    @after.setter
    def after(self, value):
        self._after = value

    def entry(self):
        entry = {
            "id": self.id,
            "owner_email": self.recording.get("ownerEmail"),
            "topic": self.recording.get("topic"),
            "create_time": self.recording.get("createTime"),
            "before": dict(self.before),
            "after": dict(self.after),
            "outcome": self.outcome,
        }
        if self.reason:
            entry["reason"] = self.reason
        return entry


class PlannedCall(Call):
    """One write call of a plan and the recordings it is for.

    It is the request itself (a ``_calls.Call``: method, path, query, body): ``describe()`` shows it and
    ``send(client)`` hands this very object to ``WebexClient.send``, so what ``planned_calls`` shows is what is sent.
    """

    def __init__(self, call, recording_ids):
        super(PlannedCall, self).__init__(call.method, call.path, json=call.json, params=call.params, idempotent=call.idempotent)
        self.recording_ids = list(recording_ids)
        self.tracking_id = None
        self.error = None
        self.sent = False

    @property
    def body(self):
        return self.json

    def describe(self):
        described = {"method": self.method, "path": self.path}
        if self.params:
            described["params"] = self.params
        if self.body:
            described["body"] = self.body
        return described

    def summary(self):
        """``describe()`` without the id list: method, path, how many recordings, and the rest of the body."""
        described = {"method": self.method, "path": self.path, "count": len(self.recording_ids)}
        body = dict((key, value) for key, value in (self.body or {}).items() if key != "recordingIds")
        if body:
            described["body"] = body
        return described

    def send(self, client):
        """Send the call as planned; its trackingId."""
        self.sent = True
        return client.send(self)


class Plan:
    """The changes and calls of one task.

    ``is_done(recording)`` says whether a recording read back after a failed call is in the target state.
    ``missing_means_done``: a recording that can no longer be read counts as done (purge: admins and users cannot
    see purged recordings; compliance delete: the recording is gone).
    ``not_found_is_unchanged``: a call answered 404 means its recording was already gone (compliance delete).
    """

    def __init__(self, operation, operation_past, changes, calls, is_done, not_found=(), missing_means_done=False, not_found_is_unchanged=False):
        self.operation = operation
        self.operation_past = operation_past
        self.changes = list(changes)
        self.calls = list(calls)
        self.is_done = is_done
        self.not_found = list(not_found)
        self.missing_means_done = missing_means_done
        self.not_found_is_unchanged = not_found_is_unchanged
        self._by_id = dict((change.id, change) for change in self.changes)

    def change(self, recording_id):
        return self._by_id[recording_id]

    def with_outcome(self, *outcomes):
        return [change for change in self.changes if change.outcome in outcomes]

    @property
    def acting(self):
        """Recordings the calls are for."""
        return self.with_outcome(WOULD_CHANGE, CHANGED)

    @property
    def blocked(self):
        """Recordings that cannot make the transition at all: the plan refuses to start."""
        return self.with_outcome(FAILED)


_NOT_SENT = object()


def count_outcomes(plan):
    """``{outcome: number of recordings}`` of ``plan`` (None: an empty count, for a step that did not run)."""
    counts = {}
    for change in plan.changes if plan is not None else ():
        counts[change.outcome] = counts.get(change.outcome, 0) + 1
    return counts


def apply_plan(client, plan, concurrency=1, progress=None):
    """Send exactly the planned calls (``concurrency`` at a time) and record each recording's outcome.

    ``progress`` (a ``_progress.ProgressWriter``) counts each call and its recordings as it comes back.
    """
    stop = threading.Event()
    stop.reason = None

    def send(call):
        if stop.is_set():
            return _NOT_SENT
        try:
            return call.send(client)
        except WebexError as error:
            # Set here, in the worker, not when the result comes round in order: calls queued behind a slow one
            # must not be sent after a refusal.
            if error.status in STOP_STATUSES and not stop.is_set():
                stop.reason = "HTTP %s" % error.status
                stop.set()
            raise

    for call, tracking_id, error in _map_bounded(send, plan.calls, concurrency):
        if progress is not None:
            progress.add(done=len(call.recording_ids), calls=1)
        if tracking_id is _NOT_SENT:
            _mark(plan, call.recording_ids, FAILED, "not sent: an earlier call was refused (%s)" % stop.reason)
            continue
        if error is None:
            call.tracking_id = tracking_id
            for recording_id in call.recording_ids:
                change = plan.change(recording_id)
                change.outcome = CHANGED
                change.reason = None
            continue
        if not isinstance(error, WebexError):
            raise error
        call.error = error
        if error.status in STOP_STATUSES:  # send() has already stopped the calls not yet sent
            _mark(plan, call.recording_ids, FAILED, client.redact(str(error)))
        elif error.status == 404 and plan.not_found_is_unchanged:
            if getattr(error, "after_uncertain_attempt", False):
                # An earlier attempt of this very call ended without an answer and did land: our change.
                for recording_id in call.recording_ids:
                    change = plan.change(recording_id)
                    change.outcome, change.reason = CHANGED, None
            else:
                _mark(plan, call.recording_ids, UNCHANGED, "already gone")
        else:
            verify_call(client, plan, call, error)
    return plan


def _mark(plan, recording_ids, outcome, reason):
    for recording_id in recording_ids:
        change = plan.change(recording_id)
        change.outcome = outcome
        change.reason = reason
        if outcome in (UNCHANGED, FAILED):
            change.after = dict(change.before)


def verify_call(client, plan, call, error):
    """After a failed call, read its recordings back: in the target state -> changed, else failed."""
    failure = client.redact(str(error))
    try:
        found, missing = fetch_recordings(client, call.recording_ids)
    except WebexError as read_error:
        _mark(plan, call.recording_ids, FAILED, "%s; reading the recordings back failed too: %s" % (failure, client.redact(str(read_error))))
        return
    for recording in found:
        change = plan.change(recording.get("id"))
        if plan.is_done(recording):
            change.outcome, change.reason = CHANGED, None
            change.after = state_of(recording)
        else:
            change.outcome = FAILED
            change.after = state_of(recording)
            change.reason = "still %s after: %s" % (recording.get("status"), failure)
    # A plain refusal (4xx, no earlier attempt that may have landed) did not remove the recording: it was gone before.
    refused = error.status is not None and 400 <= error.status < 500 and not getattr(error, "after_uncertain_attempt", False)
    for recording_id in missing:
        change = plan.change(recording_id)
        if plan.not_found_is_unchanged and refused:
            # The same outcome as a 404 on the call, whichever code Webex uses there (400/404/409, docs/webex-api.md 4).
            _mark(plan, [recording_id], UNCHANGED, "already gone")
        elif plan.missing_means_done:
            change.outcome, change.reason = CHANGED, None
        else:
            change.outcome = FAILED
            change.after = dict(change.before)
            change.reason = "no longer found after: %s" % failure
