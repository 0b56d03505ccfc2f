"""Several orgs in one process (--orgs K, or `orgs:` in a fixture): the token decides the org, no org sees another's
data, the Service App token endpoint, its refresh grant per org, and GET /v1/organizations for a partner."""

from __future__ import annotations

import base64
import subprocess
import sys
import time

import pytest
import yaml
from conftest import SIM_DIR, Api

from webex_sim.testing import SimulatorProcess

PARTNER = "sim-partner-token"  # spark:applications_token and spark-admin:organizations_read
PARTNER_READ = "sim-partner-read-token"  # spark-admin:organizations_read only
CLIENT_ID = "sim-service-app-client-id"
SECRET = "sim-service-app-client-secret"
APP_ID = base64.b64encode(f"ciscospark://us/APPLICATION/{CLIENT_ID}".encode()).decode().rstrip("=")


def admin(index: int) -> str:
    return "sim-admin-token" if index == 0 else f"sim-org{index}-admin-token"


@pytest.fixture(scope="module")
def fleet():
    # org 1 never authorized the app, org 2 rejects the app's tokens, org 3 answers only 5xx.
    args = ["--orgs", "5", "--generate", "40", "--seed", "3", "--owners", "8", "--days", "20"]
    args += ["--unauthorized-orgs", "1", "--broken-orgs", "2", "--storm-orgs", "3"]
    with SimulatorProcess(*args) as sim:
        yield sim


@pytest.fixture
def api(fleet: SimulatorProcess) -> Api:
    fleet.reset()
    return Api(fleet)


def orgs(sim: SimulatorProcess) -> list[dict]:
    return sim.orgs()["items"]


def mint(api: Api, index: int, token: str | None = PARTNER, **override) -> object:
    body = {"clientId": CLIENT_ID, "clientSecret": SECRET, "targetOrgId": orgs(api.sim)[index]["webex_id"]}
    body.update(override)
    return api.post(f"/applications/{APP_ID}/token", token, json=body)


def listed_ids(api: Api, token: str, status: str = "available") -> set[str]:
    """Every recording in `status` the token lists (the generated orgs span 20 days: one 30-day window)."""
    ids: set[str] = set()
    url = "/admin/convergedRecordings"
    now = time.time()
    start, end = (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + d * 86400)) for d in (-29, 1))
    params: dict | None = {"max": 100, "from": start, "to": end, "status": status}
    while url:
        resp = api.get(url, token, params=params, purged=status == "purged")
        assert resp.status_code == 200, resp.text
        ids |= {item["id"] for item in resp.json()["items"]}
        url = resp.links.get("next", {}).get("url")
        params = None
    return ids


def test_each_org_has_its_own_recordings_and_the_token_decides_which(api):
    items = orgs(api.sim)
    assert [o["index"] for o in items] == [0, 1, 2, 3, 4]
    assert len({o["org_id"] for o in items}) == 5
    seen = []
    for index in (0, 1, 4):
        expected = {r["id"] for r in api.sim.recordings(org=index) if r["status"] == "available"}
        assert listed_ids(api, admin(index)) == expected
        seen.append(expected)
    assert not seen[0] & seen[1] and not seen[0] & seen[2] and not seen[1] & seen[2]


def test_org_zero_of_a_fleet_is_the_one_org_simulator(tmp_path):
    with SimulatorProcess("--generate", "40", "--seed", "3", "--owners", "8") as single:
        alone = {r["id"] for r in single.recordings()}
    with SimulatorProcess("--orgs", "2", "--generate", "40", "--seed", "3", "--owners", "8") as pair:
        assert {r["id"] for r in pair.recordings(org=0)} == alone
        assert not {r["id"] for r in pair.recordings(org=1)} & alone


def test_a_recording_of_another_org_is_not_found(api):
    other = api.sim.recordings(org=1)[0]["id"]
    assert api.get(f"/convergedRecordings/{other}", admin(0)).status_code == 404
    assert api.get(f"/convergedRecordings/{other}", admin(1)).status_code == 200


