"""Loading an org from a YAML or JSON fixture file (format: README.md, example: examples/org.yml)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import yaml

from .model import (
    AUDIO_BYTES_PER_SECOND,
    AUDIO_HEADER_BYTES,
    FORMATS,
    OWNER_TYPES,
    SERVICE_TYPES,
    STATUSES,
    STORAGE_REGIONS,
    USER_SCOPES,
    Client,
    Location,
    Org,
    Person,
    Recording,
    RecordingDetails,
)
from .timeutil import parse_when

# Defaults derive ids from this namespace so a fixture without ids still loads identically every time.
_NS = uuid.UUID("7f0d6a52-3c1e-4c55-9a55-8d1f0c2b9e11")

_TOP_KEYS = {"org_id", "locations", "people", "clients", "recordings"}
_LOCATION_KEYS = {"id", "name"}
_PERSON_KEYS = {"id", "email", "name", "type", "location_id", "token", "scopes", "refresh_token"}
_CLIENT_KEYS = {"client_id", "client_secret"}
_RECORDING_KEYS = {
    "id",
    "owner",
    "topic",
    "create_time",
    "time_recorded",
    "duration_seconds",
    "size_bytes",
    "status",
    "service_type",
    "storage_region",
    "call_session_id",
    "transcript",
    "notes",
    "prevent_download",
    "format",
}


class FixtureError(ValueError):
    pass


def read_fixture(path: str | Path) -> Any:
    text = Path(path).read_text(encoding="utf-8")
    try:
        return json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise FixtureError(f"{path}: cannot parse: {exc}") from exc


def load_fixture(path: str | Path, start_ts: int) -> Org:
    return build_org(read_fixture(path), start_ts)


_ORG_ENTRY_KEYS = {"name", "authorized", "broken", "storm"}


def is_fleet(data: Any) -> bool:
    return isinstance(data, dict) and "orgs" in data


def build_fleet_entries(data: Any, start_ts: int) -> list[dict]:
    """A fixture with several orgs: `{orgs: [{name, authorized, broken, storm, <one org's keys>}, ...]}`.

    Returns one dict per org: `org` (an Org) and the settings (fleet.OrgSpec's fields)."""
    data = _check_keys("fixture", data, {"orgs"})
    items = data.get("orgs")
    if not isinstance(items, list) or not items:
        raise FixtureError("orgs: must be a non-empty list")
    out = []
    for i, item in enumerate(items):
        item = _check_keys(f"orgs[{i}]", item, _TOP_KEYS | _ORG_ENTRY_KEYS)
        org_data = {k: v for k, v in item.items() if k in _TOP_KEYS}
        if "org_id" not in org_data:
            org_data["org_id"] = str(uuid.uuid5(_NS, f"org/{i}"))
        try:
            org = build_org(org_data, start_ts)
        except FixtureError as exc:
            raise FixtureError(f"orgs[{i}].{exc}") from exc
        out.append(
            {
                "org": org,
                "name": _str(f"orgs[{i}].name", item.get("name")) or "",
                "authorized": _bool(f"orgs[{i}].authorized", item.get("authorized"), True),
                "broken": _bool(f"orgs[{i}].broken", item.get("broken"), False),
                "storm": _bool(f"orgs[{i}].storm", item.get("storm"), False),
            }
        )
    return out


def _check_keys(where: str, item: Any, allowed: set[str]) -> dict:
    if not isinstance(item, dict):
        raise FixtureError(f"{where}: must be a mapping")
    unknown = set(item) - allowed
    if unknown:
        # Typos in fixtures otherwise fail silently as defaults.
        raise FixtureError(f"{where}: unknown keys {sorted(unknown)}")
    return item


def _str(where: str, value: Any, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise FixtureError(f"{where}: required")
        return None
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
        raise FixtureError(f"{where}: must be a non-empty string")
    return str(value)


def _bool(where: str, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise FixtureError(f"{where}: must be true or false")
    return value


def _int(where: str, value: Any, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FixtureError(f"{where}: must be a non-negative integer")
    return value


def _enum(where: str, value: Any, allowed: tuple[str, ...], default: str) -> str:
    if value is None:
        return default
    if value not in allowed:
        raise FixtureError(f"{where}: must be one of {', '.join(allowed)}")
    return value


def build_org(data: Any, start_ts: int) -> Org:
    data = _check_keys("fixture", data or {}, _TOP_KEYS)
    org_id = _str("org_id", data.get("org_id")) or str(uuid.uuid5(_NS, "org"))

    locations = []
    for i, item in enumerate(data.get("locations") or []):
        where = f"locations[{i}]"
        item = _check_keys(where, item, _LOCATION_KEYS)
        lid = _str(f"{where}.id", item.get("id")) or str(uuid.uuid5(_NS, f"location/{i}"))
        locations.append(Location(lid, _str(f"{where}.name", item.get("name")) or f"Location {i + 1}"))
    location_ids = {loc.id for loc in locations}

    people: list[Person] = []
    seen_tokens: set[str] = set()
    for i, item in enumerate(data.get("people") or []):
        where = f"people[{i}]"
        item = _check_keys(where, item, _PERSON_KEYS)
        email = _str(f"{where}.email", item.get("email"), required=True)
        assert email is not None
        location_id = _str(f"{where}.location_id", item.get("location_id"))
        if location_id is None and locations:
            location_id = locations[0].id
        if location_id is not None and location_id not in location_ids:
            raise FixtureError(f"{where}.location_id: no location {location_id!r}")
        scopes = item.get("scopes")
        if scopes is None:
            scopes = list(USER_SCOPES)
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise FixtureError(f"{where}.scopes: must be a list of strings")
        token = _str(f"{where}.token", item.get("token"))
        refresh = _str(f"{where}.refresh_token", item.get("refresh_token"))
        for t in (token, refresh):
            if t is not None:
                if t in seen_tokens:
                    raise FixtureError(f"{where}: token {t!r} used twice")
                seen_tokens.add(t)
        people.append(
            Person(
                id=_str(f"{where}.id", item.get("id")) or str(uuid.uuid5(_NS, f"person/{email.lower()}")),
                email=email,
                name=_str(f"{where}.name", item.get("name")) or email.split("@", maxsplit=1)[0],
                type=_enum(f"{where}.type", item.get("type"), OWNER_TYPES, "user"),
                location_id=location_id,
                scopes=frozenset(scopes),
                token=token,
                refresh_token=refresh,
            )
        )
    by_email = {p.email.lower(): p for p in people}
    if len(by_email) != len(people) or len({p.id for p in people}) != len(people):
        raise FixtureError("people: emails and ids must be unique")

    clients = []
    for i, item in enumerate(data.get("clients") or []):
        item = _check_keys(f"clients[{i}]", item, _CLIENT_KEYS)
        cid = _str(f"clients[{i}].client_id", item.get("client_id"), required=True)
        secret = _str(f"clients[{i}].client_secret", item.get("client_secret"), required=True)
        assert cid is not None and secret is not None
        clients.append(Client(cid, secret))

    recordings = []
    for i, item in enumerate(data.get("recordings") or []):
        where = f"recordings[{i}]"
        item = _check_keys(where, item, _RECORDING_KEYS)
        owner_email = _str(f"{where}.owner", item.get("owner"), required=True)
        assert owner_email is not None
        owner = by_email.get(owner_email.lower())
        if owner is None:
            raise FixtureError(f"{where}.owner: no person with email {owner_email!r}")
        rid = _str(f"{where}.id", item.get("id")) or str(uuid.uuid5(_NS, f"recording/{i}"))
        try:
            create_ts = parse_when(item.get("create_time", "-1d"), start_ts)
        except ValueError as exc:
            raise FixtureError(f"{where}.create_time: {exc}") from exc
        duration = _int(f"{where}.duration_seconds", item.get("duration_seconds"), 60)
        try:
            recorded = item.get("time_recorded")
            time_recorded = create_ts - duration - 30 if recorded is None else parse_when(recorded, start_ts)
        except ValueError as exc:
            raise FixtureError(f"{where}.time_recorded: {exc}") from exc
        transcript = _bool(f"{where}.transcript", item.get("transcript"), False)
        details = RecordingDetails(
            topic=_str(f"{where}.topic", item.get("topic")) or f"Call recording {i + 1}",
            time_recorded=time_recorded,
            duration_seconds=duration,
            size_bytes=_int(
                f"{where}.size_bytes", item.get("size_bytes"), AUDIO_HEADER_BYTES + duration * AUDIO_BYTES_PER_SECOND
            ),
            call_session_id=_str(f"{where}.call_session_id", item.get("call_session_id"))
            or str(uuid.uuid5(_NS, f"session/{rid}")),
            transcript=transcript,
            notes=_bool(f"{where}.notes", item.get("notes"), False),
            prevent_download=_bool(f"{where}.prevent_download", item.get("prevent_download"), False),
        )
        recordings.append(
            Recording(
                id=rid,
                create_ts=create_ts,
                owner_id=owner.id,
                status=_enum(f"{where}.status", item.get("status"), STATUSES, "available"),
                service_type=_enum(f"{where}.service_type", item.get("service_type"), SERVICE_TYPES, "calling"),
                storage_region=_enum(f"{where}.storage_region", item.get("storage_region"), STORAGE_REGIONS, "US"),
                location_id=owner.location_id,
                format=_enum(f"{where}.format", item.get("format"), FORMATS, "MP3"),
                details=details,
            )
        )
    if len({r.id for r in recordings}) != len(recordings):
        raise FixtureError("recordings: ids must be unique")
    return Org(org_id, locations, people, clients, recordings, start_ts)
