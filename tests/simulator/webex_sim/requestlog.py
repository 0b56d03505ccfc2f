"""Request counting and the request log (`--request-log`, `GET /_sim/requests`).

Entries never hold a token: there is no Authorization, no body, download paths lose their signed segment and
query values of secret-looking parameters are masked.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import IO, Any

_SECRET_PARAM = re.compile(r"token|secret|password|authorization|code", re.IGNORECASE)
_DOWNLOAD = re.compile(r"^/downloads/[^/]*")

_TEMPLATES = [
    (re.compile(r"^/v1/convergedRecordings/(reassign|softDelete|restore|purge)$"), None),
    (re.compile(r"^/v1/convergedRecordings/[^/]+/metadata$"), "/v1/convergedRecordings/{recordingId}/metadata"),
    (re.compile(r"^/v1/convergedRecordings/[^/]+$"), "/v1/convergedRecordings/{recordingId}"),
    (re.compile(r"^/downloads/"), "/downloads/{token}/{artifact}"),
    (re.compile(r"^/v1/webhooks/[^/]+$"), "/v1/webhooks/{webhookId}"),
]


def endpoint(method: str, path: str) -> str:
    """`GET /v1/convergedRecordings/{recordingId}`-style key of `by_endpoint`."""
    for pattern, template in _TEMPLATES:
        if pattern.match(path):
            return f"{method} {template or path}"
    return f"{method} {path}"


def safe_path(path: str) -> str:
    return _DOWNLOAD.sub("/downloads/{token}", path)


def safe_query(query: Any) -> dict[str, str]:
    return {k: ("***" if _SECRET_PARAM.search(k) else v) for k, v in query.items()}


class RequestLog:
    def __init__(self, path: str | None):
        self._file: IO[str] | None = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115
        self.clear()

    def clear(self) -> None:
        self.counts: Counter[str] = Counter()
        self.entries: list[dict] = []

    def count(self, key: str) -> None:
        self.counts[key] += 1

    def append(self, entry: dict) -> None:
        self.entries.append(entry)
        if self._file is not None:
            self._file.write(json.dumps(entry) + "\n")
            self._file.flush()

    def summary(self, with_log: bool) -> dict:
        out: dict[str, Any] = {"total": sum(self.counts.values()), "by_endpoint": dict(self.counts)}
        if with_log:
            out["log"] = list(self.entries)
        return out

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
