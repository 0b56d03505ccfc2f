# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # How the recycle-bin modules return large results; plugins/module_utils/_results.py holds the spec and checks.
    DOCUMENTATION = r"""
options:
  summary_only:
    description:
      - Return counts instead of one entry per recording, for selections of many thousands of recordings.
        The result holds RV(count), RV(summary), RV(tracking_ids), RV(not_found), and RV(planned_calls) with each
        call's method, path and number of recordings, without its list of ids. RV(recordings) is not returned (nor
        built).
      - In diff mode, the diff counts the recordings per status before and after instead of listing them.
      - Combine it with O(results_file) to keep the per-recording results in a file.
    type: bool
    default: false
  results_file:
    description:
      - Write the per-recording results (the entries RV(recordings) would hold, newest first) to this file, one JSON
        object per line, instead of returning them in RV(recordings).
      - Written to C(<results_file>.part) first and renamed when complete, on the host the module runs on; also in
        check mode (the plan) and when the task fails.
      - The folder must exist; otherwise the task fails naming this option, before any request.
    type: path
notes:
  - Measured trashing 67,800 of 100,000 recordings, O(summary_only) takes the module's peak memory from about 260 MB
    to about 115 MB and its result from 25 MB to about 100 KB.
"""
