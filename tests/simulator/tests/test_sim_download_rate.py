"""`--download-rate`: audio is served no faster than the rate, in pieces, and is the same bytes as unthrottled."""

import hashlib
import time

import requests

from webex_sim.content import audio_sha256
from webex_sim.testing import SimulatorProcess

RATE = 1_000_000


def test_audio_is_served_at_the_rate_in_pieces_with_the_same_content():
    from conftest import A1, ALICE, EXAMPLE

    with SimulatorProcess("--fixture", str(EXAMPLE), "--download-rate", str(RATE)) as sim:
        auth = {"Authorization": f"Bearer {ALICE}"}
        details = requests.get(f"{sim.base_url}/convergedRecordings/{A1}", headers=auth, timeout=30).json()
        size = details["sizeBytes"]
        started = time.monotonic()
        arrivals = []
        link = details["temporaryDirectDownloadLinks"]["audioDownloadLink"]
        with requests.get(link, stream=True, timeout=60) as response:
            assert response.status_code == 200 and int(response.headers["Content-Length"]) == size
            body = b""
            for chunk in response.iter_content(chunk_size=16384):
                body += chunk
                arrivals.append(time.monotonic() - started)
        took = time.monotonic() - started
    assert hashlib.sha256(body).hexdigest() == audio_sha256(A1, size)
    assert took >= 0.9 * size / RATE, (took, size)
    # It trickles: bytes keep arriving through the download, not all at its end.
    assert len(arrivals) >= 3 and arrivals[len(arrivals) // 2] < 0.8 * took
