"""Command line: the first line, option errors, fixture errors, the generated org's promises."""

from __future__ import annotations

import collections
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ADMIN, ADMIN_RO, CO, Api

from webex_sim.cli import parse_args
from webex_sim.fixture import FixtureError, load_fixture
from webex_sim.testing import SimulatorProcess


def run_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "webex_sim", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def test_first_line_is_exactly_the_url():
    proc = subprocess.Popen(
        [sys.executable, "-m", "webex_sim", "--generate", "10", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        first = proc.stdout.readline()
        assert re.fullmatch(r"listening on http://127\.0\.0\.1:\d+/v1\n", first), first
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_console_script_is_installed():
    try:
        importlib.metadata.distribution("webex-sim")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("webex-sim is not installed (pip install -e tests/simulator); the tests import it from source")
    script = shutil.which("webex-sim") or shutil.which("webex-sim", path=str(Path(sys.executable).parent))
    assert script, "webex-sim console script not found"
    out = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 0 and "--fault-kinds" in out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--fault-kinds", "429,teapot"],
        ["--fault-rate", "1.5"],
        ["--tls-cert", "x.pem"],
        ["--fixture", "a.yml", "--generate", "5"],
        ["--latency-ms", "-1"],
        ["--owners", "0"],
    ],
)
def test_bad_options_exit_2(args, capsys):
    # In-process: argparse exits before anything is served, so no simulator process is needed here.
    with pytest.raises(SystemExit) as exc:
        parse_args(args)
    assert exc.value.code == 2
    assert capsys.readouterr().out == ""


def test_defaults():
    config = parse_args([])
    assert (config.generate, config.seed, config.days, config.owners) == (1000, 0, 365, 50)
    assert config.fault_kinds == ("429", "500", "502", "503", "504", "reset", "slow")
    assert (config.link_ttl, config.slow_seconds, config.fault_retry_after) == (10800, 35.0, 1)


@pytest.mark.parametrize(
    "content,message",
    [
        ({"recordings": [{"owner": "ghost@example.com"}]}, "no person"),
        (
            {"people": [{"email": "a@example.com"}], "recordings": [{"owner": "a@example.com", "status": "gone"}]},
            "status",
        ),
        ({"people": [{"email": "a@example.com", "typo": 1}]}, "unknown keys"),
        (
            {"people": [{"email": "a@example.com"}], "recordings": [{"owner": "a@example.com", "create_time": "soon"}]},
            "create_time",
        ),
        ({"people": [{"email": "a@example.com", "token": "t"}, {"email": "b@example.com", "token": "t"}]}, "twice"),
        ({"people": [{"email": "a@example.com", "location_id": "nowhere"}]}, "no location"),
    ],
)
def test_bad_fixtures_are_reported(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content))
    with pytest.raises(FixtureError, match=message):
        load_fixture(path, 0)


def test_bad_fixture_exits_2_and_the_harness_says_why(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("recordings:\n  - owner: ghost@example.com\n")
    out = run_cli("--fixture", str(path))
    assert out.returncode == 2
    assert "no person" in out.stderr and out.stdout == ""
    with pytest.raises(RuntimeError, match=r"failed to start.*no person"):
        SimulatorProcess("--fixture", str(path)).start()


def test_fixture_defaults_and_relative_times(tmp_path):
    path = tmp_path / "min.yml"
    path.write_text(
        "people:\n  - email: u@example.com\n    token: u\n"
        "recordings:\n  - owner: u@example.com\n  - owner: u@example.com\n    create_time: -3h\n"
    )
    with SimulatorProcess("--fixture", str(path)) as sim:
        api = Api(sim)
        items = api.get("/convergedRecordings", "u").json()["items"]
        assert len(items) == 2
        newest, older = items
        created = datetime.fromisoformat(newest["createTime"])
        assert timedelta(hours=2, minutes=59) < datetime.now(UTC) - created < timedelta(hours=3, minutes=1)
        assert datetime.now(UTC) - datetime.fromisoformat(older["createTime"]) > timedelta(hours=23)
        assert newest["status"] == "available" and newest["durationSeconds"] == 60
        assert newest["sizeBytes"] == 128 + 60 * 2000
        assert newest["serviceType"] == "calling" and newest["storageRegion"] == "US" and newest["format"] == "MP3"
        details = api.get(f"/convergedRecordings/{newest['id']}", "u").json()
        assert set(details["temporaryDirectDownloadLinks"]) == {"audioDownloadLink", "expiration"}


def test_generated_org_is_deterministic_and_documented():
    def dump(seed: str) -> list[dict]:
        with SimulatorProcess("--generate", "400", "--seed", seed, "--days", "30", "--owners", "40") as sim:
            api = Api(sim)
            assert api.get("/people/me", ADMIN).json()["emails"] == ["admin@example.com"]
            assert api.get("/people/me", ADMIN_RO).json()["emails"] == ["admin-ro@example.com"]
            assert api.get("/people/me", CO).json()["emails"] == ["compliance@example.com"]
            assert api.get("/people/me", "sim-user001-token").json()["emails"] == ["user001@example.com"]
            # 40 owners = 2 blocks of 20 (16 users, 2 virtual lines, 1 place, 1 call queue): user001..user032.
            assert api.get("/people/me", "sim-user032-token").status_code == 200
            assert api.get("/people/me", "sim-user033-token").status_code == 401
            form = {
                "grant_type": "refresh_token",
                "client_id": "sim-client-id",
                "client_secret": "sim-client-secret",
                "refresh_token": "sim-user002-refresh",
            }
            assert api.post("/access_token", data=form).status_code == 200
            for refresh in ("sim-admin-refresh", "sim-compliance-refresh"):
                assert api.post("/access_token", data={**form, "refresh_token": refresh}).status_code == 200
            return sim.recordings()

    one = dump("5")
    assert [(i["id"], i["ownerEmail"], i["status"], i["topic"], i["sizeBytes"]) for i in one] == [
        (i["id"], i["ownerEmail"], i["status"], i["topic"], i["sizeBytes"]) for i in dump("5")
    ]
    other = dump("6")
    assert {i["id"] for i in one}.isdisjoint({i["id"] for i in other})

    types = collections.Counter(i["ownerType"] for i in one)
    statuses = collections.Counter(i["status"] for i in one)
    assert set(types) == {"user", "virtualLine", "place", "callQueue"} and types["user"] > len(one) / 2
    assert statuses["available"] > statuses["deleted"] > statuses["purged"] > 0
    emails = {i["ownerEmail"] for i in one}
    assert any(re.fullmatch(r"vl-\d{3}@example\.com", e) for e in emails)
    assert not emails & {"admin@example.com", "admin-ro@example.com", "compliance@example.com"}
    for item in one:
        assert 10 <= item["durationSeconds"] <= 7200
        assert item["sizeBytes"] == 128 + 2000 * item["durationSeconds"]
        age = datetime.now(UTC) - datetime.fromisoformat(item["createTime"])
        assert timedelta(0) < age <= timedelta(days=30, minutes=1)
    assert collections.Counter(i["serviceType"] for i in one)["customerAssist"] > 0
    flags = collections.Counter((i["_sim"]["transcript"], i["_sim"]["notes"]) for i in one)
    assert flags[(True, True)] and flags[(True, False)] and flags[(False, False)]
    assert any(i["_sim"]["preventDownload"] for i in one)
