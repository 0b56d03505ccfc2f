# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Bounded concurrency: run a function over many items, a few at a time, results in input order.

Internal use only: this module is not part of the collection's public API and may change at any time.

The client lists its 30-day windows with it; the flows send planned calls, fetch details and verify archives with it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import deque
from concurrent.futures import ThreadPoolExecutor

# map_bounded queues this many calls per worker behind the oldest unfinished one (no head-of-line blocking).
LOOKAHEAD_PER_WORKER = 8


def map_bounded(func, items, concurrency, lookahead=None):
    """Yield ``(item, result, error)`` in input order, with at most ``concurrency`` calls running at a time.

    Up to ``lookahead`` calls (default ``concurrency * LOOKAHEAD_PER_WORKER``) are queued behind the oldest
    unfinished one, so a call that waits (a 429's ``Retry-After``, a slow page) does not hold the others: the
    workers go on with the calls queued behind it. At most ``lookahead`` results wait in memory, so a long input
    still streams. When the caller stops early, the queued calls that have not started are cancelled.
    """
    concurrency = max(1, int(concurrency or 1))

    def call(item):
        try:
            return func(item), None
        except Exception as exc:  # pylint: disable=broad-except
            return None, exc

    if concurrency == 1:
        for item in items:
            result, error = call(item)
            yield item, result, error
        return
    depth = max(concurrency, int(lookahead or concurrency * LOOKAHEAD_PER_WORKER))
    pool = ThreadPoolExecutor(max_workers=concurrency)
    pending = deque()
    try:
        for item in items:
            pending.append((item, pool.submit(call, item)))
            if len(pending) >= depth:
                done_item, future = pending.popleft()
                result, error = future.result()
                yield done_item, result, error
        while pending:
            done_item, future = pending.popleft()
            result, error = future.result()
            yield done_item, result, error
    finally:
        # Reached early only when the caller stopped (an error, a break): drop what has not started yet.
        for _item, future in pending:
            future.cancel()
        pool.shutdown(wait=True)


def in_background(func, *args, **kwargs):
    """Start ``func(*args, **kwargs)`` in a thread of its own; ``.result()`` of the returned future waits for it (and
    raises what it raised).

    For work that need not wait for the caller's, nor the caller's for it (a lookup while a listing runs). The thread
    ends on its own (``shutdown(wait=False)``).
    """
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(func, *args, **kwargs)
    finally:
        pool.shutdown(wait=False)
