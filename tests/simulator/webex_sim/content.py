"""Deterministic bodies of the downloadable artefacts.

Other test suites may import `audio_chunks` / `audio_sha256` / `artifact_body` to check what they archived.
"""

from __future__ import annotations

import hashlib
import html as _html
import random
from collections.abc import Iterator

from .model import AUDIO_HEADER_BYTES, RecordingDetails

# MPEG-2 Layer III, 16 kbit/s, 16 kHz, mono, no CRC: 72-byte frames, 27.8 frames a second = 2,000 bytes/s.
MP3_FRAME_HEADER = b"\xff\xf3\x28\xc0"
MP3_FRAME_BYTES = 72
_FRAMES_PER_BLOCK = 910  # 65,520 bytes: the unit streamed and repeated, so a 2 h file never sits in memory

CONTENT_TYPES = {
    "audio": "audio/mpeg",
    "transcript": "text/vtt;charset=UTF-8",
    "suggestedNotes": "text/html;charset=UTF-8",
    "shortNotes": "text/html;charset=UTF-8",
    "actionItems": "text/html;charset=UTF-8",
}
FILE_NAMES = {
    "audio": "recording.mp3",
    "transcript": "transcript.vtt",
    "suggestedNotes": "suggested-notes.html",
    "shortNotes": "short-notes.html",
    "actionItems": "action-items.html",
}


def _syncsafe(n: int) -> bytes:
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def id3_tag(recording_id: str) -> bytes:
    """A 128-byte ID3v2.4 tag whose title names the recording."""
    text = b"\x03" + f"webex-sim recording {recording_id}".encode()[:90]
    frame = b"TIT2" + _syncsafe(len(text)) + b"\x00\x00" + text
    body = frame.ljust(AUDIO_HEADER_BYTES - 10, b"\x00")
    return b"ID3\x04\x00\x00" + _syncsafe(len(body)) + body


def _frame_block(recording_id: str) -> bytes:
    parts = []
    for j in range(_FRAMES_PER_BLOCK):
        seed = f"{recording_id}/{j}".encode()
        payload = hashlib.sha256(seed).digest() + hashlib.sha256(seed + b"+").digest()
        parts.append(MP3_FRAME_HEADER + (payload + payload[:4])[: MP3_FRAME_BYTES - 4])
    return b"".join(parts)


def audio_chunks(recording_id: str, size: int) -> Iterator[bytes]:
    """Exactly `size` bytes: the ID3 tag, then MP3 frames, the last one cut short."""
    head = id3_tag(recording_id)[:size]
    if head:
        yield head
    remaining = size - len(head)
    if remaining <= 0:
        return
    block = _frame_block(recording_id)
    while remaining > 0:
        chunk = block[:remaining]
        remaining -= len(chunk)
        yield chunk


def audio_sha256(recording_id: str, size: int) -> str:
    digest = hashlib.sha256()
    for chunk in audio_chunks(recording_id, size):
        digest.update(chunk)
    return digest.hexdigest()


def _fmt_cue(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


_LINES = [
    "Thanks for calling, how can I help?",
    "I wanted to follow up on the order from last week.",
    "Sure, let me pull that up for you.",
    "The delivery is scheduled for Thursday.",
    "Great, could you send me a confirmation by email?",
    "Of course, you will have it within the hour.",
]


# Words a supervisor routes calls on (the review role): the AI notes of about one recording with notes in three carry
# one or two of them, chosen from the recording id alone (`note_keywords`). The first is in the AI notes' summary,
# a second one in the action items; short notes never carry them. Other recordings' bodies are unchanged.
NOTE_KEYWORDS = {
    "cancel": "The caller wants to cancel the contract at the end of the month.",
    "complaint": "The customer filed a complaint about the delivery delay.",
    "escalate": "The agent agreed to escalate the case to a supervisor.",
    "refund": "The customer asked for a refund of the last invoice.",
}


def note_keywords(recording_id: str) -> list[str]:
    """The keywords in this recording's AI notes (first) and action items (second), when it has notes at all."""
    digest = hashlib.sha256(f"keywords/{recording_id}".encode()).digest()
    if digest[0] % 3:
        return []
    words = sorted(NOTE_KEYWORDS)
    found = [words[digest[1] % len(words)]]
    second = words[digest[3] % len(words)]
    if digest[2] % 2 == 0 and second not in found:
        found.append(second)
    return found


def artifact_body(recording_id: str, details: RecordingDetails, artifact: str) -> bytes:
    """Transcript (WebVTT) and AI notes (HTML) of a recording; small and derived from its id."""
    r = random.Random(f"{artifact}/{recording_id}")
    if artifact == "transcript":
        cues = ["WEBVTT", ""]
        step = max(1, details.duration_seconds // 6)
        for n in range(min(6, max(1, details.duration_seconds // 5))):
            speaker = "Speaker 1" if n % 2 == 0 else "Speaker 2"
            start, end = n * step, min(details.duration_seconds, (n + 1) * step)
            cues += [str(n + 1), f"{_fmt_cue(start)} --> {_fmt_cue(end)}", f"<v {speaker}>{r.choice(_LINES)}", ""]
        return "\n".join(cues).encode()
    keywords = note_keywords(recording_id) if artifact in ("suggestedNotes", "actionItems") else []
    if artifact == "suggestedNotes":
        items = "".join(f"<li>{r.choice(_LINES)}</li>" for _unused in range(3))
        if keywords:
            items += f"<li>{NOTE_KEYWORDS[keywords[0]]}</li>"
        html = f"<html><body><h1>{_html.escape(details.topic)}</h1><h2>Summary</h2><ul>{items}</ul></body></html>"
    elif artifact == "shortNotes":
        html = f"<html><body><p>{_html.escape(details.topic)}: {r.choice(_LINES)}</p></body></html>"
    elif artifact == "actionItems":
        items = "".join(f"<li>Follow up item {n + 1}: {r.choice(_LINES)}</li>" for n in range(2))
        if len(keywords) > 1:
            items += f"<li>Follow up item 3: {NOTE_KEYWORDS[keywords[1]]}</li>"
        html = f"<html><body><h2>Action items</h2><ol>{items}</ol></body></html>"
    else:
        raise KeyError(artifact)
    # The recording id in a comment lets a test tell bodies of different recordings apart.
    return (html + f"<!-- {recording_id} -->").encode()
