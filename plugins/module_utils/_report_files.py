# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Run reports on disk: ``<name>.json``, ``<name>.csv`` and ``<name>.html`` in a folder, through the file layer.

Internal use only: this module is not part of the collection's public API and may change at any time.

A file whose bytes and mode are already what the report would write is left alone; ``write_files`` tells whether
any file was created or changed (the module's ``changed``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

from ansible_collections.wxc.recordings.plugins.module_utils._files import DEFAULT_MODE, json_text, same_content, write_bytes
from ansible_collections.wxc.recordings.plugins.module_utils._report_csv import render_csv
from ansible_collections.wxc.recordings.plugins.module_utils._report_html import render_html
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import public

FORMATS = ("json", "csv", "html")


def render_files(report, dest, name, formats=FORMATS, table_limit=1000):
    """``[(format, path, bytes)]``: each report file's path in ``dest`` and its content."""
    files = []
    for kind in formats:
        if kind == "json":
            text = json_text(public(report))
        elif kind == "csv":
            text = render_csv(report)
        else:
            text = render_html(report, table_limit=table_limit)
        files.append((kind, os.path.join(dest, "%s.%s" % (name, kind)), text.encode("utf-8")))
    return files


def write_files(files, mode=DEFAULT_MODE):
    """Write the rendered ``files`` atomically with ``mode``; True if any was created or changed (content or mode)."""
    changed = False
    for _kind, path, data in files:
        if same_content(path, data) and stat.S_IMODE(os.stat(path).st_mode) == mode:
            continue
        write_bytes(path, data, mode)
        changed = True
    return changed


def write_report(report, dest, name, formats=FORMATS, mode=DEFAULT_MODE, table_limit=1000):
    """Write the report files; returns ``{format: path}``."""
    files = render_files(report, dest, name, formats=formats, table_limit=table_limit)
    write_files(files, mode)
    return dict((kind, path) for kind, path, _data in files)
