# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The controller side of ``recording_fleet_status``: the status file is written here, without a module process.

The fleet report (``recording_fleet_report`` on localhost) reads these files on the controller, and a fleet run
works on every org from the controller, so the controller is where they belong. Writing them here spares each org
three module processes (the removal, and ``copy``'s ``stat`` and ``copy``), which is most of a fleet run's CPU
beyond the roles'.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.wxc.recordings.plugins.module_utils._fleet import FLEET_STATUS_ARGUMENT_SPEC, fleet_status_result


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        dummy, params = self.validate_argument_spec(argument_spec=FLEET_STATUS_ARGUMENT_SPEC, required_if=[("state", "present", ("status",))])
        result.update(fleet_status_result(params))
        return result
