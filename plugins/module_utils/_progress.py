# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Progress of a long step, for people: the arithmetic (rate, ETA, the line) and the file a module keeps up to date.

Internal use only: this module is not part of the collection's public API and may change at any time.

An Ansible module cannot print while it runs. A long-running module writes a small JSON progress file instead
(``ProgressWriter``: atomic replace, at most every ``WRITE_SECONDS`` by an injected clock, and at once on a new phase
or at the end), and the callback plugin ``wxc.recordings.progress`` reads it and prints ``progress_line`` at least
every 10 seconds. Bytes are counted while a single download streams, so a 100 GB file moves the figures too.

The file goes to the module's ``progress_file`` option and, when the callback exported ``WXC_PROGRESS_DIR`` for
the task, to ``<that folder>/<pid>.json`` as well (``progress_paths``). Writing progress never fails a step: an
unwritable file is tried again at the next write, silently. ``Watch`` decides which lines the callback prints when.
It imports nothing from Ansible; the pure functions are table-tested.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import threading
import time

from ansible_collections.wxc.recordings.plugins.module_utils._files import write_json

FORMAT = "wxc.recordings.progress/1"
# The environment variable the callback sets for the task: a folder only it reads.
ENV_DIR = "WXC_PROGRESS_DIR"
# A module writes its progress file at most this often (and at once on a new phase, and at the end).
WRITE_SECONDS = 2.0
# The rate is measured over about this much recent time, so that a change of speed shows within a minute.
RATE_WINDOW_SECONDS = 30.0
FILE_MODE = 0o600


def progress_argument_spec():
    """Options of the ``wxc.recordings.progress`` doc fragment."""
    return dict(progress_file=dict(type="path"))


def progress_paths(progress_file=None, environ=None, pid=None):
    """Where a module writes its progress: ``progress_file`` (when given) and ``$WXC_PROGRESS_DIR/<pid>.json``
    (when the callback exported that folder and it exists)."""
    environ = os.environ if environ is None else environ
    paths = []
    if progress_file:
        paths.append(progress_file)
    folder = environ.get(ENV_DIR) or ""
    if folder and os.path.isdir(folder):
        paths.append(os.path.join(folder, "%d.json" % (os.getpid() if pid is None else pid)))
    return paths


# ---------------------------------------------------------------------------------------------- pure arithmetic


def human_count(value):
    """``1204`` -> ``1,204``."""
    return "{:,}".format(int(value or 0))


def short_bytes(value):
    """Decimal units with about three significant figures: ``2.1 GB``, ``285 MB``, ``512 B``."""
    value = float(value or 0)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(value) < 1000 or unit == "TB":
            if unit == "B":
                return "%d B" % value
            return ("%.1f %s" if abs(value) < 100 else "%.0f %s") % (value, unit)
        value /= 1000.0
    return "%.0f TB" % value  # pragma: no cover


