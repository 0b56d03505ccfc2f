# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Each module states its own support level for these; the fragments only describe what they mean.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return what would change, without changing anything.
  diff_mode:
    description: Returns details of what changed (or would change in check mode) when run in diff mode.
  idempotent:
    description: Running the task again with the same input, against the state it produced, reports no change.
"""

    ACTION_GROUP = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/wxc.recordings.recordings) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - wxc.recordings.recordings
"""
