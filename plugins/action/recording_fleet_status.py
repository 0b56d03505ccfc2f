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

from ansible_collections.wxc.recordings.plugins.module_utils._fleet import FLEET_STATUS_ARGUMENT_SPEC, fleet_status_result
from ansible_collections.wxc.recordings.plugins.plugin_utils._controller_action import ControllerAction


class ActionModule(ControllerAction):
    ARGUMENT_SPEC = FLEET_STATUS_ARGUMENT_SPEC
    REQUIRED_IF = (("state", "present", ("status",)),)

    def result_of(self, params):
        return fleet_status_result(params)
