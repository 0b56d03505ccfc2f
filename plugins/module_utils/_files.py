# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The file layer: every file the collection writes goes through here.

Internal use only: this module is not part of the collection's public API and may change at any time.

One way to write: ``AtomicFile`` writes ``<path>.part`` in the same folder (``O_NOFOLLOW``: a symlink planted under
that name does not redirect the write), sets the mode explicitly (``fchmod``, whatever the umask), and on ``commit``
flushes, fsyncs and renames it over ``path``; on ``discard`` or any failure it removes the ``.part`` file. A file
therefore appears under its final name only complete, and never readable by others unless a mode says so.
The ``.part`` name is fixed (not random) so that a run killed mid-write leaves a file the next run recognises and
removes (``remove_stale_part``). One default mode, ``DEFAULT_MODE`` (0600): the files hold owners' emails and topics.

Also here: ``parse_mode`` (the ``mode`` options), folders created with an explicit mode, and reading files back
(digest, JSON lines). Nothing here imports Ansible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import re
import stat

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError

DEFAULT_MODE = 0o600
DEFAULT_DIRECTORY_MODE = 0o700
PART_SUFFIX = ".part"
CHUNK_SIZE = 1024 * 1024
_OCTAL = re.compile(r"^0?[oO]?[0-7]{1,4}$")


def parse_mode(value, default=DEFAULT_MODE, option="mode"):
    """A file mode from an option, as ``ansible.builtin.file`` reads one.

    An int is the mode itself: unquoted ``mode: 0644`` in YAML 1.1 is already the int 420 (``0o644``). A string is
    octal, with or without a leading ``0`` or ``0o``: ``'0600'``, ``'600'``, ``'0o600'``. None gives ``default``.
    """
    if value is None:
        return default
    if isinstance(value, bool):
        raise OptionError(option, "%s: %r is not a file mode; give an octal string such as '0600'" % (option, value))
    if isinstance(value, int):
        mode = value
    else:
        text = str(value).strip()
        if not _OCTAL.match(text):
            raise OptionError(option, "%s: %r is not an octal file mode such as '0600'" % (option, value))
        mode = int(text.replace("o", "").replace("O", ""), 8)
    if not 0 <= mode <= 0o7777:
        raise OptionError(option, "%s: %r is out of range (0000 to 07777)" % (option, value))
    return mode


# ---------------------------------------------------------------------- writing


def part_path(path):
    """Where ``path`` is written before it is complete."""
    return path + PART_SUFFIX


def remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        pass


def remove_stale_part(path):
    """Remove a ``.part`` left behind by an interrupted earlier run (it is never trusted)."""
    remove_quietly(part_path(path))


# json.dumps(value, sort_keys=True) makes a new encoder on each call; one made once writes the same text, a fifth
# faster over the 70,000 rows of a large plan, results file or report.
_encode_sorted = json.JSONEncoder(sort_keys=True).encode


