"""Download links: audio bytes, artefacts, who may fetch notes, expiry, tampering."""

from __future__ import annotations

import hashlib
import time

import pytest
import requests
from conftest import A1, A2, ADMIN, ALICE, B1, BOB, CO, EXAMPLE, Api, check

from webex_sim.content import MP3_FRAME_HEADER, audio_sha256
from webex_sim.testing import SimulatorProcess


def links(api, rid, token=ALICE):
    resp = api.get(f"/convergedRecordings/{rid}", token)
    assert resp.status_code == 200
    return resp.json()["temporaryDirectDownloadLinks"], resp.json()


def fetch(url, token=None, **kw):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return check(requests.get(url, headers=headers, timeout=30, **kw))


def test_audio_is_deterministic_mp3_of_size_bytes(api):
    link, item = links(api, A1)
    resp = fetch(link["audioDownloadLink"], stream=True)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "audio/mpeg"
    assert int(resp.headers["Content-Length"]) == item["sizeBytes"]
    digest, size, head = hashlib.sha256(), 0, b""
    for chunk in resp.iter_content(65536):
        if len(head) < 200:
            head += chunk[:200]
        digest.update(chunk)
        size += len(chunk)
    assert size == item["sizeBytes"]
    assert head.startswith(b"ID3")
    assert head[128:132] == MP3_FRAME_HEADER
    assert digest.hexdigest() == audio_sha256(A1, item["sizeBytes"])
    # Same bytes through the CO's link; another recording differs.
    co_link, _unused = links(api, A1, CO)
    assert hashlib.sha256(fetch(co_link["audioDownloadLink"]).content).hexdigest() == digest.hexdigest()
    other, _unused = links(api, A2)
    assert hashlib.sha256(fetch(other["audioDownloadLink"]).content).hexdigest() != digest.hexdigest()


def test_transcript_needs_no_token(api):
    link, _unused = links(api, A1)
    resp = fetch(link["transcriptDownloadLink"])
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/vtt")
    assert resp.text.startswith("WEBVTT")
    assert fetch(link["transcriptDownloadLink"]).content == resp.content


@pytest.mark.parametrize(
    "artefact", ["suggestedNotesDownloadLink", "shortNotesDownloadLink", "actionItemsDownloadLink"]
)
def test_notes_need_the_owner_or_a_compliance_officer(api, artefact):
    link, _unused = links(api, A1)
    url = link[artefact]
    assert fetch(url).status_code == 401
    assert fetch(url, "bogus").status_code == 401
    assert fetch(url, BOB).status_code == 403
    assert fetch(url, ADMIN).status_code == 403
    owner = fetch(url, ALICE)
    assert owner.status_code == 200
    assert owner.headers["Content-Type"].startswith("text/html")
    assert A1 in owner.text
    assert fetch(url, CO).content == owner.content


def test_missing_artefact_is_404(api):
    link, _unused = links(api, A2)  # transcript only, no notes
    assert fetch(link["audioDownloadLink"].replace("/audio", "/suggestedNotes"), ALICE).status_code == 404
    assert fetch(link["audioDownloadLink"].replace("/audio", "/video")).status_code == 404


def test_tampered_link_is_403(api):
    link, _unused = links(api, A1)
    url = link["audioDownloadLink"]
    token = url.split("/downloads/")[1].split("/")[0]
    payload, mac = token.split(".")
    forged_payload = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    assert fetch(url.replace(token, f"{forged_payload}.{mac}")).status_code == 403
    assert fetch(url.replace(token, "garbage")).status_code == 403


def test_link_of_recording_deleted_for_good_is_404(api):
    link, _unused = links(api, B1, BOB)
    assert api.delete(f"/convergedRecordings/{B1}", CO, json={"reason": "audit"}).status_code == 204
    assert fetch(link["audioDownloadLink"]).status_code == 404


def test_links_expire_after_link_ttl():
    with SimulatorProcess("--fixture", str(EXAMPLE), "--link-ttl", "1") as sim:
        api = Api(sim)
        link, _unused = links(api, A1)
        assert fetch(link["transcriptDownloadLink"]).status_code == 200
        time.sleep(2.1)
        resp = fetch(link["audioDownloadLink"])
        assert resp.status_code == 403
        assert "expired" in resp.json()["message"]
        assert fetch(link["suggestedNotesDownloadLink"], ALICE).status_code == 403
