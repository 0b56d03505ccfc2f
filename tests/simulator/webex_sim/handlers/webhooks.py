"""`/v1/webhooks`: create, list (Link paging), get, update (name, targetUrl, secret, status=active), delete (204).

Any valid token with a recordings read scope may manage its own hooks; `ownedBy: org` (org-wide hooks, and
`?ownedBy=org` on the list) needs an administrator's or compliance officer's token. Hooks of others answer 404.
"""

from __future__ import annotations

import re
import time

from aiohttp import web

from .. import cursor
from ..deliveries import EVENTS, RECORDING_EVENTS, RESOURCE, RESOURCES, Hook, parse_filter
from ..errors import ApiError, bad_request, json_response, no_content
from ..model import ADMIN_READ, CO_READ, USER_READ, Person
from .common import caller, ctx_of, read_json_object, require_scope

_INT = re.compile(r"^\d+$")
MAX_TEXT = 1024


def _person(request: web.Request) -> Person:
    person = caller(request)
    require_scope(person, USER_READ, ADMIN_READ, CO_READ)
    return person


def _org_capable(person: Person) -> bool:
    return bool(person.scopes & {ADMIN_READ, CO_READ})


def _text(body: dict, key: str, required: bool) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise bad_request(f"{key} is required.")
        return None
    if not isinstance(value, str):
        raise bad_request(f"{key} must be a string.")
    if len(value) > MAX_TEXT:
        raise bad_request(f"{key} can be at most {MAX_TEXT} characters long.")
    return value


def _target_url(body: dict) -> str:
    url = _text(body, "targetUrl", True)
    assert url is not None
    # Webex wants public HTTPS; the simulator delivers to test receivers on 127.0.0.1, so http is accepted too.
    if not url.startswith(("https://", "http://")):
        raise bad_request("targetUrl must be an http(s) URL.")
    return url


def _hook_of(request: web.Request, person: Person) -> Hook:
    hook = ctx_of(request).hub.hooks.get(request.match_info["webhookId"])
    if hook is None or not (hook.created_by == person.id or (hook.owned_by == "org" and _org_capable(person))):
        raise ApiError(404)
    return hook


async def create_webhook(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    hub = ctx_of(request).hub
    person = _person(request)
    body = await read_json_object(request)
    assert body is not None
    name = _text(body, "name", True)
    target_url = _target_url(body)
    resource = _text(body, "resource", True)
    event = _text(body, "event", True)
    if resource not in RESOURCES:
        raise bad_request(f"resource {resource!r} is not supported.")
    if event not in (RECORDING_EVENTS if resource == RESOURCE else EVENTS):
        raise bad_request(f"event {event!r} is not supported for resource {resource}.")
    filter_text = _text(body, "filter", False)
    secret = _text(body, "secret", False)
    owned_by = _text(body, "ownedBy", False)
    if owned_by not in (None, "org"):
        raise bad_request("ownedBy accepts only org.")
    if resource == RESOURCE:
        try:
            wanted = parse_filter(filter_text)
        except ValueError as exc:
            raise bad_request(f"Invalid filter: {exc}.") from exc
        if {"ownerEmail", "ownerId"} & set(wanted) and owned_by != "org":
            raise bad_request("ownedBy must be org when the filter uses ownerEmail or ownerId.")
    if owned_by == "org" and not _org_capable(person):
        raise ApiError(403, "Only administrators and compliance officers can create org-wide webhooks.")
    assert name is not None and resource is not None and event is not None
    hook = Hook(
        id=hub.new_id(),
        name=name,
        target_url=target_url,
        resource=resource,
        event=event,
        filter=filter_text,
        secret=secret,
        owned_by=owned_by or "creator",
        created_by=person.id,
        created=time.time(),
    )
    hub.hooks[hook.id] = hook
    return json_response(hook.view(ctx.org.org_id))


async def list_webhooks(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    hub = ctx_of(request).hub
    person = _person(request)
    q = request.query
    if "cursor" in q:
        state = cursor.decode(q["cursor"])
        if state.get("e") != "webhooks" or state.get("p") != person.id:
            raise bad_request("This cursor belongs to another query or caller.")
        try:
            limit, offset, org_wide = int(state["m"]), int(state["o"]), bool(state["org"])
        except (KeyError, TypeError, ValueError) as exc:
            raise bad_request("Invalid cursor.") from exc
    else:
        raw_max = q.get("max", "100")
        if not _INT.match(raw_max) or not 1 <= int(raw_max) <= 100:
            raise bad_request("max must be an integer from 1 to 100.")
        owned_by = q.get("ownedBy")
        if owned_by not in (None, "org"):
            raise bad_request("ownedBy accepts only org.")
        org_wide = owned_by == "org"
        limit, offset = int(raw_max), 0
    if org_wide and not _org_capable(person):
        raise ApiError(403, "Only administrators and compliance officers can list org-wide webhooks.")
    hooks = hub.visible_hooks(person, org_wide)
    page = hooks[offset : offset + limit]
    headers = {}
    if offset + limit < len(hooks):
        token = cursor.encode({"e": "webhooks", "p": person.id, "m": limit, "o": offset + limit, "org": org_wide})
        next_url = request.url.origin().with_path(request.path).with_query({"cursor": token})
        headers["Link"] = f'<{next_url}>; rel="next"'
    return json_response({"items": [h.view(ctx.org.org_id) for h in page]}, headers=headers)


async def get_webhook(request: web.Request) -> web.Response:
    person = _person(request)
    return json_response(_hook_of(request, person).view(ctx_of(request).org.org_id))


async def update_webhook(request: web.Request) -> web.Response:
    """Only name, targetUrl, secret and status (`active` only) are applied; anything else is ignored."""
    person = _person(request)
    hook = _hook_of(request, person)
    body = await read_json_object(request)
    assert body is not None
    name = _text(body, "name", True)
    target_url = _target_url(body)
    secret = _text(body, "secret", False)
    status = body.get("status")
    if status is not None and status != "active":
        raise bad_request("status accepts only active.")
    assert name is not None
    hook.name = name
    hook.target_url = target_url
    if secret is not None:
        hook.secret = secret
    if status == "active":
        ctx_of(request).hub.reactivate(hook)
    return json_response(hook.view(ctx_of(request).org.org_id))


async def delete_webhook(request: web.Request) -> web.Response:
    person = _person(request)
    hook = _hook_of(request, person)
    del ctx_of(request).hub.hooks[hook.id]
    return no_content()


def add_routes(app: web.Application) -> None:
    r = app.router
    r.add_post("/v1/webhooks", create_webhook)
    r.add_get("/v1/webhooks", list_webhooks, allow_head=False)
    r.add_get("/v1/webhooks/{webhookId}", get_webhook, allow_head=False)
    r.add_put("/v1/webhooks/{webhookId}", update_webhook)
    r.add_delete("/v1/webhooks/{webhookId}", delete_webhook)
