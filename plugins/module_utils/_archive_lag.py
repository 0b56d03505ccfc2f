# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""``wxc.recordings.recording_archive``'s wait for recordings whose REST data lags their webhook (``not_found_wait``).

Internal use only: this module is not part of the collection's public API and may change at any time.

Webex answers 404 for a new recording for a few seconds after its webhook. The ids of ``recording_ids`` that
answered 404 are asked again after 0.5 s, then after twice the previous pause up to ``not_found_max_delay``, until
they appear or ``not_found_wait`` seconds have passed. What was found is archived (and in the manifest) before any
wait, and each recording that appears is archived at once, so one late recording never holds the others back.

Plain data in and out: the pauses (``lag_delays``), the merged result (``merge_results``), and the loop with its
I/O passed in (``wait_for_lagging``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._archive_plan import archive_result
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError

FIRST_DELAY = 0.5


def check_lag_options(params):
    """``not_found_wait`` (seconds, 0 or more) and ``not_found_max_delay`` (more than 0); OptionError naming the option."""
    wait = params.get("not_found_wait") or 0
    if wait < 0:
        raise OptionError("not_found_wait", "not_found_wait must be 0 (no wait) or more seconds, got %s" % wait)
    max_delay = params.get("not_found_max_delay")
    if max_delay is not None and max_delay <= 0:
        raise OptionError("not_found_max_delay", "not_found_max_delay must be more than 0 seconds, got %s" % max_delay)


def lag_delays(wait_seconds, max_delay, first=FIRST_DELAY):
    """The pauses before each new try: ``first``, then twice the previous up to ``max_delay``, adding up to ``wait_seconds``."""
    if not wait_seconds or wait_seconds <= 0:
        return []
    delays, total, delay = [], 0.0, min(first, max_delay)
    while wait_seconds - total > 1e-9:
        step = min(delay, wait_seconds - total)
        delays.append(round(step, 3))
        total += step
        delay = min(delay * 2, max_delay)
    return delays


def merge_results(results):
    """One module result from the archive runs of one task (the first run, then one per try that found something)."""
    recordings = [recording for result in results for recording in result["recordings"]]
    merged = archive_result(results[0]["dest"], recordings, any(result["manifest_changed"] for result in results), False)
    merged["changed"] = any(result["changed"] for result in results)
    return merged


def wait_for_lagging(result, not_found, archive_again, delays, sleep):
    """Try the ``not_found`` ids again after each of ``delays``: ``(merged result, ids still not found)``.

    ``archive_again(ids)`` looks the ids up and archives those found: ``(its result or None, the ids still 404)``.
    """
    results = [result]
    for delay in delays:
        if not not_found:
            break
        sleep(delay)
        again, not_found = archive_again(not_found)
        if again is not None:
            results.append(again)
    return (merge_results(results) if len(results) > 1 else result), list(not_found)
