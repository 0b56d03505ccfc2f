"""Shared fixtures: simulator processes (real HTTP, free ports) and a response checker every call goes through."""

from __future__ import annotations

import copy
import functools
import sys
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import requests
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound

SIM_DIR = Path(__file__).resolve().parents[1]
if str(SIM_DIR) not in sys.path:
    sys.path.insert(0, str(SIM_DIR))  # works uninstalled too; `pip install -e tests/simulator` is the normal way

from webex_sim import OPENAPI_SPEC  # noqa: E402
from webex_sim.testing import SimulatorProcess  # noqa: E402

EXAMPLE = SIM_DIR / "examples" / "org.yml"
SPEC_FILE = OPENAPI_SPEC

ADMIN = "sim-admin-token"
ADMIN_RO = "sim-admin-ro-token"
CO = "sim-compliance-token"
ALICE = "alice-token"
BOB = "bob-token"
CAROL = "carol-token"  # read-only user
NOSCOPE = "noscope-token"

A1, A2, A3_DELETED, A4_PURGED, A5_OLD, A6_VERY_OLD, A7_PREVENT, A8_ABS = (
    f"a11ce000-0000-4000-8000-00000000000{i}" for i in range(1, 9)
)
B1, B2_DELETED = "b0b00000-0000-4000-8000-000000000001", "b0b00000-0000-4000-8000-000000000002"
C1 = "ca201000-0000-4000-8000-000000000001"
D1 = "da7e0000-0000-4000-8000-000000000001"
VL1 = "d1000000-0000-4000-8000-000000000001"
PLACE1 = "d2000000-0000-4000-8000-000000000001"
CQ1 = "d3000000-0000-4000-8000-000000000001"
CO1 = "c0c00000-0000-4000-8000-000000000001"
ALICE_ID = "0b000000-0000-4000-8000-000000000001"
VL_ID = "0d000000-0000-4000-8000-000000000001"
HQ = "02a43ee9-17ae-4e0c-9e79-720e3a6503fd"
LONDON = "5b1a7b8e-2f4c-4f6e-9d3a-1c2b3d4e5f60"

# docs/webex-api.md 4: the spec gives error responses no schema, so bodies of errors are checked against this.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["message", "errors", "trackingId"],
    "additionalProperties": False,
    "properties": {
        "message": {"type": "string", "minLength": 1},
        "trackingId": {"type": "string", "minLength": 1},
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["description"],
                "additionalProperties": False,
                "properties": {"description": {"type": "string"}},
            },
        },
    },
}


@functools.cache
def spec_dict(allow_purged_items: bool = False) -> dict:
    spec = yaml.safe_load(SPEC_FILE.read_text())
    spec = copy.deepcopy(spec)
    spec["servers"] = [{"url": "/v1"}]
    if allow_purged_items:
        # The spec's RecordingObject.status enum lacks `purged`, yet the admin list's own `status=purged`
        # (compliance officer) can only return such items: validated with that one enum widened.
        spec["components"]["schemas"]["RecordingObject"]["properties"]["status"]["enum"].append("purged")
    return spec


@functools.cache
def openapi(allow_purged_items: bool = False) -> OpenAPI:
    return OpenAPI.from_dict(spec_dict(allow_purged_items))


def declared_statuses(method: str, path: str) -> set[int] | None:
    """Statuses the spec lists for the operation at a /v1 path, or None when it is not one of the nine."""
    spec = spec_dict()
    rel = path.removeprefix("/v1")
    parts = rel.strip("/").split("/")
    for template, item in spec["paths"].items():
        tparts = template.strip("/").split("/")
        if len(tparts) == len(parts) and all(t.startswith("{") or t == p for t, p in zip(tparts, parts, strict=True)):
            # Literal templates beat {recordingId} (softDelete is not a recording id).
            if any(t.startswith("{") for t in tparts) and parts[-1] in ("reassign", "softDelete", "restore", "purge"):
                continue
            op = item.get(method.lower())
            return {int(s) for s in op["responses"]} if op else set()
    return None


