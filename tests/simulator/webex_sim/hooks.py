"""`/_sim/*`: inspection and reset for tests. No auth, no latency, no faults, not counted."""

from __future__ import annotations

from aiohttp import web

from .context import CTX
from .errors import json_response
from .render import sim_view


async def recordings(request: web.Request) -> web.Response:
    store = request.app[CTX].store
    return json_response({"items": [sim_view(store, rec) for rec in store.all()], "gone": list(store.gone)})


async def requests_summary(request: web.Request) -> web.Response:
    with_log = request.query.get("log", "") not in ("", "0", "false")
    return json_response(request.app[CTX].requests.summary(with_log))


async def clear_requests(request: web.Request) -> web.Response:
    request.app[CTX].requests.clear()
    return web.Response(status=204)


async def reset(request: web.Request) -> web.Response:
    request.app[CTX].reset()
    return web.Response(status=204)


async def messages(request: web.Request) -> web.Response:
    return json_response({"items": list(request.app[CTX].messages)})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/_sim/recordings", recordings, allow_head=False)
    app.router.add_get("/_sim/requests", requests_summary, allow_head=False)
    app.router.add_delete("/_sim/requests", clear_requests)
    app.router.add_post("/_sim/reset", reset)
    app.router.add_get("/_sim/messages", messages, allow_head=False)
