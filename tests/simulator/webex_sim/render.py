"""Recordings as the API renders them (RecordingObject field names and order of the spec's examples)."""

from __future__ import annotations

from datetime import UTC, tzinfo

from .model import Recording
from .store import Store
from .timeutil import render


def recording_object(store: Store, rec: Recording, tz: tzinfo = UTC) -> dict:
    owner = store.person(rec.owner_id)
    d = rec.details
    service_data = {"callSessionId": d.call_session_id}
    if rec.location_id is not None:
        service_data = {"locationId": rec.location_id, **service_data}
    return {
        "id": rec.id,
        "topic": d.topic,
        "createTime": render(rec.create_ts, tz),
        "timeRecorded": render(d.time_recorded, tz),
        "ownerId": owner.id,
        "ownerType": owner.type,
        "ownerEmail": owner.email,
        "format": rec.format,
        "durationSeconds": d.duration_seconds,
        "sizeBytes": d.size_bytes,
        "serviceType": rec.service_type,
        "storageRegion": rec.storage_region,
        "status": rec.status,
        "serviceData": service_data,
    }


def sim_view(store: Store, rec: Recording) -> dict:
    """`GET /_sim/recordings` item: the API object plus what the API never shows directly."""
    d = rec.details
    obj = recording_object(store, rec)
    obj["_sim"] = {"transcript": d.transcript, "notes": d.notes, "preventDownload": d.prevent_download}
    return obj