class AtomicFile:
    """``path`` written through ``<path>.part``: ``write``, then ``commit`` or ``discard``.

    ``text``: ``write`` takes str (written as UTF-8), else bytes; anything else raises ``TypeError`` and discards.
    Counts the bytes and their sha256 as they are written (``size``, ``hexdigest()``). As a context manager it
    commits on success and discards on any exception.
    """

    def __init__(self, path, mode=DEFAULT_MODE, text=False):
        self.path = path
        self.text = text
        self.part = part_path(path)
        self.mode = DEFAULT_MODE if mode is None else mode
        self.size = 0
        self._digest = hashlib.sha256()
        # O_NOFOLLOW: a symlink planted as "<name>.part" does not redirect the write elsewhere.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(self.part, flags, self.mode)
        try:
            os.fchmod(fd, self.mode)  # os.open's mode is filtered by the umask; the mode is meant exactly
        except BaseException:
            os.close(fd)
            remove_quietly(self.part)
            raise
        self.handle = os.fdopen(fd, "wb")

    def write(self, data):
        """Write ``data``: str for a text file, else bytes."""
        try:
            if not isinstance(data, str if self.text else bytes):
                raise TypeError("%s takes %s, not %s" % (self.path, "str" if self.text else "bytes", type(data).__name__))
            if self.text:
                data = data.encode("utf-8")
            self.handle.write(data)
        except BaseException:
            self.discard()
            raise
        self._digest.update(data)
        self.size += len(data)

    def hexdigest(self):
        return self._digest.hexdigest()

    def commit(self):
        """Flush, fsync and rename the ``.part`` file over ``path``; returns ``(size, sha256)``."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.part, self.path)
        except BaseException:
            self.discard()
            raise
        return self.size, self.hexdigest()

    def discard(self):
        """Drop what was written; ``path`` stays as it was."""
        if not self.handle.closed:
            self.handle.close()
        remove_quietly(self.part)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is None:
            self.commit()
        else:
            self.discard()
        return False


class JsonLinesFile(AtomicFile):
    """One JSON object per line, streamed: a results or inventory file of any size never sits in memory."""

    def __init__(self, path, mode=DEFAULT_MODE):
        super(JsonLinesFile, self).__init__(path, mode, text=True)

    def write(self, data):
        """Write one object (``data``) as a line."""
        try:
            line = _encode_sorted(data) + "\n"
        except BaseException:
            self.discard()
            raise
        super(JsonLinesFile, self).write(line)

    def write_encoded(self, line):
        """Write one object already encoded as JSON (``line``, without its newline): encoded where it was cheaper,
        in the worker that fetched it, say."""
        super(JsonLinesFile, self).write(line + "\n")


def iter_json_rows(document):
    """``document`` (a mapping) as JSON text, in pieces: each top-level key on its own line, each item of a top-level
    list on its own line, keys sorted. Readable by a person, streamed by a program, and fast: each item goes through
    the C encoder (``json_text``'s indentation uses the pure-Python one, 10 times slower on a 70,000-entry plan)."""
    keys = sorted(document)
    yield "{\n"
    for index, key in enumerate(keys):
        value = document[key]
        tail = ",\n" if index < len(keys) - 1 else "\n"
        if isinstance(value, list) and value:
            yield "  %s: [\n" % json.dumps(key)
            last = len(value) - 1
            for position, item in enumerate(value):
                yield "    %s%s" % (_encode_sorted(item), ",\n" if position < last else "\n")
            yield "  ]" + tail
        else:
            yield "  %s: %s%s" % (json.dumps(key), _encode_sorted(value), tail)
    yield "}\n"


def write_json_rows(path, document, mode=DEFAULT_MODE):
    """Write ``document`` as ``iter_json_rows`` does, straight to the file (never the whole text in memory)."""
    with AtomicFile(path, mode, text=True) as output:
        for piece in iter_json_rows(document):
            output.write(piece)
    return path


def write_bytes(path, data, mode=DEFAULT_MODE):
    """Write ``data`` to ``path`` atomically; returns ``(size, sha256)``."""
    output = AtomicFile(path, mode)
    output.write(data)
    return output.commit()


def write_text(path, text, mode=DEFAULT_MODE):
    """Write ``text`` (UTF-8) to ``path`` atomically; returns ``(size, sha256)``."""
    output = AtomicFile(path, mode, text=True)
    output.write(text)
    return output.commit()


def json_text(document, ensure_ascii=True):
    """The collection's JSON file format: indented, keys sorted, one final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=ensure_ascii) + "\n"


def write_json(path, document, mode=DEFAULT_MODE, ensure_ascii=True):
    """Write ``document`` as JSON (``json_text``) to ``path`` atomically; returns ``(size, sha256)``."""
    return write_text(path, json_text(document, ensure_ascii=ensure_ascii), mode)


def same_content(path, data):
    """Does ``path`` exist with exactly ``data`` (bytes)?"""
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except (IOError, OSError):
        return False


def write_pieces_if_changed(path, pieces, mode=DEFAULT_MODE):
    """Write the text ``pieces`` to ``path`` atomically, unless ``path`` already holds exactly that text with
    ``mode``; returns whether the file was created or changed. The text is streamed, never whole in memory."""
    output = AtomicFile(path, mode, text=True)
    for piece in pieces:
        output.write(piece)
    try:
        unchanged = os.path.exists(path) and stat.S_IMODE(os.stat(path).st_mode) == mode and file_digest(path) == (output.size, output.hexdigest())
    except (IOError, OSError):
        unchanged = False
    if unchanged:
        output.discard()
        return False
    output.commit()
    return True


# ---------------------------------------------------------------------- folders


def make_dirs(top, components=(), mode=DEFAULT_DIRECTORY_MODE):
    """Create ``top`` and the folders ``components`` below it that are missing, each with ``mode`` (umask or not).

    Missing parents of ``top`` are created by ``os.makedirs`` with ``mode`` (less what the umask removes). Another
    process creating one of the folders at the same time is fine.
    """
    path = top
    if not os.path.isdir(path):
        parent = os.path.dirname(path)
        if parent and not os.path.isdir(parent):
            os.makedirs(parent, mode, exist_ok=True)
        _mkdir(path, mode)
    for component in components:
        path = os.path.join(path, component)
        if not os.path.isdir(path):
            _mkdir(path, mode)
    return path


def _mkdir(path, mode):
    try:
        os.mkdir(path, mode)
    except OSError:
        if os.path.isdir(path):  # another worker made it meanwhile
            return
        raise
    os.chmod(path, mode)


# ---------------------------------------------------------------------- reading


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


def check_output_path(path, option, create_folders=False):
    """Raise ``OptionError`` naming ``option`` when ``path`` cannot be written as a file (checked before any request).

    None passes. ``create_folders`` creates its missing folders first (``make_dirs``, mode 0700).
    """
    if path is None:
        return
    folder = os.path.dirname(os.path.abspath(path))
    if create_folders and not os.path.exists(folder):
        make_dirs(folder)
    if not os.path.isdir(folder):
        raise OptionError(option, "%s: folder %s does not exist" % (option, folder))
    if os.path.isdir(path):
        raise OptionError(option, "%s: %s is a folder, not a file" % (option, path))


def read_json(path, option):
    """The JSON document of ``path``; errors name ``option``, the option that gave the path (``OptionError``)."""
    try:
        with open(path) as handle:
            return json.load(handle)
    except (IOError, OSError) as error:
        raise OptionError(option, "%s: cannot read %s: %s" % (option, path, error)) from None
    except ValueError as error:
        raise OptionError(option, "%s: %s is not valid JSON: %s" % (option, path, error)) from None


def read_json_lines(path):
    """The objects of a JSON lines file, one at a time (blank lines skipped)."""
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if line:
                yield json.loads(line)
