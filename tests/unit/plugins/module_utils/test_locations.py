"""Location names: ``GET /v1/locations`` (base64 ids, pages) mapped to the plain ids recordings carry; 403 falls back."""

import base64

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._locations import look_up_locations, names_by_uuid
from tests.unit.fake_transport import Expect, fake_client

HQ = "10000000-0000-4000-8000-000000000001"
LONDON = "10000000-0000-4000-8000-000000000002"


def webex_id(uuid, region="us"):
    return base64.b64encode(("ciscospark://%s/LOCATION/%s" % (region, uuid)).encode()).decode().rstrip("=")


def test_names_by_uuid():
    items = [
        {"id": webex_id(HQ), "name": "Headquarters"},
        {"id": webex_id(LONDON, region="urn:TEAM:eu-central-1_k"), "name": "London"},
        {"id": webex_id("no-name")},
        {"name": "no id"},
    ]
    assert names_by_uuid(items) == {HQ: "Headquarters", LONDON: "London"}


def test_look_up_follows_the_pages():
    client, transport, _sleeps = fake_client(
        [
            Expect(
                "GET",
                "/locations",
                query={"max": "1000"},
                json={"items": [{"id": webex_id(HQ), "name": "Headquarters"}]},
                headers={"Link": '<https://webexapis.example/v1/locations?start=1&max=1000>; rel="next"'},
            ),
            Expect("GET", "/locations?start=1&max=1000", json={"items": [{"id": webex_id(LONDON), "name": "London"}]}),
        ]
    )
    assert look_up_locations(client) == {"status": "checked", "names": {HQ: "Headquarters", LONDON: "London"}, "message": ""}
    transport.assert_done()


@pytest.mark.parametrize("status", [401, 403])
def test_a_token_that_may_not_read_locations_falls_back_to_ids(status):
    client, transport, _sleeps = fake_client([Expect("GET", "/locations", status=status, json={"message": "no", "trackingId": "T1"})])
    found = look_up_locations(client)
    assert found["status"] == "not permitted" and found["names"] == {}
    assert found["message"].startswith("locations not looked up: the token may not read locations (HTTP %d; scope spark-admin:locations_read" % status)
    assert "tok-SECRET-canary" not in found["message"]
    transport.assert_done()


def test_other_errors_fail_nothing():
    client, transport, _sleeps = fake_client([Expect("GET", "/locations", status=404, json={"message": "not here", "trackingId": "T2"})])
    found = look_up_locations(client)
    assert found["status"] == "failed" and found["names"] == {}
    assert found["message"].startswith("locations not looked up: Webex API GET /locations failed with HTTP 404: not here")
    assert found["message"].endswith("the report shows location ids") and "tok-SECRET-canary" not in found["message"]
    transport.assert_done()
