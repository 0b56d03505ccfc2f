# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Stream one download link to disk: ``.part`` file, sha256 and size while streaming, atomic rename.

Internal use only: this module is not part of the collection's public API and may change at any time.

It imports nothing from Ansible. A file only ever appears under its final name complete and checked:
everything is written to ``<name>.part`` first, which is removed again on any failure.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
from urllib.parse import urlsplit

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError

try:
    import requests

    STREAM_ERRORS = (requests.exceptions.RequestException,)
except ImportError:  # pragma: no cover - the client reports the missing library
    STREAM_ERRORS = ()

CHUNK_SIZE = 1024 * 1024
PART_SUFFIX = ".part"
# A download link that has expired answers 403 (docs/webex-api.md 10: links last 3 h); some servers say 410 Gone.
EXPIRED_STATUSES = frozenset((403, 410))
# A body cut short or a connection reset mid-stream is worth another try; these many attempts in all.
STREAM_ATTEMPTS = 3


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


def part_path(path):
    return path + PART_SUFFIX


def file_digest(path, chunk_size=CHUNK_SIZE):
    """``(size, sha256 hex)`` of a file on disk."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(chunk_size)
            if not chunk:
                break
            size += len(chunk)
            digest.update(chunk)
    return size, digest.hexdigest()


def check_file(path, expected_bytes, expected_sha256):
    """``"verified"``, ``"missing"`` or ``"mismatch"`` for a file expected with this size and sha256.

    The size is compared first, so a truncated file is found without reading it.
    """
    try:
        size = os.stat(path).st_size
    except OSError:
        return "missing"
    if expected_bytes is None or size != expected_bytes or not expected_sha256:
        return "mismatch"
    try:
        _size, digest = file_digest(path)
    except (IOError, OSError):
        return "missing"
    return "verified" if digest == expected_sha256 else "mismatch"


def write_file_atomic(path, data, mode):
    """Write ``data`` (bytes) to ``path`` through ``path.part`` and a rename; return ``(size, sha256)``."""
    part = part_path(path)
    try:
        with _open_part(part, mode) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, path)
    except BaseException:
        _remove_quietly(part)
        raise
    return len(data), hashlib.sha256(data).hexdigest()


def stream_to_file(client, url, path, with_auth=False, mode=0o600, label="file", chunk_size=CHUNK_SIZE):
    """Download ``url`` into ``path``; return ``(bytes, sha256)``.

    The body goes to ``path.part`` (created with ``mode``, whatever the umask), is hashed while it streams,
    and its length is compared with ``Content-Length``; only a complete body is renamed to ``path``.
    Any failure removes the ``.part`` file and raises ``DownloadError``; ``label`` names the link in messages.
    """
    try:
        response = client.download(url, with_auth=with_auth)
    except WebexError as error:
        raise _error_from_webex(client, error, url, label) from None
    part = part_path(path)
    try:
        expected = _content_length(response)
        digest = hashlib.sha256()
        size = 0
        with _open_part(part, mode) as handle:
            try:
                for chunk in response.iter_content(chunk_size=chunk_size):
                    if not chunk:
                        continue
                    digest.update(chunk)
                    handle.write(chunk)
                    size += len(chunk)
            except STREAM_ERRORS as exc:
                raise DownloadError(
                    "%s download broke off after %d bytes: %s" % (label, size, _scrub(client, exc, url, label)),
                    retryable=True,
                ) from None
            handle.flush()
            os.fsync(handle.fileno())
        if expected is not None and size != expected:
            raise DownloadError(
                "%s download incomplete: received %d bytes, Content-Length announced %d; the file was not kept" % (label, size, expected),
                retryable=True,
            )
        os.replace(part, path)
        return size, digest.hexdigest()
    except BaseException:
        _remove_quietly(part)
        raise
    finally:
        response.close()


def download_with_retries(client, url, path, with_auth=False, mode=0o600, label="file", attempts=STREAM_ATTEMPTS):
    """``stream_to_file`` again after a transfer that broke off (the client already retried the request itself)."""
    attempt = 0
    while True:
        try:
            return stream_to_file(client, url, path, with_auth=with_auth, mode=mode, label=label)
        except DownloadError as error:
            attempt += 1
            if not error.retryable or attempt >= attempts:
                raise
            client.sleep(min(client.retry_max_wait, 0.5 * (2**attempt)))


def remove_stale_part(path):
    """Remove a ``.part`` left behind by an interrupted earlier run (it is never trusted)."""
    _remove_quietly(part_path(path))


# ---------------------------------------------------------------------- helpers


def _open_part(part, mode):
    # O_NOFOLLOW: a symlink planted as "<name>.part" does not redirect the write elsewhere.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(part, flags, mode)
    try:
        os.fchmod(fd, mode)  # os.open's mode is filtered by the umask; the option's mode is meant exactly
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "wb")


def _remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        pass


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
