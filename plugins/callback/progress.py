# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: progress
type: aggregate
short_description: Print the progress of the collection's long steps while they run
version_added: 2.0.0
description:
  - An Ansible module cannot print while it runs. The collection's long-running modules
    (M(wxc.recordings.recording_archive), M(wxc.recordings.recording_trash), M(wxc.recordings.recording_restore),
    M(wxc.recordings.recording_purge), M(wxc.recordings.recording_retention_plan),
    M(wxc.recordings.recording_retention_apply), M(wxc.recordings.recording_offboarding)) write their progress to a
    small JSON file instead; this callback reads it and prints a line for people, alongside the stdout callback
    (the default one, or AWX's).
  - "When one of those tasks starts on a host, the callback makes a private folder for it and exports
    E(WXC_PROGRESS_DIR) to the task's module, which keeps C(<folder>/<pid>.json) up to date (at most every 2 seconds,
    bytes counted while each download streams). While the task runs the callback prints, for each host running it:
    the start of each phase (what it is about to do, for example C(archive, downloading: 473 recordings, 285 MB) or
    C(trash: 67,800 recordings, in 679 calls)), and every O(interval) seconds the progress, for example
    C(archive, downloading: 1,204 / 4,730 recordings, 2.1 GB of 8.4 GB, 12.3 MB/s, ETA 4 min 41 s)."
  - A task that has not reported progress yet (it is still listing) gets a line saying how long it has been running,
    and a progress file that stops moving says when it was last updated, so a long step never looks hung.
  - "The folder is exported through the controller's environment, which the task's worker inherits; so the modules
    must run on the controller (C(connection: local), as the collection's playbooks and roles do, and as AWX runs
    them). A module's own O(wxc.recordings.recording_archive#module:progress_file) option keeps a copy of the same
    file wherever you want it, with or without this callback."
requirements:
  - enabled in C(callbacks_enabled) (C(ansible.cfg)) or E(ANSIBLE_CALLBACKS_ENABLED), for example
    C(ANSIBLE_CALLBACKS_ENABLED=wxc.recordings.progress).
options:
  interval:
    description:
      - At most this many seconds between two progress lines of a running task.
    type: float
    default: 10
    env:
      - name: WXC_PROGRESS_INTERVAL
    ini:
      - section: wxc_progress
        key: interval
"""

import os
import shutil
import sys
import tempfile
import threading
import time

from ansible.plugins.callback import CallbackBase

from ansible_collections.wxc.recordings.plugins.module_utils._progress import ENV_DIR, POLL_SECONDS, Watch, read_documents, tracked


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "wxc.recordings.progress"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._show_lock = threading.Lock()
        self._watches = {}  # (host, task uuid) -> (folder, Watch)
        self._hosts_seen = set()
        self._base = None
        self._stop = threading.Event()
        self._thread = None
        self.clock = time.monotonic
        self.wall = time.time

    def set_options(self, task_keys=None, var_options=None, direct=None):
        super(CallbackModule, self).set_options(task_keys=task_keys, var_options=var_options, direct=direct)
        self.interval = max(1.0, float(self.get_option("interval")))

    # ------------------------------------------------------------------ the task's folder

    def v2_runner_on_start(self, host, task):
        # Sent in the controller right before the task's worker is forked: what os.environ holds now, the module gets.
        if not tracked(getattr(task, "action", None)):
            os.environ.pop(ENV_DIR, None)
            return
        with self._lock:
            if self._base is None:
                self._base = tempfile.mkdtemp(prefix="wxc-progress-")
            folder = tempfile.mkdtemp(dir=self._base)
            self._watches[(host.get_name(), task._uuid)] = (folder, Watch(host.get_name(), task.get_name(), self.clock(), self.wall()))
            self._hosts_seen.add(host.get_name())
        os.environ[ENV_DIR] = folder
        if self._thread is None:
            self._thread = threading.Thread(target=self._poll, name="wxc-progress", daemon=True)
            self._thread.start()

    def _done(self, result):
        key = (result._host.get_name(), result._task._uuid)
        with self._lock:
            entry = self._watches.pop(key, None)
        if entry is None:
            return
        folder, watch = entry
        # The end as the module left it (the poller may not have seen it): the last phase and how long it took.
        self._show(folder, watch, float("inf"), at_end=True)
        shutil.rmtree(folder, ignore_errors=True)

    def v2_runner_on_ok(self, result):
        self._done(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._done(result)

    def v2_runner_on_skipped(self, result):
        self._done(result)

    def v2_runner_on_unreachable(self, result):
        self._done(result)

    def v2_playbook_on_stats(self, stats):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        os.environ.pop(ENV_DIR, None)
        if self._base is not None:
            shutil.rmtree(self._base, ignore_errors=True)

    # ------------------------------------------------------------------ printing

    def _prefix(self, host):
        return "[%s] " % host if len(self._hosts_seen) > 1 else ""

    def _print(self, line):
        self._display.display(line)
        try:
            sys.stdout.flush()  # the default display lets the system flush: a pipe (AWX, CI) would hold the line back
        except (IOError, OSError, ValueError):
            pass

    def _poll(self):
        while not self._stop.wait(POLL_SECONDS):
            with self._lock:
                watches = list(self._watches.values())
            for folder, watch in watches:
                self._show(folder, watch, self.interval)

    def _show(self, folder, watch, interval, at_end=False):
        # One watch is shown by one thread at a time: the poller, or the main thread when its task ends.
        with self._show_lock:
            # The display thread must not die of a bad file or a bug: it would leave the run silent.
            try:
                lines = watch.lines(self.clock(), self.wall(), read_documents(folder), interval, self._prefix(watch.host), at_end)
            except Exception as error:  # pylint: disable=broad-except
                lines = ["wxc.recordings.progress: cannot show the progress of %s: %s" % (watch.task_name, error)]
            for line in lines:
                self._print(line)
