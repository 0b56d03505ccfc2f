"""The two benchmark jobs written on wxc-sdk (PyPI ``wxc-sdk``) the way its documentation shows.

Runs in its own venv (build/bench/wxcsdk-venv): ``python wxcsdk_bench.py BASE_URL TOKEN trash|info [IDS_FILE]``.
Prints one JSON line: ``{"count": n, ...}``.

- trash: ``list_for_admin_or_compliance_officer(from_, to_, max=100)`` per 30-day window (the API refuses
  longer windows) from 365 to 90 days ago, then ``move_recordings_into_the_recycle_bin(recording_ids=batch)``
  in batches of 100 (the API's maximum).
- info: ``details(id)`` and ``metadata(id)`` per recording, one after the other, as in the SDK's examples.
"""

import json
import sys
from datetime import datetime, timedelta, timezone

from wxc_sdk import WebexSimpleApi
from wxc_sdk.rest import RestSession

OLDER_THAN_DAYS = 90
RETENTION_DAYS = 365
WINDOW = timedelta(days=30)
BATCH = 100


def trash(api):
    recordings = api.converged_recordings
    now = datetime.now(timezone.utc)
    oldest = now - timedelta(days=RETENTION_DAYS)
    to_ = now - timedelta(days=OLDER_THAN_DAYS)
    ids = []
    while to_ > oldest:
        from_ = max(oldest, to_ - WINDOW)
        ids.extend(rec.id for rec in recordings.list_for_admin_or_compliance_officer(from_=from_, to_=to_, max=100))
        to_ = from_
    for start in range(0, len(ids), BATCH):
        recordings.move_recordings_into_the_recycle_bin(recording_ids=ids[start:start + BATCH])
    return {"count": len(ids)}


def info(api, ids_file):
    recordings = api.converged_recordings
    with open(ids_file) as handle:
        ids = json.load(handle)
    with_metadata = 0
    for recording_id in ids:
        recordings.details(recording_id)
        if recordings.metadata(recording_id) is not None:
            with_metadata += 1
    return {"count": len(ids), "with_metadata": with_metadata}


def main():
    base_url, token, job = sys.argv[1:4]
    # wxc_sdk builds every URL as RestSession.BASE + "/" + path: pointing BASE at the simulator is enough.
    RestSession.BASE = base_url.rstrip("/")
    api = WebexSimpleApi(tokens=token)
    result = trash(api) if job == "trash" else info(api, sys.argv[4])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
