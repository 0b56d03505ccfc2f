# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The archive's layout: which artefacts a recording has, and where each one goes under ``dest``.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure: plain data in and out, no I/O, nothing from Ansible. One base path per recording, rendered from
``path_template`` (``render_path``), and beside it one file per artefact: ``<base>.mp3``, ``<base>.transcript.vtt``,
``<base>.suggested_notes.html``, ``<base>.short_notes.html``, ``<base>.action_items.html``, ``<base>.metadata.json``.
``manifest.json`` and ``manifest.csv`` sit in ``dest`` itself (``_manifest``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath
import re
import string
import unicodedata
from datetime import timezone

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError

DEFAULT_PATH_TEMPLATE = "{owner_email}/{year}/{month}/{date}_{id}"
TEMPLATE_FIELDS = ("id", "owner_email", "owner_id", "owner_type", "topic", "year", "month", "day", "date", "time")

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
MANIFEST_LOCK = "manifest.lock"

METADATA = "metadata"
# kind, field of temporaryDirectDownloadLinks, file suffix (None: from the recording's format), needs the bearer token
ARTEFACTS = (
    ("audio", "audioDownloadLink", None, False),
    ("transcript", "transcriptDownloadLink", ".transcript.vtt", False),
    ("suggested_notes", "suggestedNotesDownloadLink", ".suggested_notes.html", True),
    ("short_notes", "shortNotesDownloadLink", ".short_notes.html", True),
    ("action_items", "actionItemsDownloadLink", ".action_items.html", True),
)
ARTEFACT_KINDS = tuple(a[0] for a in ARTEFACTS) + (METADATA,)
LINK_FIELD = dict((a[0], a[1]) for a in ARTEFACTS)
NEEDS_AUTH = dict((a[0], a[3]) for a in ARTEFACTS)
METADATA_SUFFIX = ".metadata.json"

# Field values longer than this (in UTF-8 bytes) are cut: file names stay far below the usual 255-byte limit.
MAX_FIELD_BYTES = 100
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WINDOWS_RESERVED = frozenset(["CON", "PRN", "AUX", "NUL"] + ["COM%d" % i for i in range(1, 10)] + ["LPT%d" % i for i in range(1, 10)])


def get_timezone(name):
    """A tzinfo for an IANA name (``Europe/Berlin``); ``UTC`` needs no time zone database."""
    if not name or name.upper() in ("UTC", "Z", "ETC/UTC"):
        return timezone.utc
    zone = None
    try:
        from zoneinfo import ZoneInfo  # Python 3.9+
    except ImportError:  # pragma: no cover - Python 3.8
        ZoneInfo = None
    if ZoneInfo is not None:
        try:
            zone = ZoneInfo(name)
        except Exception:  # pylint: disable=broad-except
            zone = None
    else:  # pragma: no cover - Python 3.8
        try:
            from dateutil import tz
        except ImportError:
            raise OptionError("timezone", "time zone %r needs Python 3.9+ or python-dateutil; only UTC works without them" % name) from None
        zone = tz.gettz(name)
    if zone is None:
        raise OptionError("timezone", "timezone: unknown time zone %r: give an IANA name such as 'Europe/Berlin' or 'UTC'" % name)
    return zone


# ---------------------------------------------------------------------- path template


def sanitize(value, max_bytes=MAX_FIELD_BYTES):
    """One template field made safe as (part of) a file or folder name on Linux, macOS and Windows.

    Path separators, control and reserved characters become ``_``, runs of white space one space,
    leading and trailing dots and spaces go (no hidden files, no ``..``), and long values are cut
    at a character boundary. An empty result is ``_``.
    """
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = re.sub(r"\s+", " ", text)
    text = _UNSAFE_CHARS.sub("_", text).strip(" .")
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        text = encoded[:max_bytes].decode("utf-8", "ignore").rstrip(" .")
    if not text:
        return "_"
    if text.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text


def validate_template(template):
    """Raise ``OptionError`` (``path_template``) unless ``template`` is a relative path template that names each recording apart."""
    if not template or not template.strip():
        raise OptionError("path_template", "path_template must not be empty")
    if template.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", template):
        raise OptionError("path_template", "path_template must be relative to dest, got %r" % template)
    if "\\" in template:
        raise OptionError("path_template", "path_template separates folders with '/', not '\\'")
    fields = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise OptionError("path_template", "path_template %r is not valid: %s" % (template, exc)) from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in TEMPLATE_FIELDS:
            known = ", ".join("{%s}" % f for f in TEMPLATE_FIELDS)
            raise OptionError("path_template", "path_template field {%s} is unknown; the fields are: %s" % (field, known))
        if spec or conversion:
            raise OptionError("path_template", "path_template field {%s} takes no format spec or conversion" % field)
        fields.add(field)
    if "id" not in fields:
        raise OptionError("path_template", "path_template must contain {id}, so that two recordings never share a file name")
    for component in template.split("/"):
        if component.strip() in ("", ".", ".."):
            raise OptionError("path_template", "path_template %r has an empty, '.' or '..' folder" % template)
    return template


def template_fields(recording, tz):
    """The values a path template may use, sanitized; dates are the createTime in ``tz``."""
    created = parse_datetime(recording.get("createTime")).astimezone(tz)
    raw = {
        "id": recording.get("id"),
        "owner_email": recording.get("ownerEmail") or "unknown-owner",
        "owner_id": recording.get("ownerId") or "unknown-owner",
        "owner_type": recording.get("ownerType") or "unknown",
        "topic": recording.get("topic") or "untitled",
        "year": "%04d" % created.year,
        "month": "%02d" % created.month,
        "day": "%02d" % created.day,
        "date": created.strftime("%Y-%m-%d"),
        "time": created.strftime("%H%M%S"),
    }
    return dict((key, sanitize(value)) for key, value in raw.items())


def render_path(template, recording, tz):
    """The recording's base path under dest (``/``-separated, relative): files add their suffix to it."""
    rendered = template.format(**template_fields(recording, tz))
    components = [sanitize(component, max_bytes=200) for component in rendered.split("/")]
    return "/".join(components)


def artefact_suffix(kind, recording):
    if kind == METADATA:
        return METADATA_SUFFIX
    for name, _field, suffix, _auth in ARTEFACTS:
        if name == kind:
            if suffix is None:
                return "." + sanitize((recording.get("format") or "mp3").lower())
            return suffix
    raise KeyError(kind)


def safe_relative(path):
    """``path`` if it is a normalized relative ``/`` path inside dest, else None (an untrusted manifest row)."""
    if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    normalized = posixpath.normpath(path)
    if normalized != path or normalized.startswith("..") or normalized in (".", MANIFEST_JSON, MANIFEST_CSV):
        return None
    return path
