"""Options of one simulator run (the command line, see cli.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

FAULT_KINDS = ("429", "500", "502", "503", "504", "reset", "slow")
# How write calls report an id or user that does not exist and a recycle-bin id in the wrong state:
# `spec` answers what the official spec declares (404, 409), `legacy` answers 400 for both (see the README).
ERROR_CODES = ("spec", "legacy")


@dataclass
class Config:
    fixture: str | None = None
    generate: int | None = None
    # Several orgs in one process (fleet.py): count, and indexes of orgs set up to fail.
    orgs: int = 1
    unauthorized_orgs: tuple[int, ...] = ()
    broken_orgs: tuple[int, ...] = ()
    storm_orgs: tuple[int, ...] = ()
    seed: int = 0
    days: int = 365
    owners: int = 50
    host: str = "127.0.0.1"
    port: int = 0
    latency_ms: float = 0.0
    # Bytes a second each audio download is served at (0: as fast as possible), for progress tests.
    download_rate: float = 0.0
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
    error_codes: str = "spec"
    # New recordings and webhook deliveries (deliveries.py, arrivals.py)
    record_rate: float = 0.0
    webhook_duplicate_rate: float = 0.0
    webhook_delay_ms: float = 0.0
    webhook_seed: int = 0
    webhook_timeout: float = 10.0
    details_lag_ms: float = 0.0
