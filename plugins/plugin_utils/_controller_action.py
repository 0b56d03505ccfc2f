# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A module that runs on the controller: validate the arguments, call one function, return its result.

Internal use only: this module is not part of the collection's public API and may change at any time.

For the collection's modules whose work needs nothing of the managed host (``role_variables_check``,
``recording_fleet_status``): their action plugin runs the same function their module calls, in the controller's
worker, which saves the module process (about 0.4 s each on a small machine).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase


class ControllerAction(ActionBase):
    """Subclasses set ``ARGUMENT_SPEC`` (and ``REQUIRED_IF``) and implement ``result_of(params)``."""

    TRANSFERS_FILES = False
    _requires_connection = False
    ARGUMENT_SPEC = {}
    REQUIRED_IF = ()

    def run(self, tmp=None, task_vars=None):
        result = super(ControllerAction, self).run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        # Fails the task naming the parameter on a wrong type or a missing required one, as the module would.
        dummy, params = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC, required_if=list(self.REQUIRED_IF))
        result.update(self.result_of(params))
        return result

    def result_of(self, params):
        raise NotImplementedError
