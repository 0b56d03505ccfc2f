"""What wraps every request: tracking ids, counting and the request log, latency, faults, error bodies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
import time
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web

from .auth import Auth
from .context import CTX
from .errors import ApiError, error_response
from .fleet import FLEET
from .requestlog import endpoint, safe_path, safe_query
from .timeutil import render_ms

log = logging.getLogger("webex_sim")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _handle(request: web.Request, handler: Handler, tracking_id: str) -> web.StreamResponse:
    """Run the handler; every failure becomes the standard error body."""
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc, tracking_id)
    except web.HTTPException as exc:
        # Router 404/405 and aiohttp's own 413 etc.
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        return error_response(ApiError(exc.status, headers=headers), tracking_id)
    except (ConnectionError, asyncio.CancelledError):
        raise
    except Exception:
        log.exception("unhandled error in %s %s", request.method, request.path)
        return error_response(ApiError(500), tracking_id)


def _abort_connection(request: web.Request) -> None:
    """Drop the TCP connection with a RST and no response at all (the `reset` fault)."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


@web.middleware
async def simulator_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    # The token decides the org (fleet.py); requests without a known token go to the first org.
    fleet = request.app[FLEET]
    ctx = fleet.context_for_token(Auth.bearer(request.headers.get("Authorization"))) or request.app[CTX]
    request["ctx"] = ctx
    client_tracking_id = request.headers.get("TrackingID")
    tracking_id = client_tracking_id or f"SIM_{uuid.uuid4()}"
    request["tracking_id"] = tracking_id
    path = request.path
    is_v1 = path == "/v1" or path.startswith("/v1/")
    if not (is_v1 or path.startswith("/downloads/")):
        return await _handle(request, handler, tracking_id)

    ctx.requests.count(endpoint(request.method, path))
    # Peeked before the handler counts a use of the token, so the log shows the role the caller presented.
    role = ctx.auth.peek_role(request.headers.get("Authorization"))
    status: int | str = 500
    try:
        if ctx.config.latency_ms > 0:
            # asyncio.sleep, so concurrent requests overlap their latency instead of queueing behind it.
            await asyncio.sleep(ctx.config.latency_ms / 1000)
        fault = ctx.faults.draw() if is_v1 else None
        if fault == "reset":
            status = "reset"
            _abort_connection(request)
            raise asyncio.CancelledError()
        if fault is not None and fault.isdigit():
            # Rejected before the handler: no state change, like a gateway in front of the service.
            headers = {"Retry-After": str(ctx.config.fault_retry_after)} if fault == "429" else None
            response = error_response(ApiError(int(fault), headers=headers), tracking_id)
        else:
            response = await _handle(request, handler, tracking_id)
            if fault == "slow":
                # The change is already applied: a client that times out now must not assume it failed.
                await asyncio.sleep(ctx.config.slow_seconds)
        status = response.status
        return response
    finally:
        ctx.requests.append(
            {
                "time": render_ms(time.time()),
                "method": request.method,
                "path": safe_path(path),
                "query": safe_query(request.query),
                "status": status,
                "role": role,
                "tracking_id": client_tracking_id,
            }
        )


async def add_tracking_header(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: every response, streamed ones too, carries the trackingId header."""
    response.headers["trackingId"] = request.get("tracking_id") or f"SIM_{uuid.uuid4()}"
