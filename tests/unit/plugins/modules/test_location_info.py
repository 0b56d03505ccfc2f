"""location_info: the module's real main() against ordered HTTP expectations (module_harness). Read-only."""

import base64

from ansible_collections.wxc.recordings.plugins.modules import location_info
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import run_module


def webex_id(uuid):
    return base64.b64encode(("ciscospark://us/LOCATION/%s" % uuid).encode()).decode()


def test_names_by_plain_id(monkeypatch, capsys):
    items = [{"id": webex_id("loc-hq"), "name": "Headquarters"}, {"id": webex_id("loc-branch"), "name": "Branch Office"}]
    out = run_module(monkeypatch, capsys, location_info, {}, [Expect("GET", "/locations", query={"max": "1000"}, json={"items": items})], check_mode=True)
    assert out.result["changed"] is False
    assert out.result["names"] == {"loc-hq": "Headquarters", "loc-branch": "Branch Office"}
    assert (out.result["count"], out.result["status"], out.result["message"]) == (2, "checked", "")


def test_a_forbidden_lookup_is_not_a_failure(monkeypatch, capsys):
    out = run_module(monkeypatch, capsys, location_info, {}, [Expect("GET", "/locations", status=403, json={"message": "no", "trackingId": "T"})])
    assert not out.result.get("failed")
    assert (out.result["names"], out.result["status"]) == ({}, "not permitted")
    assert "spark-admin:locations_read" in out.result["message"]
