"""`GET /convergedRecordings/{id}/metadata`: the spec's shape, derived from the recording id."""

from __future__ import annotations

import random
import uuid

from .model import Person, Recording
from .timeutil import render

OWNER_TYPE_UPPER = {"user": "USER", "place": "PLACE", "virtualLine": "VIRTUAL_LINE", "callQueue": "CALL_QUEUE"}
# Hidden unless showAllTypes=true (per the spec's parameter description).
HIDDEN_ACTIVITY_KEYS = ("mediaStreams", "participants", "redirectInfo", "redirectedCall")


def _party(actor_type: str, actor_id: str, number: str, name: str, email: str | None = None) -> dict:
    actor = {"type": actor_type, "id": actor_id}
    if email:
        actor["email"] = email
    return {"actor": actor, "number": number, "name": name}


def build(rec: Recording, owner: Person, org_id: str, show_all: bool) -> dict:
    r = random.Random(f"metadata/{rec.id}")
    d = rec.details
    start = d.time_recorded
    stop = start + d.duration_seconds
    extension = r.randint(1000, 8999)
    owner_type = OWNER_TYPE_UPPER[owner.type]
    own = _party(owner_type, owner.id, f"sip:{extension}@sim.webex.example;user=phone", owner.name, owner.email)
    remote_id = str(uuid.UUID(int=r.getrandbits(128), version=4))
    remote_number = f"tel:+1{r.randint(200, 989)}555{r.randint(0, 9999):04d}"
    remote = _party("EXTERNAL", remote_id, remote_number, "External Caller")
    originator = r.random() < 0.5
    calling, called = (own, remote) if originator else (remote, own)
    stream_id = str(uuid.UUID(int=r.getrandbits(128), version=4))
    activity = {
        "timeStamp": render(start + 2),
        "mediaStreams": [{"streamId": stream_id, "mode": "mixed", "mLineIndex": "0"}],
        "participants": [
            {"actor": calling["actor"], "aor": calling["number"], "send": stream_id},
            {"actor": called["actor"], "aor": called["number"], "send": stream_id},
        ],
        "announcementData": {
            "announcementFilename": "http:///media/en_US/TrtCallRecordingStarted.wav",
            "announcementTimestamp": render(start + 1),
            "announcementParticipants": [calling["number"], called["number"]],
            "announcementType": "USER_LEVEL",
        },
    }
    activities = [activity]
    if rec.service_type == "customerAssist" or owner.type == "callQueue" or r.random() < 0.15:
        # Queue and forwarded calls carry redirect data, which showAllTypes=false hides.
        activities.append(
            {
                "timeStamp": render(start + 5),
                "redirectInfo": {"reason": "QUEUE" if rec.service_type == "customerAssist" else "UNCONDITIONAL"},
                "redirectedCall": {"callId": f"callhalf-{r.randint(100000, 999999)}:1", "number": remote_number},
            }
        )
    actions = [{"action": "START", "time": render(start)}]
    if d.duration_seconds > 60 and r.random() < 0.3:
        actions += [{"action": "PAUSE", "time": render(start + 20)}, {"action": "RESUME", "time": render(start + 40)}]
    if not show_all:
        activities = [{k: v for k, v in a.items() if k not in HIDDEN_ACTIVITY_KEYS} for a in activities]
    return {
        "id": rec.id,
        "orgId": org_id,
        "ownerId": owner.id,
        "ownerType": owner_type,
        "ownerName": owner.name,
        "ownerEmail": owner.email,
        "storageRegion": rec.storage_region,
        "serviceType": rec.service_type,
        "version": "1.2",
        "serviceData": {
            "callRecordingId": rec.id,
            "locationId": rec.location_id or "",
            "callSessionId": d.call_session_id,
            "personality": "originator" if originator else "terminator",
            "callingParty": calling,
            "calledParty": called,
            "callId": f"callhalf-{r.randint(100000, 999999)}:0",
            "session": {"startTime": render(start), "stopTime": render(stop)},
            "recordingType": r.choice(["alwaysON", "alwaysON", "onDemand"]),
            "answererInfo": called,
            "recordingActions": actions,
            "callActivity": activities,
            "managedBy": own,
            "connectedParty": remote,
        },
    }
