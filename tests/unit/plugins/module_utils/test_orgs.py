"""Org ids, inventory host names and filters (pure), and the token call's error texts."""

import base64

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._orgs import (
    application_id,
    explain_mint_error,
    filter_orgs,
    inventory_hosts,
    org_webex_id,
    static_orgs,
    uuid_of,
)

RAW = "0ae87ade-8c8a-4952-af08-3d3d1e5e1b7f"
B64 = base64.b64encode(("ciscospark://us/ORGANIZATION/" + RAW).encode()).decode().rstrip("=")
EU = base64.b64encode(("ciscospark://eu/ORGANIZATION/" + RAW).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(RAW, RAW), (RAW.upper(), RAW), (B64, RAW), (EU, RAW), ("not-an-id", "not-an-id"), ("", "")],
)
def test_uuid_of(value, expected):
    assert uuid_of(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(RAW, B64), (B64, B64), (EU, EU), ("opaque", "opaque")])
def test_org_webex_id_keeps_a_webex_id_and_encodes_a_uuid(value, expected):
    assert org_webex_id(value) == expected


def test_application_id_is_the_base64_of_the_client_id():
    assert base64.b64decode(application_id("abc") + "==").decode() == "ciscospark://us/APPLICATION/abc"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Acme Corp", "Globex"], ["acme_corp", "globex"]),
        (["Acme Corp", "ACME  corp!"], ["acme_corp_00000000", "acme_corp_00000001"]),
        (["Zürich AG", "---"], ["z_rich_ag", "00000001"]),
    ],
)
def test_host_names(names, expected):
    orgs = [{"id": "0000000%d-0000-4000-8000-000000000000" % i, "name": n} for i, n in enumerate(names)]
    assert [h for h, _v in inventory_hosts(orgs, "https://x/v1")] == expected


def test_host_vars_hold_ids_name_and_url_and_nothing_else():
    [(_host, host_vars)] = inventory_hosts([{"id": RAW, "name": "A", "api_url": None}], "https://x/v1/")
    assert host_vars == {"wxc_org_id": B64, "wxc_org_uuid": RAW, "wxc_org_name": "A", "wxc_api_url": "https://x/v1"}


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("not a list", "orgs: must be a list"),
        ([42], "orgs[0]: must be a mapping"),
        ([{"id": " "}], "orgs[0].id: required"),
        ([{"id": RAW, "token": "x"}], "unknown keys token"),
    ],
)
def test_static_orgs_refuses_bad_entries(entries, message):
    with pytest.raises(OptionError) as info:
        static_orgs(entries)
    assert message in str(info.value)


def test_static_orgs_accepts_plain_ids_and_names_them_by_uuid():
    assert static_orgs([B64]) == [{"id": B64, "name": RAW, "api_url": None}]


def test_filter_orgs():
    orgs = [{"name": "Acme"}, {"name": "acme eu"}, {"name": "Globex"}]
    assert [o["name"] for o in filter_orgs(orgs, "^ACME")] == ["Acme", "acme eu"]
    assert filter_orgs(orgs, None) == orgs
    with pytest.raises(OptionError):
        filter_orgs(orgs, "[")


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, "bad_credentials"), (401, "caller_token"), (403, "not_authorized"), (404, "app_not_found"), (503, "error"), (None, "error")],
)
def test_mint_errors_are_classified_cause_first(status, kind):
    error = explain_mint_error("org-1", WebexError("nope", status=status, method="POST", path="/applications/x/token"))
    assert error.kind == kind and error.status == status
    assert str(error).endswith("(org org-1)")
    assert "nope" in str(error)
