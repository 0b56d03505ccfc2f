"""Parsing and rendering of timestamps the way the API does (whole seconds, UTC `Z` by default)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

_RELATIVE = re.compile(r"^([+-])(\d+(?:\.\d+)?)([smhdw])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_iso(value: str) -> float:
    """Epoch seconds of an ISO 8601 string; naive values are UTC. Raises ValueError."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("empty timestamp")
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def parse_when(value: object, start_ts: int) -> int:
    """Fixture times: absolute ISO 8601 (string or YAML timestamp) or relative to server start (`-45d`, `-3h`)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return int(value.timestamp())
    if isinstance(value, date):
        return int(datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp())
    if isinstance(value, str):
        match = _RELATIVE.match(value.strip())
        if match:
            sign = -1 if match.group(1) == "-" else 1
            return start_ts + sign * int(float(match.group(2)) * _UNIT_SECONDS[match.group(3)])
        return int(parse_iso(value))
    raise ValueError(f"not a time: {value!r}")


def resolve_timezone(name: str | None) -> tzinfo:
    """The zone of a `timezone` request header. Raises ValueError for unknown names."""
    if name is None or not name.strip() or name.strip().upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name.strip())
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError for paths, IsADirectoryError ...
        raise ValueError(f"unknown time zone {name!r}") from exc


def render(ts: float, tz: tzinfo = UTC) -> str:
    """`2024-10-04T16:24:25Z`, or with the zone's offset (`+02:00`) when it is not zero."""
    moment = datetime.fromtimestamp(int(ts), tz=tz)
    text = moment.isoformat(timespec="seconds")
    if moment.utcoffset() == timedelta(0):
        return text[:19] + "Z"
    return text


def render_ms(ts: float) -> str:
    """UTC with milliseconds, as Webex renders `created` of messages and the request log."""
    return datetime.fromtimestamp(ts, tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
