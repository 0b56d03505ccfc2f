"""The inventory wxc.recordings.webex_orgs, loaded as Ansible loads it: static list, partner token (against ordered HTTP
expectations), name filter, host vars, compose/keyed_groups, and a cache that never holds a token."""

import base64
import json
import os
import sys

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from plugin_harness import BASE_URL, run_plugin  # noqa: E402

NAME = "wxc.recordings.webex_orgs"
PARTNER = "partner-TOKEN-canary"


def org_id(raw):
    return base64.b64encode(("ciscospark://us/ORGANIZATION/" + raw).encode()).decode().rstrip("=")


ACME = "11111111-1111-4111-8111-111111111111"
GLOBEX = "22222222-2222-4222-8222-222222222222"
ACME_UK = "33333333-3333-4333-8333-333333333333"
ORGS = {
    "items": [
        {"id": org_id(ACME), "displayName": "Acme Corp", "created": "2024-01-01T00:00:00.000Z"},
        {"id": org_id(GLOBEX), "displayName": "Globex", "created": "2024-01-01T00:00:00.000Z"},
        {"id": org_id(ACME_UK), "displayName": "ACME corp", "created": "2024-01-01T00:00:00.000Z"},
    ]
}
LIST = {"method": "GET", "url": "/organizations", "json": ORGS}


def inventory(tmp_path, config, expect=(), env=None, cache=True, name="test.webex_orgs.yml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(dict({"plugin": NAME, "api_url": BASE_URL}, **config)))
    return run_plugin({"kind": "inventory", "name": NAME, "source": str(path), "expect": list(expect), "env": env or {}, "cache": cache})


def test_a_static_list_makes_one_host_per_org_without_any_request(tmp_path):
    config = {"orgs": [{"id": org_id(ACME), "name": "Acme Corp"}, {"id": GLOBEX, "name": "Globex", "api_url": "https://eu.example/v1/"}]}
    outcome = inventory(tmp_path, config)
    assert outcome["error"] is None, outcome
    assert outcome["requests"] == []
    hosts = outcome["result"]["hosts"]
    assert sorted(hosts) == ["acme_corp", "globex"]
    assert outcome["result"]["groups"]["webex_orgs"] == ["acme_corp", "globex"]
    acme = hosts["acme_corp"]
    assert (acme["wxc_org_id"], acme["wxc_org_uuid"], acme["wxc_org_name"], acme["wxc_api_url"]) == (org_id(ACME), ACME, "Acme Corp", BASE_URL)
    assert acme["ansible_connection"] == "local"
    # A UUID becomes the base64 id the token call wants; an org's own API URL wins.
    assert hosts["globex"]["wxc_org_id"] == org_id(GLOBEX)
    assert hosts["globex"]["wxc_api_url"] == "https://eu.example/v1"


def test_a_partner_token_lists_the_orgs_and_same_slugs_get_their_uuid(tmp_path):
    outcome = inventory(tmp_path, {}, [LIST], env={"WEBEX_PARTNER_TOKEN": PARTNER})
    assert outcome["error"] is None, outcome
    assert outcome["requests"][0]["authorization"] == "Bearer " + PARTNER
    assert sorted(outcome["result"]["hosts"]) == ["acme_corp_11111111", "acme_corp_33333333", "globex"]


def test_name_pattern_filters_case_insensitively(tmp_path):
    outcome = inventory(tmp_path, {"name_pattern": "^acme"}, [LIST], env={"WEBEX_PARTNER_TOKEN": PARTNER})
    assert sorted(outcome["result"]["hosts"]) == ["acme_corp_11111111", "acme_corp_33333333"]


def test_compose_groups_and_keyed_groups(tmp_path):
    config = {
        "orgs": [{"id": ACME, "name": "Acme Corp"}, {"id": GLOBEX, "name": "Globex"}],
        "compose": {"tier": "'gold' if wxc_org_name.startswith('Acme') else 'silver'"},
        "groups": {"acme": "wxc_org_name is search('Acme')"},
        "keyed_groups": [{"key": "tier", "prefix": "tier"}],
        "group": "customers",
    }
    outcome = inventory(tmp_path, config)
    result = outcome["result"]
    assert result["hosts"]["acme_corp"]["tier"] == "gold"
    assert result["groups"]["acme"] == ["acme_corp"]
    assert result["groups"]["tier_gold"] == ["acme_corp"] and result["groups"]["tier_silver"] == ["globex"]
    assert result["groups"]["customers"] == ["acme_corp", "globex"]
    assert "webex_orgs" not in result["groups"]


def test_the_cache_holds_the_org_list_and_no_token_and_is_used_next_time(tmp_path):
    cache_dir = tmp_path / "cache"
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(cache_dir)}
    first = inventory(tmp_path, config, [LIST], env={"WEBEX_PARTNER_TOKEN": PARTNER}, cache=False)
    assert first["error"] is None, first
    files = list(cache_dir.iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    assert "Acme Corp" in text and PARTNER not in text
    cached = json.loads(json.loads(text)["__payload__"]) if "__payload__" in text else json.loads(text)
    assert all(set(org) == {"id", "name", "api_url"} for org in cached)
    # Second run from the cache: no request at all, even without a token.
    second = inventory(tmp_path, config, [], cache=True)
    assert second["error"] is None, second
    assert second["requests"] == []
    assert sorted(second["result"]["hosts"]) == sorted(first["result"]["hosts"])


def test_a_refused_partner_token_names_the_scope_and_never_the_token(tmp_path):
    refused = {"method": "GET", "url": "/organizations", "status": 403, "json": {"message": "no " + PARTNER, "errors": [], "trackingId": "T"}}
    outcome = inventory(tmp_path, {}, [refused], env={"WEBEX_PARTNER_TOKEN": PARTNER})
    assert outcome["error"] is not None
    # Ansible reports why the source failed as a warning, then fails the whole inventory.
    message = outcome["stderr"]
    assert "spark-admin:organizations_read" in message and "HTTP 403" in message
    assert PARTNER not in message and PARTNER not in outcome["stderr"]


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ({}, "give the orgs"),
        ({"orgs": [{"name": "no id"}]}, "orgs[0].id"),
        ({"orgs": [{"id": ACME, "nmae": "typo"}]}, "unknown keys nmae"),
        ({"orgs": [{"id": ACME}, {"id": org_id(ACME)}]}, "listed twice"),
        ({"orgs": [{"id": ACME}], "name_pattern": "("}, "name_pattern"),
    ],
)
def test_bad_config_fails_naming_the_option_before_any_request(tmp_path, config, needle):
    outcome = inventory(tmp_path, config)
    assert outcome["requests"] == []
    assert outcome["error"] is not None and needle in outcome["stderr"]


def test_only_files_named_webex_orgs_are_read(tmp_path):
    outcome = inventory(tmp_path, {"orgs": [ACME]}, name="other.yml")
    assert outcome["error"] is not None