def check(resp: requests.Response, allow_purged_items: bool = False) -> requests.Response:
    """Every response: trackingId header; JSON content type; error bodies exact; 2xx against the spec."""
    assert resp.headers.get("trackingId"), f"no trackingId header on {resp.request.method} {resp.url}"
    path = urlparse(resp.url).path
    is_json = resp.headers.get("Content-Type") == "application/json;charset=UTF-8"
    if resp.status_code >= 400:
        assert is_json, resp.headers.get("Content-Type")
        body = resp.json()
        jsonschema.validate(body, ERROR_SCHEMA)
        assert body["trackingId"] == resp.headers["trackingId"]
    if resp.status_code == 204:
        assert resp.content == b""
    if not path.startswith("/v1/"):
        return resp
    statuses = declared_statuses(resp.request.method, path)
    if statuses is None:
        return resp
    if statuses:
        assert resp.status_code in statuses, f"{resp.status_code} not declared for {resp.request.method} {path}"
    if resp.status_code == 200:
        assert is_json
        try:
            openapi(allow_purged_items).validate_response(
                RequestsOpenAPIRequest(resp.request), RequestsOpenAPIResponse(resp)
            )
        except (PathNotFound, OperationNotFound):
            raise AssertionError(f"{resp.request.method} {path} not in the spec") from None
        except OpenAPIError as exc:
            raise AssertionError(f"{resp.request.method} {path}: body does not match the spec: {exc}") from exc
    # 204 and the error statuses: the spec has `content: {}` or no content at all for them (openapi-core would
    # demand a body for `content: {}`), so their declared status and the checks above are what is verified.
    return resp


class Api:
    """requests against one simulator, every response passed through check()."""

    def __init__(self, sim: SimulatorProcess, verify: bool | str = True):
        self.sim = sim
        self.session = requests.Session()
        self.verify = verify

    def call(self, method: str, path: str, token: str | None = None, purged: bool = False, **kw) -> requests.Response:
        headers = dict(kw.pop("headers", None) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = path if path.startswith("http") else self.sim.base_url + path
        kw.setdefault("timeout", 30)
        kw.setdefault("verify", self.verify)
        return check(self.session.request(method, url, headers=headers, **kw), allow_purged_items=purged)

    def get(self, path: str, token: str | None = None, **kw) -> requests.Response:
        return self.call("GET", path, token, **kw)

    def post(self, path: str, token: str | None = None, **kw) -> requests.Response:
        return self.call("POST", path, token, **kw)

    def delete(self, path: str, token: str | None = None, **kw) -> requests.Response:
        return self.call("DELETE", path, token, **kw)

    def ids(self, path: str, token: str, **kw) -> list[str]:
        resp = self.get(path, token, **kw)
        assert resp.status_code == 200, resp.text
        return [item["id"] for item in resp.json()["items"]]

    def status_of(self, rid: str) -> str | None:
        for item in self.sim.recordings():
            if item["id"] == rid:
                return item["status"]
        return None


@pytest.fixture(scope="session")
def org_sim():
    with SimulatorProcess("--fixture", str(EXAMPLE)) as sim:
        yield sim


@pytest.fixture
def sim(org_sim: SimulatorProcess) -> SimulatorProcess:
    """The example org, reset to its initial state for each test."""
    org_sim.reset()
    return org_sim


@pytest.fixture
def api(sim: SimulatorProcess) -> Api:
    return Api(sim)


@pytest.fixture(scope="session")
def gen_sim():
    with SimulatorProcess("--generate", "3000", "--seed", "7", "--days", "60", "--owners", "20") as sim:
        yield sim


@pytest.fixture
def gen_api(gen_sim: SimulatorProcess) -> Api:
    gen_sim.reset()
    return Api(gen_sim)
