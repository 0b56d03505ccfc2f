# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""A run's steps as report rows: one row per (recording, action), each with its base outcome (``_outcomes``).

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure but for ``rows_from_steps`` reading a step's ``results_file`` (through the file layer) as it goes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import itertools
import sys

from ansible_collections.wxc.recordings.plugins.module_utils._files import read_json_lines
from ansible_collections.wxc.recordings.plugins.module_utils._outcomes import HELD, NOT_FOUND, REFUSED, UNCHANGED, base_outcome


def steps_from_checked_plan(document):
    """The report steps a checked retention plan holds: held recordings, and planned ones already done or refused."""
    return [
        {"action": "hold", "recordings": [dict(row, outcome=HELD) for row in document.get("held") or []]},
        {"action": "plan", "recordings": [dict(row, outcome=UNCHANGED) for row in document.get("unchanged") or []]},
        {"action": "plan", "recordings": [dict(row, outcome=REFUSED) for row in document.get("refused") or []]},
    ]


def _shared(value):
    """One string object for a value repeated on many rows (an owner, a rule, a reason): 70,000 rows, few values."""
    return sys.intern(value) if isinstance(value, str) else value


def rows_from_steps(steps, plan_entries=None):
    """One row per (recording, action) from the run's steps.

    A step is ``{action, result}`` (a module's registered result: its ``recordings`` and ``not_found``),
    ``{action, recordings}`` (rows of their own, for example drift refusals) or
    ``{action, ids, outcome, reason}`` (the same outcome for several recordings) or ``{action, results_file}`` (the
    rows a module wrote to its results file, read as they are needed).
    """
    rules = dict((entry.get("id"), entry.get("rule")) for entry in plan_entries or [])
    rows = []
    for step in steps or []:
        action = step.get("action") or "action"
        result = step.get("result") or {}
        recordings = result.get("recordings")
        if recordings is None and step.get("results_file"):
            recordings = read_json_lines(step["results_file"])
        elif recordings is None:
            recordings = step.get("recordings") or []
        same = [{"id": recording_id, "outcome": step.get("outcome") or REFUSED, "reason": step.get("reason")} for recording_id in step.get("ids") or []]
        for recording in itertools.chain(recordings, same):
            row = {
                "id": recording.get("id"),
                "action": _shared(recording.get("action") or action),
                "outcome": _shared(base_outcome(recording.get("outcome") or UNCHANGED)),
                "reason": _shared(recording.get("reason") or recording.get("error")),
                "rule": _shared(recording.get("rule") or rules.get(recording.get("id"))),
                "owner_email": _shared(recording.get("owner_email")),
            }
            after = recording.get("after") or {}
            if row["action"] == "reassign":
                row["new_owner_email"] = after.get("owner_email") or recording.get("new_owner_email")
            elif recording.get("new_owner_email"):
                row["new_owner_email"] = recording.get("new_owner_email")
            rows.append(row)
        for recording_id in result.get("not_found") or []:
            rows.append({"id": recording_id, "action": action, "outcome": NOT_FOUND, "rule": rules.get(recording_id)})
    return rows
