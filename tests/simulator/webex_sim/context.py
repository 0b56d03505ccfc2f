"""Everything the handlers share, reachable as `request.app[CTX]`."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .auth import Auth
from .config import Config
from .faults import Faults
from .model import Org
from .requestlog import RequestLog
from .store import Store


@dataclass
class SimContext:
    config: Config
    org: Org
    store: Store
    auth: Auth
    faults: Faults
    requests: RequestLog
    messages: list[dict] = field(default_factory=list)
    # Statuses the next POST /v1/messages calls answer instead of posting (`POST /_sim/messages/fail`).
    message_failures: list[int] = field(default_factory=list)
    # More state to reset with /_sim/reset: webhooks and new recordings (arrivals.py).
    on_reset: list[Callable[[], None]] = field(default_factory=list)
    # Signs download links; a fresh secret per process means links never outlive the simulator that made them.
    link_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    # Several orgs in one process (fleet.py): the org's position and name, its webhook hub and arrivals.
    index: int = 0
    name: str = ""
    hub: Any = None
    arrivals: Any = None

    @classmethod
    def create_for(cls, config: Config, org: Org, index: int, name: str, requests: RequestLog) -> SimContext:
        """One org of several: its own store, tokens and faults; the request log is the process's one."""
        return cls(
            config=config,
            org=org,
            store=Store(org),
            auth=Auth(org, config.expire_tokens_after),
            faults=Faults(config),
            requests=requests,
            index=index,
            name=name,
        )

    @classmethod
    def create(cls, config: Config, org: Org) -> SimContext:
        return cls(
            config=config,
            org=org,
            store=Store(org),
            auth=Auth(org, config.expire_tokens_after),
            faults=Faults(config),
            requests=RequestLog(config.request_log),
        )

    def now(self) -> float:
        return time.time()

    def reset(self) -> None:
        self.store.reset()
        self.auth.reset()
        self.faults.reset()
        self.requests.clear()
        self.messages.clear()
        self.message_failures.clear()
        for reset in self.on_reset:
            reset()


CTX = web.AppKey("webex_sim_ctx", SimContext)
