"""Details (links, visibility, timezone) and metadata."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import (
    A1,
    A2,
    A3_DELETED,
    A4_PURGED,
    A7_PREVENT,
    A8_ABS,
    ADMIN,
    ADMIN_RO,
    ALICE,
    B1,
    BOB,
    CO,
    CQ1,
    VL1,
    VL_ID,
)

ALL_LINKS = {
    "audioDownloadLink",
    "transcriptDownloadLink",
    "suggestedNotesDownloadLink",
    "shortNotesDownloadLink",
    "actionItemsDownloadLink",
    "expiration",
}


def details(api, rid, token, **kw):
    resp = api.get(f"/convergedRecordings/{rid}", token, **kw)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_owner_gets_links_for_existing_artefacts_only(api):
    assert set(details(api, A1, ALICE)["temporaryDirectDownloadLinks"]) == ALL_LINKS
    assert set(details(api, A2, ALICE)["temporaryDirectDownloadLinks"]) == {
        "audioDownloadLink",
        "transcriptDownloadLink",
        "expiration",
    }
    assert set(details(api, A8_ABS, ALICE)["temporaryDirectDownloadLinks"]) == {"audioDownloadLink", "expiration"}


def test_compliance_officer_gets_links(api):
    assert set(details(api, A1, CO)["temporaryDirectDownloadLinks"]) == ALL_LINKS
    assert "temporaryDirectDownloadLinks" in details(api, VL1, CO)


@pytest.mark.parametrize("token", [ADMIN, ADMIN_RO])
def test_admin_tokens_never_get_links(api, token):
    body = details(api, A1, token)
    assert "temporaryDirectDownloadLinks" not in body
    assert body["id"] == A1


@pytest.mark.parametrize("token", [ALICE, CO])
def test_prevent_download_means_no_links(api, token):
    assert "temporaryDirectDownloadLinks" not in details(api, A7_PREVENT, token)


def test_links_are_absolute_on_the_simulator_and_expire_in_link_ttl(api):
    links = details(api, A1, ALICE)["temporaryDirectDownloadLinks"]
    for key, url in links.items():
        if key != "expiration":
            assert url.startswith(api.sim.root_url + "/downloads/")
    expiration = datetime.fromisoformat(links["expiration"])
    created = datetime.now(expiration.tzinfo)
    assert 10700 < (expiration - created).total_seconds() <= 10801
    assert links["expiration"].endswith("Z")


def test_deleted_recording_details_for_owner(api):
    body = details(api, A3_DELETED, ALICE)
    assert body["status"] == "deleted"


@pytest.mark.parametrize(
    "rid,token",
    [(B1, ALICE), (A1, BOB), (A4_PURGED, ALICE), (A4_PURGED, ADMIN), ("does-not-exist", ADMIN), ("does-not-exist", CO)],
)
def test_foreign_purged_unknown_are_404(api, rid, token):
    resp = api.get(f"/convergedRecordings/{rid}", token)
    assert resp.status_code == 404


def test_purged_visible_to_compliance_officer(api):
    body = details(api, A4_PURGED, CO)
    assert body["status"] == "purged"


def test_timezone_header_on_details(api):
    body = details(api, A8_ABS, ALICE, headers={"timezone": "Asia/Shanghai"})
    assert body["createTime"] == "2024-10-05T00:24:25+08:00"
    assert body["timeRecorded"] == "2024-10-05T00:20:20+08:00"
    body = details(api, A8_ABS, ALICE)
    assert body["createTime"] == "2024-10-04T16:24:25Z"
    assert body["sizeBytes"] == 74222 and body["durationSeconds"] == 23
    assert body["serviceData"]["callSessionId"] == "b51c62ea-bbf6-4828-8959-1e41d8752022"


def test_timezone_bad_on_details(api):
    assert api.get(f"/convergedRecordings/{A1}", ALICE, headers={"timezone": "../../etc/passwd"}).status_code == 400


# metadata ---------------------------------------------------------------------------------------------------------


def metadata(api, rid, token, **params):
    resp = api.get(f"/convergedRecordings/{rid}/metadata", token, params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_metadata_shape_and_upper_case_owner_type(api):
    meta = metadata(api, A1, ALICE)
    assert meta["id"] == A1 and meta["ownerType"] == "USER" and meta["ownerEmail"] == "alice@example.com"
    sd = meta["serviceData"]
    assert sd["callRecordingId"] == A1
    for key in (
        "callingParty",
        "calledParty",
        "callId",
        "session",
        "recordingType",
        "recordingActions",
        "callActivity",
    ):
        assert key in sd
    assert metadata(api, VL1, ADMIN)["ownerType"] == "VIRTUAL_LINE"
    assert metadata(api, VL1, ADMIN)["ownerId"] == VL_ID


def test_metadata_is_deterministic(api):
    assert metadata(api, A1, ALICE) == metadata(api, A1, CO)


def test_show_all_types(api):
    hidden = ("mediaStreams", "participants", "redirectInfo", "redirectedCall")
    short = metadata(api, CQ1, ADMIN)
    full = metadata(api, CQ1, ADMIN, showAllTypes="true")
    assert all(k not in a for a in short["serviceData"]["callActivity"] for k in hidden)
    keys = {k for a in full["serviceData"]["callActivity"] for k in a}
    assert set(hidden) <= keys
    assert metadata(api, CQ1, ADMIN, showAllTypes="false") == short


def test_metadata_visibility(api):
    assert api.get(f"/convergedRecordings/{B1}/metadata", ALICE).status_code == 404
    assert api.get(f"/convergedRecordings/{A4_PURGED}/metadata", ADMIN).status_code == 404
    assert metadata(api, A4_PURGED, CO)["id"] == A4_PURGED
