# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The collection's exceptions for problems found in the input or on disk, in one place.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure: no imports. Failures talking to Webex are ``_client.WebexError``, a failed download ``_download.DownloadError``
and a token that could not be minted ``_orgs.MintError``: those carry an HTTP status, a trackingId or the org, and are
raised while a run talks to Webex, not by checking the input.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class OptionError(ValueError):
    """Bad input, found before any request: ``option`` names the module option, role variable or file option.

    ``message`` is what the person reads, and names the option itself (``"concurrency must be 1 or more, got 0"``);
    the glue fails the task with ``msg=message`` and ``option=option``.
    """

    def __init__(self, option, message):
        super(OptionError, self).__init__(message)
        self.option = option
        self.message = message


class ArchiveError(Exception):
    """The archive run refuses to go on, for a reason found while it runs rather than in its options.

    An unreadable or foreign manifest in ``dest`` (never overwritten blindly), or a token that receives no download
    links (known only after the recordings were listed): neither names an option that is wrong, so neither is an
    ``OptionError``.
    """