def test_people_of_another_org_are_not_found(api):
    fixture_people = "org1.example.com"
    # Org admins here hold recordings scopes only; the Service App token holds people read.
    token = mint(api, 0).json()["access_token"]
    found = api.get("/people", token, params={"email": f"admin@{fixture_people}"})
    assert found.status_code == 200 and found.json()["items"] == []
    own = api.get("/people", token, params={"email": "admin@example.com"})
    assert [p["emails"] for p in own.json()["items"]] == [["admin@example.com"]]


def test_webhooks_of_another_org_are_invisible(api):
    body = {"name": "h", "targetUrl": "https://example.com/h", "resource": "convergedRecordings", "event": "all"}
    created = api.post("/webhooks", admin(0), json={**body, "ownedBy": "org"})
    assert created.status_code == 200, created.text
    hook_id = created.json()["id"]
    assert api.get("/webhooks", admin(4), params={"ownedBy": "org"}).json()["items"] == []
    assert api.get(f"/webhooks/{hook_id}", admin(4)).status_code == 404
    assert api.get(f"/webhooks/{hook_id}", admin(0)).status_code == 200
    assert api.delete(f"/webhooks/{hook_id}", admin(0)).status_code == 204


def test_a_minted_token_acts_in_its_org_only(api):
    resp = mint(api, 4)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "token_type"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    for status in ("available", "purged"):
        expected = {r["id"] for r in api.sim.recordings(org=4) if r["status"] == status}
        # The Service App acts as a compliance officer: it sees purged recordings too.
        assert listed_ids(api, body["access_token"], status) == expected


def test_target_org_id_may_be_the_uuid_too(api):
    uuid_id = orgs(api.sim)[4]["org_id"]
    assert mint(api, 4, targetOrgId=uuid_id).status_code == 200


