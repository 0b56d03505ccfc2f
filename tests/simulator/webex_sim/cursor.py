"""The opaque `cursor` of `Link: rel="next"` URLs.

It carries the whole query (filters, max, resolved window) and the last (createTime, id) returned, so the next
page is a keyset query: nothing still matching is skipped or repeated when recordings change between pages.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from .errors import bad_request

VERSION = 1


def encode(state: dict[str, Any]) -> str:
    raw = json.dumps({"v": VERSION, **state}, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(token: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        state = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request("Invalid cursor.") from exc
    if not isinstance(state, dict) or state.get("v") != VERSION:
        raise bad_request("Invalid cursor.")
    return state
