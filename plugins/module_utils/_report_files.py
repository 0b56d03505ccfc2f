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

from ansible_collections.wxc.recordings.plugins.module_utils._files import (
    DEFAULT_DIRECTORY_MODE,
    DEFAULT_MODE,
    iter_json_rows,
    make_dirs,
    same_content,
    write_bytes,
    write_pieces_if_changed,
)
from ansible_collections.wxc.recordings.plugins.module_utils._report_csv import render_csv
from ansible_collections.wxc.recordings.plugins.module_utils._report_html import render_html
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import public

FORMATS = ("json", "csv", "html")


def report_paths(dest, name, formats=FORMATS):
    """``[(format, path)]`` of the report files in ``dest``."""
    return [(kind, os.path.join(dest, "%s.%s" % (name, kind))) for kind in formats]


def render_files(report, dest, name, formats=FORMATS, table_limit=1000):
    """Each report file's ``(format, path, content)``, rendered when it is asked for: the files of a report of 70,000
    rows are never in memory together. The JSON (one row per line) comes as text pieces, streamed to the file."""
    for kind, path in report_paths(dest, name, formats):
        if kind == "json":
            yield kind, path, iter_json_rows(public(report))
            continue
        if kind == "csv":
            text = render_csv(report)
        else:
            text = render_html(report, table_limit=table_limit)
        yield kind, path, text.encode("utf-8")


def write_files(files, mode=DEFAULT_MODE):
    """Write the rendered ``files`` atomically with ``mode``; True if any was created or changed (content or mode)."""
    changed = False
    for _kind, path, data in files:
        if not isinstance(data, bytes):
            changed = write_pieces_if_changed(path, data, mode) or changed
            continue
        if same_content(path, data) and stat.S_IMODE(os.stat(path).st_mode) == mode:
            continue
        write_bytes(path, data, mode)
        changed = True
    return changed


def write_report(report, dest, name, formats=FORMATS, mode=DEFAULT_MODE, table_limit=1000):
    """Write the report files; returns ``{format: path}``."""
    write_files(render_files(report, dest, name, formats=formats, table_limit=table_limit), mode)
    return dict(report_paths(dest, name, formats))


def write_into(module, files, dest, mode, option="dest"):
    """Write the rendered ``files`` into ``dest`` (made 0700 when missing); True if any was created or changed. A
    failed write fails the module naming ``option``."""
    try:
        make_dirs(dest, mode=DEFAULT_DIRECTORY_MODE)
        return write_files(files, mode)
    except (IOError, OSError) as error:
        module.fail_json(msg="cannot write the report into %s: %s" % (dest, error), option=option)


def write_and_exit(module, report, files, mode, summary, lines_of):
    """The end of a report module: write the rendered ``files`` into ``dest`` and exit with the paths, ``summary`` and
    the message (``lines_of(report, paths)``); a failed write fails naming ``dest``."""
    params = module.params
    changed = write_into(module, files, params["dest"], mode)
    paths = dict(report_paths(params["dest"], params["name"], params["formats"]))
    lines = lines_of(report, paths)
    module.exit_json(changed=changed, files=paths, summary=summary, message="\n".join(lines), message_lines=lines)
