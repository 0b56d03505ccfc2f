# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Stream one download link to disk: ``.part`` file, sha256 and size while streaming, atomic rename.

Internal use only: this module is not part of the collection's public API and may change at any time.

It imports nothing from Ansible. A file only ever appears under its final name complete and checked: it is
written through the file layer (``_files.AtomicFile``: ``<name>.part`` first, removed again on any failure).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import urlsplit

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._files import CHUNK_SIZE, DEFAULT_MODE, AtomicFile

try:
    import requests

    STREAM_ERRORS = (requests.exceptions.RequestException,)
except ImportError:  # pragma: no cover - the client reports the missing library
    STREAM_ERRORS = ()

# A download link that has expired answers 403 (docs/webex-api.md 10: links last 3 h); some servers say 410 Gone.
EXPIRED_STATUSES = frozenset((403, 410))
# A body cut short or a connection reset mid-stream is worth another try; these many attempts in all.
STREAM_ATTEMPTS = 3
# With a ``progress`` hook, read in smaller pieces: a slow link still moves the figures every few seconds (at
# 100 kB/s, every 1.3 s; with 1 MiB pieces every 10 s), and a single large file never looks hung.
PROGRESS_CHUNK_SIZE = 128 * 1024


class DownloadError(Exception):
    """One artefact could not be downloaded.

    ``expired`` says the link was refused as expired (fetch the details again for a new one);
    ``retryable`` says the transfer broke off and the same link may simply be tried again.
    The message never contains the link itself: a direct link downloads without any token until it expires.
    """

    def __init__(self, message, status=None, expired=False, retryable=False, tracking_id=None):
        super(DownloadError, self).__init__(message)
        self.message = message
        self.status = status
        self.expired = expired
        self.retryable = retryable
        self.tracking_id = tracking_id


def stream_to_file(client, url, path, with_auth=False, mode=DEFAULT_MODE, label="file", chunk_size=CHUNK_SIZE, progress=None):
    """Download ``url`` into ``path``; return ``(bytes, sha256)``.

    The body goes to ``path.part`` (created with ``mode``, whatever the umask), is hashed while it streams,
    and its length is compared with ``Content-Length``; only a complete body is renamed to ``path``.
    Any failure removes the ``.part`` file and raises ``DownloadError``; ``label`` names the link in messages.
    ``progress(n)`` is told each chunk's bytes as they arrive, and ``-n`` for the bytes of an attempt given up.
    """
    try:
        response = client.download(url, with_auth=with_auth)
    except WebexError as error:
        raise _error_from_webex(client, error, url, label) from None
    if progress is not None:
        chunk_size = min(chunk_size, PROGRESS_CHUNK_SIZE)
    try:
        expected = _content_length(response)
        output = AtomicFile(path, mode)
        try:
            try:
                for chunk in response.iter_content(chunk_size=chunk_size):
                    if chunk:
                        output.write(chunk)
                        if progress is not None:
                            progress(len(chunk))
            except STREAM_ERRORS as exc:
                raise DownloadError(
                    "%s download broke off after %d bytes: %s" % (label, output.size, _scrub(client, exc, url, label)),
                    retryable=True,
                ) from None
            if expected is not None and output.size != expected:
                raise DownloadError(
                    "%s download incomplete: received %d bytes, Content-Length announced %d; the file was not kept" % (label, output.size, expected),
                    retryable=True,
                )
        except BaseException:
            if progress is not None:
                progress(-output.size)
            output.discard()
            raise
        return output.commit()
    finally:
        response.close()


def download_with_retries(client, url, path, with_auth=False, mode=DEFAULT_MODE, label="file", attempts=STREAM_ATTEMPTS, progress=None):
    """``stream_to_file`` again after a transfer that broke off (the client already retried the request itself)."""
    attempt = 0
    while True:
        try:
            return stream_to_file(client, url, path, with_auth=with_auth, mode=mode, label=label, progress=progress)
        except DownloadError as error:
            attempt += 1
            if not error.retryable or attempt >= attempts:
                raise
            client.sleep(min(client.retry_max_wait, 0.5 * (2**attempt)))


# ---------------------------------------------------------------------- helpers


def _content_length(response):
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("", "identity"):
        # requests decodes the body; Content-Length then counts the encoded bytes and cannot be compared.
        return None
    value = response.headers.get("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _scrub(client, text, url, label):
    """Drop the link (whole, without its query, or just its path, as urllib3 quotes it) from an error text."""
    text = client.redact(text)
    if url:
        placeholder = "<%s link>" % label
        path = urlsplit(url).path
        for part in (url, url.split("?", 1)[0], path):
            if part and part != "/":
                text = text.replace(part, placeholder)
    return text


def _error_from_webex(client, error, url, label):
    # The client's message names the request path, which for a download is the signed link: leave it out.
    text = "%s download failed" % label
    if error.status is not None:
        text += " with HTTP %s" % error.status
    text += ": " + _scrub(client, error.message or "no message", url, label)
    if error.tracking_id:
        text += " [trackingId: %s]" % error.tracking_id
    return DownloadError(
        text,
        status=error.status,
        expired=error.status in EXPIRED_STATUSES,
        # The client already repeated the request as often as its retries allow.
        retryable=False,
        tracking_id=error.tracking_id,
    )
