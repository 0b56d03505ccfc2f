"""GET /v1/people?email=: people of the fixture, 403 without a people scope, an empty list for an unknown email."""

from __future__ import annotations

import base64

import pytest
import yaml
from conftest import ADMIN, EXAMPLE, Api

from webex_sim.testing import SimulatorProcess


@pytest.fixture(scope="module")
def people_api(tmp_path_factory):
    fixture = yaml.safe_load(EXAMPLE.read_text())
    for person in fixture["people"]:
        if person.get("token") == ADMIN:
            person["scopes"] = [*list(person["scopes"]), "spark-admin:people_read"]
    path = tmp_path_factory.mktemp("people") / "org.yml"
    path.write_text(yaml.safe_dump(fixture))
    with SimulatorProcess("--fixture", str(path)) as sim:
        yield Api(sim), fixture


def test_without_a_people_scope_the_lookup_is_forbidden(api):
    response = api.get("/people", ADMIN, params={"email": "alice@example.com"})
    assert response.status_code == 403


def test_a_known_email_gives_that_person_with_a_base64_webex_id(people_api):
    api, fixture = people_api
    alice = next(p for p in fixture["people"] if p["email"] == "alice@example.com")
    response = api.get("/people", ADMIN, params={"email": "ALICE@example.com"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["emails"] for item in items] == [["alice@example.com"]]
    decoded = base64.b64decode(items[0]["id"] + "==").decode()
    assert decoded == "ciscospark://us/PEOPLE/{}".format(alice["id"])


def test_an_unknown_email_is_an_empty_list(people_api):
    api, _fixture = people_api
    response = api.get("/people", ADMIN, params={"email": "carl@example.com"})
    assert response.status_code == 200 and response.json()["items"] == []


def test_the_email_is_required(people_api):
    api, _fixture = people_api
    assert api.get("/people", ADMIN).status_code == 400
