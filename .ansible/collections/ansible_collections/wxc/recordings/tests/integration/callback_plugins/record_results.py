# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: record_results
type: aggregate
short_description: Write every task result to a JSON file, for the integration tests
description:
  - Test helper, not shipped for users. Writes a list of C({task, host, status, result}) to the file named by
    E(WXC_RESULTS_FILE) when the playbook ends. Results are the same, already censored, objects other callbacks see.
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "record_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.results = []

    def _record(self, status, result):
        self.results.append(
            {
                "task": result._task.get_name(),
                "host": result._host.get_name(),
                "status": status,
                "result": self._strip_internal(result._result),
            }
        )

    @staticmethod
    def _strip_internal(value):
        return dict((k, v) for k, v in value.items() if not k.startswith("_ansible"))

    def v2_runner_on_ok(self, result):
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record("failed", result)

    def v2_runner_on_skipped(self, result):
        self._record("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._record("unreachable", result)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("WXC_RESULTS_FILE")
        if path:
            with open(path, "w") as handle:
                json.dump(self.results, handle, default=str)