def human_duration(seconds):
    """``281`` -> ``4 min 41 s``; ``7500`` -> ``2 h 05 min``; under a second: ``0 s``."""
    seconds = int(round(max(0.0, float(seconds))))
    if seconds < 60:
        return "%d s" % seconds
    if seconds < 3600:
        return "%d min %d s" % (seconds // 60, seconds % 60)
    if seconds < 86400:
        return "%d h %02d min" % (seconds // 3600, (seconds % 3600) // 60)
    return "%d d %d h" % (seconds // 86400, (seconds % 86400) // 3600)


def rates(samples, min_span=1.0):
    """``(items a second, bytes a second)`` from ``samples`` ``[(clock, done, bytes), ...]``, oldest first.

    The first and last sample give the rate; None while less than ``min_span`` seconds have passed (a rate from a
    blink is noise while a step runs; at its end, the whole step's rate is the truth however short it was).
    """
    if len(samples) < 2:
        return None, None
    (t0, done0, bytes0), (t1, done1, bytes1) = samples[0], samples[-1]
    span = t1 - t0
    if span < min_span or span <= 0:
        return None, None
    return max(0.0, (done1 - done0) / span), max(0.0, (bytes1 - bytes0) / span)


def eta_seconds(done, total, bytes_done, bytes_total, item_rate, byte_rate):
    """Seconds left: by bytes when the total bytes are known and moving, else by items; None when unknown."""
    if bytes_total and byte_rate:
        return max(0.0, (bytes_total - bytes_done) / byte_rate)
    if total is not None and item_rate:
        return max(0.0, (total - done) / item_rate)
    if total is not None and done >= total:
        return 0.0
    return None


def short_rate(per_second, unit):
    if per_second >= 10 or per_second == 0:
        return "%s %s/s" % (human_count(per_second), unit)
    return "%.1f %s/s" % (per_second, unit)


def progress_line(state):
    """The line a person reads, from a progress file's content:

    ``archive, downloading: 1,204 / 4,730 recordings, 2.1 GB of 8.4 GB, 12.3 MB/s, ETA 4 min 41 s``.
    """
    label = state.get("label") or "step"
    phase = state.get("phase")
    unit = state.get("unit") or "recordings"
    done, total = int(state.get("done") or 0), state.get("total")
    head = "%s, %s: " % (label, phase) if phase else "%s: " % label
    if total is None:
        parts = ["%s %s %s" % (human_count(done), unit, "in all" if state.get("finished") else "so far")]
    else:
        parts = ["%s / %s %s" % (human_count(done), human_count(total), unit)]
    calls_total = state.get("calls_total")
    if calls_total:
        parts.append("%s / %s calls" % (human_count(state.get("calls_done") or 0), human_count(calls_total)))
    bytes_done, bytes_total = int(state.get("bytes_done") or 0), state.get("bytes_total")
    if bytes_total or bytes_done:
        if bytes_total:
            # Sizes Webex does not state (transcripts) make the bytes run past the announced total: never "5 of 4".
            parts.append("%s of %s" % (short_bytes(bytes_done), short_bytes(max(bytes_total, bytes_done))))
        else:
            parts.append(short_bytes(bytes_done))
    byte_rate, item_rate = state.get("bytes_per_second"), state.get("items_per_second")
    if byte_rate is not None and (bytes_total or bytes_done):
        parts.append("%s/s" % short_bytes(byte_rate))
    elif item_rate is not None:
        parts.append(short_rate(item_rate, unit))
    if state.get("finished"):
        parts.append("done in %s" % human_duration(state.get("elapsed_seconds") or 0))
    elif total is not None:
        eta = state.get("eta_seconds")
        parts.append("ETA %s" % human_duration(eta) if eta is not None else "ETA not known yet")
    return head + ", ".join(parts)


def start_line(state):
    """What the step is about to do, when it starts a phase: ``archive, downloading: 473 recordings, 285 MB``."""
    label, phase, unit = state.get("label") or "step", state.get("phase"), state.get("unit") or "recordings"
    head = "%s, %s: " % (label, phase) if phase else "%s: " % label
    total = state.get("total")
    parts = ["%s %s" % (human_count(total), unit) if total is not None else "%s (the total is not known before the end)" % unit]
    if state.get("bytes_total"):
        parts.append(short_bytes(state["bytes_total"]))
    if state.get("calls_total"):
        calls = int(state["calls_total"])
        parts.append("in %s call%s" % (human_count(calls), "" if calls == 1 else "s"))
    return head + ", ".join(parts)


# ---------------------------------------------------------------------------------------------- the writer


def _write_file(path, document):
    write_json(path, document, mode=FILE_MODE)


class ProgressWriter:
    """Keeps one step's progress and writes it to ``paths`` (none: does nothing, cheaply).

    ``clock`` (monotonic seconds) throttles the writes and measures the rate; ``wall`` (epoch seconds) stamps them.
    Thread-safe: downloads and batches run in worker threads.
    """

    def __init__(self, paths, label, clock=time.monotonic, wall=time.time, interval=WRITE_SECONDS, write=_write_file, pid=None):
        self.paths = [p for p in (paths or []) if p]
        self.label = label
        self.clock = clock
        self.wall = wall
        self.interval = interval
        self._write = write
        self._pid = os.getpid() if pid is None else pid
        self._lock = threading.Lock()
        self._started = None
        self._last_write = None
        self.state = {"format": FORMAT, "label": label, "phase": None, "unit": "recordings", "done": 0, "total": None, "finished": False}
        self._samples = []
        self._phase_start = None

    @property
    def enabled(self):
        return bool(self.paths)

    def phase(self, phase, total=None, bytes_total=None, calls_total=None, unit="recordings"):
        """Start a phase: counters to zero, the totals known now, written at once."""
        if not self.enabled:
            return
        with self._lock:
            now = self.clock()
            if self._started is None:
                self._started = now
            self.state.update(
                phase=phase,
                unit=unit,
                done=0,
                total=None if total is None else int(total),
                bytes_done=0,
                bytes_total=None if bytes_total is None else int(bytes_total),
                calls_done=0,
                calls_total=None if calls_total is None else int(calls_total),
                phase_started=self.wall(),
                finished=False,
            )
            self._samples = [(now, 0, 0)]
            self._phase_start = (now, 0, 0)
            self._flush(now)

    def add(self, done=0, nbytes=0, calls=0):
        """Count progress; written when ``interval`` has passed since the last write."""
        if not self.enabled:
            return
        with self._lock:
            self.state["done"] = self.state.get("done", 0) + done
            self.state["bytes_done"] = max(0, self.state.get("bytes_done", 0) + nbytes)
            self.state["calls_done"] = self.state.get("calls_done", 0) + calls
            now = self.clock()
            if self._last_write is None or now - self._last_write >= self.interval:
                self._flush(now)

    def add_bytes(self, nbytes):
        """``add(nbytes=...)``, as a download's per-chunk hook."""
        self.add(nbytes=nbytes)

    def finish(self):
        """The step ended: written at once, marked finished."""
        if not self.enabled:
            return
        with self._lock:
            if self._phase_start is None:
                return  # no phase began: there is nothing to report
            self.state["finished"] = True
            self._flush(self.clock())

    def _flush(self, now):
        self._samples.append((now, self.state.get("done", 0), self.state.get("bytes_done", 0)))
        while len(self._samples) > 2 and now - self._samples[1][0] >= RATE_WINDOW_SECONDS:
            self._samples.pop(0)
        state = self.state
        # At the end: the rate of the whole phase, not of its last half minute.
        item_rate, byte_rate = rates([self._phase_start, self._samples[-1]], min_span=0.0) if state.get("finished") else rates(self._samples)
        state.update(
            items_per_second=item_rate,
            bytes_per_second=byte_rate,
            eta_seconds=eta_seconds(state.get("done", 0), state.get("total"), state.get("bytes_done", 0), state.get("bytes_total"), item_rate, byte_rate),
            elapsed_seconds=now - (self._started if self._started is not None else now),
            updated=self.wall(),
            pid=self._pid,
        )
        state["line"] = progress_line(state)
        state["start_line"] = start_line(state)
        self._last_write = now
        for path in self.paths:
            try:
                self._write(path, state)
            except (IOError, OSError):
                # Progress is for people watching: a file that cannot be written (yet: its folder may be made later in
                # the step) must not fail the step. Tried again at the next write.
                pass


NO_PROGRESS = ProgressWriter([], "none")


def progress_from_params(params, label, environ=None):
    """The writer of a module: its ``progress_file`` option and the callback's folder, if any."""
    return ProgressWriter(progress_paths((params or {}).get("progress_file"), environ), label)


# ---------------------------------------------------------------------------------------------- what the callback prints
# The controller side (plugins/callback/progress.py) is thin: which tasks it watches, and for each, when to print what.

# The modules that write progress (by their short name: tasks may name them with or without the collection).
TRACKED = frozenset(
    (
        "recording_archive",
        "recording_trash",
        "recording_restore",
        "recording_purge",
        "recording_retention",
        "recording_retention_plan",
        "recording_retention_apply",
        "recording_offboarding",
        "recording_storage_report",
    )
)
POLL_SECONDS = 1.0


def tracked(action):
    return (action or "").rsplit(".", 1)[-1] in TRACKED


class Watch:
    """One task running on one host: what was printed of it, and when. Pure: ``lines`` is given the time and
    the progress documents read from the task's folder."""

    def __init__(self, host, task_name, started, wall_started):
        self.host = host
        self.task_name = task_name
        self.started = started
        self.wall_started = wall_started
        self.last_printed = started
        self.phases = {}  # file -> the phase whose start line was printed
        self.finished = set()

    def lines(self, now, wall, documents, interval, prefix="", at_end=False):
        """The lines to print now: a phase's start line as soon as it is seen, then a progress line of every file
        at least every ``interval`` seconds; while no file exists, how long the task has been running.
        ``at_end`` (the task is over): only the last line of a file that finished and was not shown yet."""
        out = []
        due = now - self.last_printed >= interval
        for key, document in sorted(documents.items()):
            phase = (document.get("phase"), document.get("phase_started"))
            if document.get("finished"):
                if key not in self.finished:
                    self.finished.add(key)
                    out.append(prefix + progress_line(document))
                continue
            if at_end:
                continue
            if self.phases.get(key) != phase:
                self.phases[key] = phase
                out.append(prefix + start_line(document))
            if due:
                line = progress_line(document)
                quiet = wall - float(document.get("updated") or wall)
                if quiet >= interval:
                    line += " (last update %s ago)" % human_duration(quiet)
                out.append(prefix + line)
        if due and not documents:
            out.append(prefix + "%s: running for %s, no progress reported yet" % (self.task_name, human_duration(wall - self.wall_started)))
        if due:
            self.last_printed = now
        return out


def read_documents(folder):
    """The progress documents of a task's folder: file name -> content (a file being replaced is skipped)."""
    documents = {}
    try:
        names = os.listdir(folder)
    except OSError:
        return documents
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name)) as handle:
                document = json.load(handle)
        except (IOError, OSError, ValueError):
            continue
        if isinstance(document, dict):
            documents[name] = document
    return documents
