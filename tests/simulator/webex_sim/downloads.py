"""Temporary direct download links and the `/downloads/{token}/{artifact}` endpoint that serves them."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import time

from aiohttp import web

from .content import CONTENT_TYPES, FILE_NAMES, artifact_body, audio_chunks
from .context import SimContext
from .errors import ApiError
from .fleet import FLEET
from .model import CO_READ, Recording
from .timeutil import render

LINK_FIELDS = {
    "audio": "audioDownloadLink",
    "transcript": "transcriptDownloadLink",
    "suggestedNotes": "suggestedNotesDownloadLink",
    "shortNotes": "shortNotesDownloadLink",
    "actionItems": "actionItemsDownloadLink",
}
# Like the real AI-bridge links, these need the owner's (or a compliance officer's) access token.
NEEDS_TOKEN = {"suggestedNotes", "shortNotes", "actionItems"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(secret: bytes, recording_id: str, expires: int) -> str:
    payload = _b64(f"{recording_id}|{expires}".encode())
    mac = hmac.new(secret, payload.encode(), hashlib.sha256).digest()[:18]
    return f"{payload}.{_b64(mac)}"


def verify(secret: bytes, token: str) -> tuple[str, int]:
    """(recording id, expiry) of a link token; ValueError when it was not made by this process."""
    payload, _unused, mac = token.partition(".")
    expected = hmac.new(secret, payload.encode(), hashlib.sha256).digest()[:18]
    if not mac or not hmac.compare_digest(_unb64(mac), expected):
        raise ValueError("bad signature")
    recording_id, _unused, expires = _unb64(payload).decode().rpartition("|")
    return recording_id, int(expires)


def artifacts_of(rec: Recording) -> list[str]:
    d = rec.details
    out = ["audio"]
    if d.transcript:
        out.append("transcript")
    if d.notes:
        out += ["suggestedNotes", "shortNotes", "actionItems"]
    return out


def links(request: web.Request, ctx: SimContext, rec: Recording) -> dict:
    expires = int(ctx.now()) + ctx.config.link_ttl
    token = sign(ctx.link_secret, rec.id, expires)
    origin = str(request.url.origin())
    out = {LINK_FIELDS[a]: f"{origin}/downloads/{token}/{a}" for a in artifacts_of(rec)}
    # Always UTC, as in the spec's example, whatever the `timezone` header says.
    out["expiration"] = render(expires)
    return out


async def download(request: web.Request) -> web.StreamResponse:
    artifact = request.match_info["artifact"]
    # Each org signs its own links; the one whose secret verifies the link serves it (several orgs: fleet.py).
    for ctx in request.app[FLEET].contexts:
        try:
            recording_id, expires = verify(ctx.link_secret, request.match_info["token"])
            break
        except (ValueError, UnicodeDecodeError):
            continue
    else:
        raise ApiError(403, "The download link is not valid.")
    if ctx.now() >= expires:
        raise ApiError(403, "The download link has expired. Get the recording details again for a new link.")
    rec = ctx.store.get(recording_id)
    if rec is None or artifact not in artifacts_of(rec):
        raise ApiError(404)
    if artifact in NEEDS_TOKEN:
        person = ctx.auth.authenticate(request.headers.get("Authorization"))
        if person.id != rec.owner_id and CO_READ not in person.scopes:
            raise ApiError(403, "Only the recording's owner or a compliance officer can download this file.")
    headers = {
        "Content-Type": CONTENT_TYPES[artifact],
        "Content-Disposition": f'attachment; filename="{FILE_NAMES[artifact]}"',
    }
    if artifact != "audio":
        return web.Response(body=artifact_body(rec.id, rec.details, artifact), headers=headers)
    size = rec.details.size_bytes
    response = web.StreamResponse(headers=headers)
    response.content_length = size
    await response.prepare(request)
    rate = ctx.config.download_rate
    if rate <= 0:
        for chunk in audio_chunks(rec.id, size):
            await response.write(chunk)
    else:
        await _write_throttled(response, audio_chunks(rec.id, size), rate)
    await response.write_eof()
    return response


async def _write_throttled(response: web.StreamResponse, chunks, rate: float) -> None:
    """`--download-rate`: pieces of a tenth of a second each, never ahead of `rate` bytes a second."""
    piece = max(1, int(rate / 10))
    started, sent = time.monotonic(), 0
    for chunk in chunks:
        for offset in range(0, len(chunk), piece):
            part = chunk[offset : offset + piece]
            await response.write(part)
            sent += len(part)
            ahead = sent / rate - (time.monotonic() - started)
            if ahead > 0:
                await asyncio.sleep(ahead)
