# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Progress of long steps; plugins/module_utils/_progress.py holds the spec, the writer and the arithmetic.
    DOCUMENTATION = r"""
options:
  progress_file:
    description:
      - While the task runs, keep this JSON file up to date with its progress, for people watching a long run -
        C(phase), C(done) and C(total) recordings, C(bytes_done) and C(bytes_total) (counted while each download
        streams, so a single large file moves the figures too), C(calls_done) and C(calls_total), the rate, C(eta_seconds)
        and a readable C(line).
      - Replaced atomically at most every 2 seconds, at once when a phase starts and when the task ends (then
        C(finished=true)); mode 0600. A file that cannot be written is skipped silently, never failing the task.
      - In check mode the steps that still run (listing, checking an archive) keep it up to date too. It describes
        the task while it runs and changes nothing the module manages; it never counts towards C(changed).
      - Independently of this option, the module also writes its progress to C($WXC_PROGRESS_DIR/<pid>.json) when
        that folder exists; the callback plugin C(wxc.recordings.progress) sets it for each task and prints the progress
        at least every 10 seconds.
    type: path
notes:
  - "To see progress lines while the task runs, enable the callback: C(callbacks_enabled = wxc.recordings.progress)
    in C(ansible.cfg), or C(ANSIBLE_CALLBACKS_ENABLED=wxc.recordings.progress) in the environment (in AWX, the job
    template's or the global extra environment variables)."
"""
