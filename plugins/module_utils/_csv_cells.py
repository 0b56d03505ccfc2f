# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""CSV cells a spreadsheet opens safely: free text never starts a formula.

Internal use only: this module is not part of the collection's public API and may change at any time.

A recording's topic, or a person's or caller's name, is text someone else typed. A CSV cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by spreadsheets (CSV injection), so every CSV the
collection writes prefixes such free text with a quote. Numbers, ids and times are written as they are.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` with a leading quote when it is text a spreadsheet would run as a formula; anything else unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
