# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The review message about one recording (markdown and text, within Webex's size limit), and the notes it quotes.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure functions of plain data, table-tested (tests/unit/plugins/module_utils/test_review.py). The rules and what they
matched are in ``_review``; ``render_message`` takes its matches as ``[(rule, reasons)]``, where a rule only needs a
``name`` and each reason a ``text`` (and maybe a ``snippet``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from datetime import timedelta, timezone
from html import unescape

from ansible_collections.wxc.recordings.plugins.module_utils._dates import parse_datetime

# Webex's limit for each of ``text`` and ``markdown`` of one message (POST /messages), in bytes (UTF-8).
MESSAGE_LIMIT_BYTES = 7439

# Bounds of the variable parts of a message (characters), before the byte limit is even near.
TOPIC_CHARS = 300
SNIPPET_CHARS = 160
NAME_CHARS = 120
MAX_REASON_LINES = 12
TRUNCATED_NOTE = "_Shortened to fit Webex's message size limit (%d bytes)._" % MESSAGE_LIMIT_BYTES
GET_RECORDING = (
    "Get the audio and the notes with the `wxc.recordings.recording_archive` module (`recording_ids: [%s]`) or the "
    "`wxc.recordings.archive` role, or open it in Webex Control Hub or the owner's Webex app."
)
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def notes_text(html):
    """The words of an AI notes file (HTML): tags and comments dropped, entities decoded, white space folded."""
    if html is None:
        return None
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    text = _TAG.sub(" ", _COMMENT.sub(" ", html))
    return _SPACE.sub(" ", unescape(text)).strip()


def snippet(text, match, width=SNIPPET_CHARS):
    """The words around a keyword found in ``text`` (at most ``width`` characters), with ``…`` where cut."""
    half = max(10, (width - (match.end() - match.start())) // 2)
    start, end = max(0, match.start() - half), min(len(text), match.end() + half)
    piece = text[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def human_duration(seconds):
    seconds = int(seconds or 0)
    if seconds < 60:
        return "%d s" % seconds
    if seconds < 3600:
        return "%d min %02d s" % (seconds // 60, seconds % 60)
    return "%d h %02d min" % (seconds // 3600, seconds // 60 % 60)


def human_time(value):
    """``2026-11-29 14:03:12 UTC`` from an ISO 8601 timestamp (any offset); the input as is when unreadable."""
    if not value:
        return None
    try:
        return parse_datetime(value).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (TypeError, ValueError):
        return str(value)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#~|])")


def escape_markdown(text):
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def shorten(text, limit):
    text = _SPACE.sub(" ", str(text or "")).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _party_label(party):
    if not party:
        return None
    name = party.get("name") or ((party.get("actor") or {}).get("email"))
    number = party.get("number")
    bits = [shorten(name, NAME_CHARS)] if name else []
    if number:
        bits.append(number)
    return ", ".join(bits) or None


def call_facts(recording, metadata):
    """The facts a message shows, from the listed recording and its metadata (either may lack some)."""
    service = (metadata or {}).get("serviceData") or {}
    session = service.get("session") or {}
    start = session.get("startTime") or recording.get("timeRecorded")
    stop = session.get("stopTime")
    if not stop and start and recording.get("durationSeconds") is not None:
        try:
            stop = (parse_datetime(start) + timedelta(seconds=int(recording["durationSeconds"]))).isoformat()
        except (TypeError, ValueError):
            stop = None
    personality = service.get("personality")
    direction = {"originator": "outbound (the owner placed the call)", "terminator": "inbound (the owner received the call)"}.get(personality)
    owner_name = (metadata or {}).get("ownerName")
    owner = recording.get("ownerEmail") or recording.get("ownerId") or "unknown"
    if owner_name:
        owner = "%s (%s)" % (shorten(owner_name, NAME_CHARS), owner)
    return {
        "topic": recording.get("topic") or "",
        "owner": owner,
        "owner_type": recording.get("ownerType"),
        "calling": _party_label(service.get("callingParty")),
        "called": _party_label(service.get("calledParty")),
        "direction": direction,
        "start": human_time(start),
        "stop": human_time(stop),
        "duration": human_duration(recording.get("durationSeconds")),
        "call_session_id": service.get("callSessionId") or (recording.get("serviceData") or {}).get("callSessionId"),
    }


def _reason_lines(matches, markdown):
    lines = []
    for rule, reasons in matches:
        name = shorten(rule.name, NAME_CHARS)
        texts = []
        for reason in reasons:
            text = reason["text"]
            if reason.get("snippet"):
                text += ': "%s"' % shorten(reason["snippet"], SNIPPET_CHARS)
            texts.append(escape_markdown(text) if markdown else text)
        head = ("**%s**" % escape_markdown(name)) if markdown else name
        lines.append("- %s: %s" % (head, "; ".join(texts)))
    return lines


def _assemble(recording, facts, matches, markdown, reason_limit):
    esc = escape_markdown if markdown else (lambda value: value)
    bold = (lambda value: "**%s**" % value) if markdown else (lambda value: value)
    code = (lambda value: "`%s`" % value) if markdown else (lambda value: value)
    topic = shorten(facts["topic"], TOPIC_CHARS) or "(no topic)"
    lines = ["%s %s" % (bold("Recording for review:"), esc(topic)), "", bold("Matched") if markdown else "Matched:"]
    reasons = _reason_lines(matches, markdown)
    shown = reasons[:reason_limit]
    lines.extend(shown)
    if len(reasons) > len(shown):
        lines.append("- and %d more rule(s)" % (len(reasons) - len(shown)))
    lines += ["", bold("Call") if markdown else "Call:"]
    for label, key in (
        ("Owner", "owner"),
        ("Owner type", "owner_type"),
        ("Calling", "calling"),
        ("Called", "called"),
        ("Direction", "direction"),
        ("Start", "start"),
        ("End", "stop"),
        ("Duration", "duration"),
        ("Call session", "call_session_id"),
    ):
        if facts.get(key):
            lines.append("- %s: %s" % (label, esc(facts[key])))
    lines += ["", "%s %s" % (bold("Recording id:"), code(recording.get("id"))), GET_RECORDING % recording.get("id")]
    return lines, len(reasons) > len(shown)


def _fit(lines, limit, shortened):
    """``lines`` joined, within ``limit`` bytes: a line too many is cut at a character boundary, and the text says so."""
    text = "\n".join(lines)
    if not shortened and len(text.encode("utf-8")) <= limit:
        return text, False
    note = "\n\n" + TRUNCATED_NOTE
    room = limit - len(note.encode("utf-8"))
    body = text.encode("utf-8")
    if len(body) > room:
        body = body[: room - len("…".encode("utf-8"))].decode("utf-8", "ignore") + "…"
    else:
        body = text
    return body + note, True


def render_message(recording, metadata, matches, limit=MESSAGE_LIMIT_BYTES):
    """The message about one recording for one destination: ``{"markdown", "text", "truncated"}``.

    ``matches``: ``[(rule, reasons)]`` of the rules that selected it for this destination. Names what matched, the
    parties, the times (UTC), duration and owner, and how to get the recording: its id and the module or role that
    downloads it, never a download link (those carry a credential and expire in 3 hours). Each of ``markdown`` and
    ``text`` stays within ``limit`` bytes: rules beyond the first few are counted instead of listed, and a message
    still too long is cut, saying so.
    """
    facts = call_facts(recording, metadata)
    out = {"truncated": False}
    for field, markdown in (("markdown", True), ("text", False)):
        reason_limit = MAX_REASON_LINES
        while True:
            lines, shortened = _assemble(recording, facts, matches, markdown, reason_limit)
            size = len("\n".join(lines).encode("utf-8"))
            if size <= limit or reason_limit <= 1:
                break
            reason_limit -= 1
        text, truncated = _fit(lines, limit, shortened)
        out[field] = text
        out["truncated"] = out["truncated"] or truncated
    return out
