"""The few general Webex calls clients need around the recordings API: token refresh, people/me, messages."""

from __future__ import annotations

import base64
import uuid

from aiohttp import web

from ..errors import ApiError, bad_request, json_response
from ..fleet import FLEET
from ..timeutil import render_ms
from .common import caller, ctx_of, opt_str, read_json_object


async def access_token(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    ctype = request.headers.get("Content-Type", "")
    if not ctype.lower().startswith("application/x-www-form-urlencoded"):
        raise bad_request("Use a form body (application/x-www-form-urlencoded).")
    form = {k: str(v) for k, v in (await request.post()).items()}
    # The refresh token decides the org (several orgs: fleet.py).
    ctx = request.app[FLEET].context_for_refresh(form.get("refresh_token", "")) or ctx
    return json_response(ctx.auth.refresh(form))


async def people_me(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    person = caller(request)
    return json_response(
        {
            "id": person.id,
            "emails": [person.email],
            "displayName": person.name,
            "orgId": ctx.org.org_id,
            "type": "person",
        }
    )


# Webex's limit for each of `text` and `markdown` (ORG-APIS.md 4); the status of a longer one is UNCONFIRMED: 400.
MESSAGE_LIMIT_BYTES = 7439


async def create_message(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    person = caller(request)
    if ctx.message_failures:
        # A failure armed by a test: nothing is posted (a gateway error in front of the service).
        raise ApiError(ctx.message_failures.pop(0))
    body = await read_json_object(request)
    room_id = opt_str(body, "roomId")
    to_email = opt_str(body, "toPersonEmail")
    text = opt_str(body, "text")
    markdown = opt_str(body, "markdown")
    if not (room_id or to_email):
        raise bad_request("roomId or toPersonEmail is required.")
    if not (text or markdown):
        raise bad_request("text or markdown is required.")
    for name, value in (("text", text), ("markdown", markdown)):
        if value and len(value.encode("utf-8")) > MESSAGE_LIMIT_BYTES:
            raise bad_request(f"The {name} of a message must be at most {MESSAGE_LIMIT_BYTES} bytes.")
    message_id = base64.urlsafe_b64encode(f"ciscospark://us/MESSAGE/{uuid.uuid4()}".encode()).decode().rstrip("=")
    message: dict = {"id": message_id}
    if room_id:
        message["roomId"] = room_id
    if to_email:
        message["toPersonEmail"] = to_email
    if text:
        message["text"] = text
    if markdown:
        message["markdown"] = markdown
    message.update({"personId": person.id, "personEmail": person.email, "created": render_ms(ctx.now())})
    ctx.messages.append(message)
    return json_response(message)
