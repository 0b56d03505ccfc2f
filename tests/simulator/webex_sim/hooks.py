"""`/_sim/*`: inspection and reset for tests. No auth, no latency, no faults, not counted."""

from __future__ import annotations

from aiohttp import web

from .context import CTX, SimContext
from .errors import json_response
from .fleet import FLEET
from .render import sim_view


def _ctx(request: web.Request) -> SimContext:
    """`?org=N` picks an org of several (default: the first)."""
    return request.app[FLEET].context_at(request.query.get("org"))


async def recordings(request: web.Request) -> web.Response:
    store = _ctx(request).store
    return json_response({"items": [sim_view(store, rec) for rec in store.all()], "gone": list(store.gone)})


async def requests_summary(request: web.Request) -> web.Response:
    with_log = request.query.get("log", "") not in ("", "0", "false")
    return json_response(request.app[CTX].requests.summary(with_log))


async def clear_requests(request: web.Request) -> web.Response:
    request.app[CTX].requests.clear()
    return web.Response(status=204)


async def reset(request: web.Request) -> web.Response:
    for ctx in request.app[FLEET].contexts:
        ctx.reset()
    return web.Response(status=204)


async def messages(request: web.Request) -> web.Response:
    return json_response({"items": list(_ctx(request).messages)})


async def fail_messages(request: web.Request) -> web.Response:
    """`?count=N&status=S` (default 1 and 503): the next N `POST /v1/messages` answer S and post nothing."""
    try:
        count = int(request.query.get("count", "1"))
        status = int(request.query.get("status", "503"))
    except ValueError:
        return json_response({"message": "count and status must be integers"}, status=400)
    if count < 0 or not 400 <= status <= 599:
        return json_response({"message": "count must be 0 or more and status an HTTP error status"}, status=400)
    ctx = _ctx(request)
    ctx.message_failures[:] = [status] * count
    return web.Response(status=204)


async def orgs(request: web.Request) -> web.Response:
    """Every org: index, id (UUID and Webex id), name, Service App state, recordings; and the Service App."""
    fleet = request.app[FLEET]
    items = []
    for ctx, settings in zip(fleet.contexts, fleet.settings, strict=True):
        items.append(
            {
                "index": ctx.index,
                "org_id": ctx.org.org_id,
                "webex_id": fleet.org_view(ctx)["id"],
                "name": ctx.name,
                "authorized": settings.authorized,
                "broken": settings.broken,
                "fault_rate": ctx.faults.rate,
                "recordings": sum(1 for _unused in ctx.store.all()),
            }
        )
    app = fleet.service_app
    return json_response(
        {
            "items": items,
            "service_app": {"client_id": app.client_id, "application_id": app.application_id, "name": app.name},
        }
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get("/_sim/recordings", recordings, allow_head=False)
    app.router.add_get("/_sim/requests", requests_summary, allow_head=False)
    app.router.add_delete("/_sim/requests", clear_requests)
    app.router.add_post("/_sim/reset", reset)
    app.router.add_get("/_sim/messages", messages, allow_head=False)
    app.router.add_post("/_sim/messages/fail", fail_messages)
    app.router.add_get("/_sim/orgs", orgs, allow_head=False)
