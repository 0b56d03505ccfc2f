# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The controller side of ``role_variables_check``: the check runs here, without a module process.

The check reads only its parameters (no file, no request, nothing on the managed host), so running it in the
controller's worker saves each role run the cost of starting a module (about 0.4 s on a small machine) and gives
the same result the module would: both call ``_role_vars.check_role_variables``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.utils.display import Display

from ansible_collections.wxc.recordings.plugins.module_utils._role_vars import ROLE_VARIABLES_ARGUMENT_SPEC, check_role_variables
from ansible_collections.wxc.recordings.plugins.plugin_utils._controller_action import ControllerAction

display = Display()


class ActionModule(ControllerAction):
    ARGUMENT_SPEC = ROLE_VARIABLES_ARGUMENT_SPEC

    def result_of(self, params):
        result = check_role_variables(params)
        # What a module would read from _ansible_check_mode: the task's check mode, the check_mode keyword included.
        result["check_mode"] = bool(self._task.check_mode)
        for row in result.get("deprecated") or []:
            # The warning Ansible shows for a deprecated option, here for a role variable's old name.
            display.deprecated(row["msg"], version="3.0.0", collection_name="wxc.recordings")  # _role_vars.ALIASES_REMOVED_IN
        return result
