"""A deterministic, realistic org for `--generate N --seed S --days D --owners K`.

Only what lists filter and sort on is drawn up front (id, createTime, owner, status, service type, region), so
100,000 recordings load in well under a second; everything else is derived from (seed, id) on first use, so
it is identical in every run with the same seed.
"""

from __future__ import annotations

import math
import random
import uuid
from itertools import accumulate

from .model import (
    ADMIN_READ,
    ADMIN_SCOPES,
    AUDIO_BYTES_PER_SECOND,
    AUDIO_HEADER_BYTES,
    CO_SCOPES,
    USER_SCOPES,
    Client,
    Location,
    Org,
    Person,
    Recording,
    RecordingDetails,
)

CLIENT_ID = "sim-client-id"
CLIENT_SECRET = "sim-client-secret"

_LOCATIONS = [
    ("Headquarters", "US"),
    ("London Office", "GB"),
    ("Frankfurt Office", "DE"),
    ("Singapore Office", "SG"),
    ("Sydney Office", "AU"),
    ("Toronto Office", "CA"),
]
_FIRST = ["Ava", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas", "Kira", "Liam"]
_LAST = ["Andersen", "Brown", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kumar"]
_QUEUES = ["Support", "Sales", "Billing", "Reception", "Service Desk", "Claims"]
_LINES = ["Front Desk", "Shared Line", "Night Service", "Lobby", "Warehouse", "Hotline"]
_PLACES = ["Meeting Room", "Lobby Phone", "Lab Phone", "Kitchen Phone", "Shop Floor"]

# Every block of 20 owners: 16 users, 2 virtual lines, 1 workspace (place), 1 call queue.
_OWNER_PATTERN = ["user"] * 16 + ["virtualLine", "virtualLine", "place", "callQueue"]
_EMAIL_PREFIX = {"user": "user", "virtualLine": "vl-", "place": "place-", "callQueue": "cq-"}


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def owner_type_for(index: int) -> str:
    """Type of the owner at 0-based position `index`."""
    return _OWNER_PATTERN[index % len(_OWNER_PATTERN)]


def generate(
    n: int, seed: int, days: int, owners: int, start_ts: int, prefix: str = "sim-", domain: str = "example.com"
) -> Org:
    """`prefix` starts every token, `domain` ends every email: several orgs in one process (--orgs) differ in both."""
    rng = random.Random(seed)
    org_id = _uuid(rng)
    locations = []
    regions = {}
    for name, region in _LOCATIONS[: rng.randint(3, 6)]:
        loc = Location(_uuid(rng), name)
        locations.append(loc)
        regions[loc.id] = region
    hq = locations[0].id

    people = [
        Person(
            _uuid(rng),
            f"admin@{domain}",
            "Sim Admin",
            "user",
            hq,
            frozenset(ADMIN_SCOPES),
            f"{prefix}admin-token",
            f"{prefix}admin-refresh",
        ),
        Person(
            _uuid(rng),
            f"admin-ro@{domain}",
            "Sim Read-only Admin",
            "user",
            hq,
            frozenset({ADMIN_READ}),
            f"{prefix}admin-ro-token",
            f"{prefix}admin-ro-refresh",
        ),
        Person(
            _uuid(rng),
            f"compliance@{domain}",
            "Sim Compliance Officer",
            "user",
            hq,
            frozenset(CO_SCOPES),
            f"{prefix}compliance-token",
            f"{prefix}compliance-refresh",
        ),
    ]
    owner_people: list[Person] = []
    counters = dict.fromkeys(_EMAIL_PREFIX, 0)
    for i in range(owners):
        kind = owner_type_for(i)
        counters[kind] += 1
        num = f"{counters[kind]:03d}"
        # Most people sit at headquarters, as in real orgs.
        loc = hq if rng.random() < 0.5 else rng.choice(locations).id
        pid = _uuid(rng)
        if kind == "user":
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            person = Person(
                pid,
                f"user{num}@{domain}",
                name,
                kind,
                loc,
                frozenset(USER_SCOPES),
                f"{prefix}user{num}-token",
                f"{prefix}user{num}-refresh",
            )
        else:
            pool = {"virtualLine": _LINES, "place": _PLACES, "callQueue": _QUEUES}[kind]
            label = {"virtualLine": "Virtual Line", "place": "Workspace", "callQueue": "Call Queue"}[kind]
            name = f"{pool[(counters[kind] - 1) % len(pool)]} {label} {num}"
            person = Person(pid, f"{_EMAIL_PREFIX[kind]}{num}@{domain}", name, kind, loc)
        owner_people.append(person)
    people.extend(owner_people)

    # A few owners record far more than others (log-normal weights), like real call centres and sales teams.
    cum_weights = list(accumulate(rng.lognormvariate(0, 0.9) for _unused in owner_people))
    span = max(1, int(days * 86400))
    derive = _Deriver(seed)
    recordings = []
    for _unused in range(n):
        rid = _uuid(rng)
        owner = rng.choices(owner_people, cum_weights=cum_weights)[0] if owner_people else people[0]
        create_ts = start_ts - 1 - int(rng.random() * span)
        roll = rng.random()
        status = "available" if roll < 0.9 else ("deleted" if roll < 0.98 else "purged")
        if owner.type == "callQueue":
            service = "customerAssist" if rng.random() < 0.85 else "calling"
        else:
            service = "customerAssist" if rng.random() < 0.05 else "calling"
        recordings.append(
            Recording(
                rid,
                create_ts,
                owner.id,
                status,
                service,
                regions.get(owner.location_id or "", "US"),
                owner.location_id,
                derive=derive,
            )
        )
    return Org(org_id, locations, people, [Client(CLIENT_ID, CLIENT_SECRET)], recordings, start_ts)


class _Deriver:
    """Computes the lazily derived attributes of a generated recording from (seed, id) alone."""

    def __init__(self, seed: int):
        self.seed = seed

    def __call__(self, rec: Recording) -> RecordingDetails:
        r = random.Random(f"{self.seed}/{rec.id}")
        # Real call lengths: median about 2.5 minutes, long tail, clamped to 10 s .. 2 h.
        duration = int(min(7200, max(10, r.lognormvariate(math.log(150), 1.1))))
        processing = r.randint(5, 120)
        if rec.service_type == "customerAssist":
            topic = f"Customer Assist call with +1 {r.randint(200, 989)} 555 {r.randint(0, 9999):04d}"
        elif r.random() < 0.5:
            topic = f"Call with {r.choice(_FIRST)} {r.choice(_LAST)}"
        else:
            topic = f"Call with +{r.choice([1, 44, 49, 65, 61])} {r.randint(200, 989)} {r.randint(0, 9999999):07d}"
        transcript = r.random() < 0.4
        notes = transcript and r.random() < 0.6
        return RecordingDetails(
            topic=topic,
            time_recorded=rec.create_ts - duration - processing,
            duration_seconds=duration,
            size_bytes=AUDIO_HEADER_BYTES + duration * AUDIO_BYTES_PER_SECOND,
            call_session_id=_uuid(r),
            transcript=transcript,
            notes=notes,
            prevent_download=r.random() < 0.03,
        )
