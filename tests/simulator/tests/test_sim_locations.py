"""GET /v1/locations: the caller's org's locations with base64 Webex ids, 403 without a locations or people scope,
the name and id filters, pages with a Link header, and in a multi-org process only the caller's org."""

from __future__ import annotations

import base64

import pytest
import yaml
from conftest import ADMIN, EXAMPLE, Api
from test_sim_orgs import mint

from webex_sim.testing import SimulatorProcess


def plain(webex_id: str) -> str:
    decoded = base64.b64decode(webex_id + "=" * (-len(webex_id) % 4)).decode()
    assert decoded.startswith("ciscospark://us/LOCATION/"), decoded
    return decoded.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def locations_api(tmp_path_factory):
    fixture = yaml.safe_load(EXAMPLE.read_text())
    for person in fixture["people"]:
        if person.get("token") == ADMIN:
            person["scopes"] = [*list(person["scopes"]), "spark-admin:locations_read"]
    path = tmp_path_factory.mktemp("locations") / "org.yml"
    path.write_text(yaml.safe_dump(fixture))
    with SimulatorProcess("--fixture", str(path)) as sim:
        yield Api(sim), fixture


def test_without_a_locations_scope_the_list_is_forbidden(api):
    assert api.get("/locations", ADMIN).status_code == 403


def test_the_fixture_locations_with_base64_ids(locations_api):
    api, fixture = locations_api
    response = api.get("/locations", ADMIN)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(plain(item["id"]), item["name"]) for item in items] == [
        (loc["id"], loc["name"]) for loc in fixture["locations"]
    ]
    assert all(not item["id"].endswith("=") for item in items)


def test_name_and_id_filters(locations_api):
    api, fixture = locations_api
    first = fixture["locations"][0]
    by_name = api.get("/locations", ADMIN, params={"name": first["name"][:4].upper()}).json()["items"]
    assert first["name"] in [item["name"] for item in by_name]
    by_id = api.get("/locations", ADMIN, params={"id": first["id"]}).json()["items"]
    assert [item["name"] for item in by_id] == [first["name"]]


def test_pages_follow_the_link_header(locations_api):
    api, fixture = locations_api
    names, url, params = [], "/locations", {"max": 1}
    while url:
        response = api.get(url, ADMIN, params=params)
        names += [item["name"] for item in response.json()["items"]]
        url, params = response.links.get("next", {}).get("url"), None
    assert names == [loc["name"] for loc in fixture["locations"]]
    assert len(names) > 1


def test_each_org_sees_its_own_locations():
    with SimulatorProcess("--orgs", "2", "--generate", "30", "--seed", "5", "--owners", "5", "--days", "20") as sim:
        api = Api(sim)
        seen = []
        for index in (0, 1):
            token = mint(api, index).json()["access_token"]
            items = api.get("/locations", token).json()["items"]
            ids = {plain(item["id"]) for item in items}
            recorded = {r["serviceData"]["locationId"] for r in sim.recordings(org=index) if r.get("serviceData")}
            assert recorded and recorded <= ids
            seen.append(ids)
        assert not seen[0] & seen[1]
