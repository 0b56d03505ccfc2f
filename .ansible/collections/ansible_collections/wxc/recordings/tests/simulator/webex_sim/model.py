"""Plain data of a simulated org: locations, people, recordings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

OWNER_TYPES = ("user", "place", "virtualLine", "callQueue")
STATUSES = ("available", "deleted", "purged")
SERVICE_TYPES = ("calling", "customerAssist")
STORAGE_REGIONS = ("US", "SG", "GB", "JP", "DE", "AU", "IN", "CA")
FORMATS = ("MP3",)
ARTIFACTS = ("audio", "transcript", "suggestedNotes", "shortNotes", "actionItems")

USER_READ = "spark:recordings_read"
USER_WRITE = "spark:recordings_write"
ADMIN_READ = "spark-admin:recordings_read"
ADMIN_WRITE = "spark-admin:recordings_write"
CO_READ = "spark-compliance:recordings_read"
CO_WRITE = "spark-compliance:recordings_write"

USER_SCOPES = (USER_READ, USER_WRITE)
ADMIN_SCOPES = (ADMIN_READ, ADMIN_WRITE)
CO_SCOPES = (CO_READ, CO_WRITE)

# The ID3 tag the simulated MP3 starts with; sizes of generated recordings are this plus 2,000 bytes a second.
AUDIO_HEADER_BYTES = 128
AUDIO_BYTES_PER_SECOND = 2000


@dataclass(slots=True)
class Location:
    id: str
    name: str


@dataclass(slots=True)
class Person:
    id: str
    email: str
    name: str
    type: str
    location_id: str | None
    scopes: frozenset[str] = frozenset()
    token: str | None = None
    refresh_token: str | None = None

    @property
    def role(self) -> str:
        # Compliance officer first: a token holding compliance scopes is treated as a CO everywhere.
        if self.scopes & {CO_READ, CO_WRITE}:
            return "compliance_officer"
        if self.scopes & {ADMIN_READ, ADMIN_WRITE}:
            return "admin"
        return "user"


@dataclass(slots=True, frozen=True)
class RecordingDetails:
    """Attributes that never change after load; generated orgs compute them on first use."""

    topic: str
    time_recorded: int
    duration_seconds: int
    size_bytes: int
    call_session_id: str
    transcript: bool
    notes: bool
    prevent_download: bool


class Recording:
    """One recording. Only status and owner_id change (the lifecycle calls and reassign)."""

    __slots__ = (
        "_derive",
        "_details",
        "create_ts",
        "format",
        "id",
        "location_id",
        "owner_id",
        "service_type",
        "status",
        "storage_region",
    )

    def __init__(
        self,
        id: str,
        create_ts: int,
        owner_id: str,
        status: str,
        service_type: str,
        storage_region: str,
        location_id: str | None,
        format: str = "MP3",
        details: RecordingDetails | None = None,
        derive: Callable[[Recording], RecordingDetails] | None = None,
    ):
        self.id = id
        self.create_ts = create_ts
        self.owner_id = owner_id
        self.status = status
        self.service_type = service_type
        self.storage_region = storage_region
        self.location_id = location_id
        self.format = format
        self._details = details
        self._derive = derive

    @property
    def details(self) -> RecordingDetails:
        if self._details is None:
            assert self._derive is not None
            self._details = self._derive(self)
        return self._details

    @property
    def key(self) -> tuple[int, str]:
        return (self.create_ts, self.id)


@dataclass(slots=True)
class Client:
    client_id: str
    client_secret: str


@dataclass
class Org:
    org_id: str
    locations: list[Location]
    people: list[Person]
    clients: list[Client]
    recordings: list[Recording]
    start_ts: int
    people_by_id: dict[str, Person] = field(init=False)
    people_by_email: dict[str, Person] = field(init=False)

    def __post_init__(self) -> None:
        self.people_by_id = {p.id: p for p in self.people}
        self.people_by_email = {p.email.lower(): p for p in self.people}