@pytest.mark.parametrize(
    ("token", "override", "status"),
    [
        (None, {}, 401),
        ("not-a-token", {}, 401),
        (PARTNER_READ, {}, 403),  # no spark:applications_token
        (admin(0), {}, 403),  # an org admin's token lacks it too
        (PARTNER, {"clientSecret": "expired-secret"}, 400),
        (PARTNER, {"clientId": "someone-else"}, 400),
        (PARTNER, {"targetOrgId": ""}, 400),
        (PARTNER, {"targetOrgId": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub3BlLW9yZw"}, 403),
    ],
)
def test_the_token_endpoint_refuses_bad_callers_and_bodies(api, token, override, status):
    assert mint(api, 0, token, **override).status_code == status


def test_an_unknown_application_is_not_found(api):
    body = {"clientId": CLIENT_ID, "clientSecret": SECRET, "targetOrgId": orgs(api.sim)[0]["webex_id"]}
    other = base64.b64encode(b"ciscospark://us/APPLICATION/other").decode().rstrip("=")
    assert api.post(f"/applications/{other}/token", PARTNER, json=body).status_code == 404


def test_an_org_that_has_not_authorized_the_app_answers_403(api):
    resp = mint(api, 1)
    assert resp.status_code == 403
    assert "not authorized" in resp.json()["message"]


def test_a_broken_org_mints_tokens_that_are_then_rejected(api):
    resp = mint(api, 2)
    assert resp.status_code == 200
    assert api.get("/admin/convergedRecordings", resp.json()["access_token"]).status_code == 401


def test_a_storm_org_answers_5xx_and_leaves_the_others_alone(api):
    token = mint(api, 3)
    # The token call is the partner's, outside the org; the org's own calls fail.
    assert token.status_code == 200
    assert api.get("/admin/convergedRecordings", token.json()["access_token"]).status_code in (500, 502, 503)
    assert api.get("/admin/convergedRecordings", admin(3)).status_code in (500, 502, 503)
    assert api.get("/admin/convergedRecordings", admin(4)).status_code == 200


def test_the_refresh_grant_renews_a_minted_token_in_its_org(api):
    first = mint(api, 4).json()
    form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": SECRET}
    renewed = api.post("/access_token", data={**form, "refresh_token": first["refresh_token"]})
    assert renewed.status_code == 200, renewed.text
    new_token = renewed.json()["access_token"]
    assert new_token != first["access_token"]
    assert listed_ids(api, new_token) == {r["id"] for r in api.sim.recordings(org=4) if r["status"] == "available"}
    wrong = api.post("/access_token", data={**form, "client_secret": "x", "refresh_token": first["refresh_token"]})
    assert wrong.status_code == 401


def test_the_refresh_grant_fails_for_a_broken_org(api):
    first = mint(api, 2).json()
    form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": SECRET}
    assert api.post("/access_token", data={**form, "refresh_token": first["refresh_token"]}).status_code == 400


def test_minted_tokens_survive_a_reset(api):
    token = mint(api, 0).json()["access_token"]
    api.sim.reset()
    assert api.get("/admin/convergedRecordings", token).status_code == 200


def test_a_partner_lists_every_org(api):
    resp = api.get("/organizations", PARTNER_READ)
    assert resp.status_code == 200
    items = resp.json()["items"]
    assert [o["displayName"] for o in items] == [o["name"] for o in orgs(api.sim)]
    assert all(set(o) == {"id", "displayName", "created"} for o in items)
    decoded = base64.b64decode(items[1]["id"] + "==").decode()
    assert decoded == f"ciscospark://us/ORGANIZATION/{orgs(api.sim)[1]['org_id']}"


def test_an_org_admin_sees_only_their_org_and_a_user_none(api):
    own = api.get("/organizations", admin(4))
    assert [o["displayName"] for o in own.json()["items"]] == [orgs(api.sim)[4]["name"]]
    assert api.get("/organizations", "sim-org4-user001-token").status_code == 403
    assert api.get("/organizations").status_code == 401


def test_downloads_work_for_every_org(api):
    rid = next(r["id"] for r in api.sim.recordings(org=4) if r["status"] == "available")
    details = api.get(f"/convergedRecordings/{rid}", mint(api, 4).json()["access_token"])
    link = details.json()["temporaryDirectDownloadLinks"]["audioDownloadLink"]
    assert api.get(link).status_code == 200


def fleet_fixture(tmp_path, second_token: str) -> str:
    data = {
        "orgs": [
            {
                "name": "North",
                "people": [{"email": "a@n.example", "token": "north-admin", "scopes": ["spark-admin:recordings_read"]}],
            },
            {
                "name": "South",
                "authorized": False,
                "people": [{"email": "a@s.example", "token": second_token, "scopes": ["spark-admin:recordings_read"]}],
                "recordings": [{"owner": "a@s.example"}],
            },
        ]
    }
    path = tmp_path / "fleet.yml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_a_fixture_with_several_orgs(tmp_path):
    with SimulatorProcess("--fixture", fleet_fixture(tmp_path, "south-admin")) as sim:
        api = Api(sim)
        items = sim.orgs()["items"]
        assert [(o["name"], o["authorized"], o["recordings"]) for o in items] == [
            ("North", True, 0),
            ("South", False, 1),
        ]
        assert api.get("/admin/convergedRecordings", "north-admin").json()["items"] == []
        assert len(api.get("/admin/convergedRecordings", "south-admin").json()["items"]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--orgs", "0"], "--orgs must be at least 1"),
        (["--orgs", "2", "--broken-orgs", "2"], "not below --orgs 2"),
    ],
)
def test_bad_fleet_options_exit_with_a_message(args, message):
    proc = subprocess.run(
        [sys.executable, "-m", "webex_sim", "--port", "0", *args],
        cwd=SIM_DIR,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2
    assert message in proc.stderr


def test_a_token_in_two_orgs_of_a_fixture_is_refused(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "webex_sim", "--port", "0", "--fixture", fleet_fixture(tmp_path, "north-admin")],
        cwd=SIM_DIR,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2
    assert "used in two orgs" in proc.stderr
