"""DELETE /convergedRecordings/{recordingId}: a compliance officer removes a recording for good."""

from __future__ import annotations

from aiohttp import web

from ..errors import ApiError, bad_request, no_content
from ..model import CO_WRITE
from .common import caller, ctx_of, opt_str, read_json_object, require_scope


async def delete_recording(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    person = caller(request)
    require_scope(person, CO_WRITE)
    body = await read_json_object(request, required=False)
    reason = opt_str(body, "reason")
    comment = opt_str(body, "comment")
    if comment is not None and len(comment) > 255:
        raise bad_request("comment can be at most 255 characters long.")
    rec = ctx.store.get(request.match_info["recordingId"])
    if rec is None:
        raise ApiError(404)
    if rec.owner_id != person.id and not reason:
        raise bad_request("reason is required when deleting another user's recording.")
    ctx.store.delete_forever(rec)
    return no_content()
