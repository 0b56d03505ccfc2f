"""Options of one simulator run (the command line, see cli.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

FAULT_KINDS = ("429", "500", "502", "503", "504", "reset", "slow")


@dataclass
class Config:
    fixture: str | None = None
    generate: int | None = None
    seed: int = 0
    days: int = 365
    owners: int = 50
    host: str = "127.0.0.1"
    port: int = 0
    latency_ms: float = 0.0
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = field(default_factory=lambda: FAULT_KINDS)
    fault_seed: int = 0
    fault_retry_after: int = 1
    slow_seconds: float = 35.0
    expire_tokens_after: int = 0
    link_ttl: int = 10800
    request_log: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
