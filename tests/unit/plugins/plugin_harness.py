"""Run one of the collection's inventory or lookup plugins as Ansible loads it, against a fake transport.

Ansible loads collection plugins through its collection loader, which must be installed before anything imports
``ansible_collections`` (the unit test session already has, through tests/conftest.py). So each run happens in a
fresh interpreter: ``run_plugin(request)`` starts this file, which installs the loader, mounts a FakeTransport
(tests/unit/fake_transport.py: ordered expectations, real session, real retries) into every WebexClient the plugin
makes, runs the plugin and prints the outcome as JSON.

request: ``{"kind": "lookup" | "inventory", "name": ..., "expect": [Expect kwargs], "terms": [...], "kwargs": {...},
"variables": {...}, "source": "<inventory file>", "env": {...}}``
outcome: ``{"result": ..., "error": {"type", "message"} | None, "requests": [{method, url, body}], "left": [...]}``
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
UNIT = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(UNIT))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
BASE_URL = "https://webexapis.example/v1"


def run_plugin(request, timeout=60):
    env = dict(os.environ)
    env.update(request.get("env") or {})
    env["ANSIBLE_COLLECTIONS_PATH"] = COLLECTIONS
    env["ANSIBLE_INVENTORY_ENABLED"] = "wxc.recordings.webex_orgs"
    env["ANSIBLE_NOCOLOR"] = "1"
    # A source the plugin refuses is an error, not a warning and an empty inventory.
    env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "1"
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    outcome["stderr"] = proc.stderr
    return outcome


def _main():  # pragma: no cover - runs in the child
    request = json.loads(sys.stdin.read())
    from ansible.plugins.loader import init_plugin_loader

    init_plugin_loader([COLLECTIONS])
    sys.path.insert(0, UNIT)
    from fake_transport import Expect, FakeTransport

    transports = []
    expectations = [Expect(**e) for e in request.get("expect") or []]

    from ansible_collections.wxc.recordings.plugins.module_utils import _client

    class FakeClient(_client.WebexClient):
        def __init__(self, *args, **kwargs):
            kwargs["sleep"] = lambda seconds: None
            super(FakeClient, self).__init__(*args, **kwargs)
            transport = FakeTransport(self.api_url, expectations)
            transports.append(transport)
            self.session.mount("https://", transport)
            self.session.mount("http://", transport)

    outcome = {"result": None, "error": None}
    try:
        if request["kind"] == "lookup":
            from ansible.plugins.loader import lookup_loader

            plugin = lookup_loader.get(request["name"])
            sys.modules[type(plugin).__module__].WebexClient = FakeClient
            outcome["result"] = plugin.run(request.get("terms") or [], variables=request.get("variables") or {}, **(request.get("kwargs") or {}))
        else:
            from ansible.inventory.manager import InventoryManager
            from ansible.parsing.dataloader import DataLoader
            from ansible.plugins.loader import inventory_loader

            plugin = inventory_loader.get(request["name"])
            sys.modules[type(plugin).__module__].WebexClient = FakeClient
            manager = InventoryManager(loader=DataLoader(), sources=[request["source"]], parse=False)
            manager.parse_sources(cache=request.get("cache", True))
            hosts = {}
            for host in manager.get_hosts():
                hosts[host.name] = dict((k, str(v)) for k, v in host.get_vars().items() if k not in ("inventory_file", "inventory_dir"))
            groups = dict((name, sorted(h.name for h in group.get_hosts())) for name, group in manager.groups.items())
            outcome["result"] = {"hosts": hosts, "groups": groups}
    except Exception as exc:  # reported to the test, which asserts on it
        outcome["error"] = {"type": type(exc).__name__, "message": str(exc)}
    seen = []
    for transport in transports:
        for sent in transport.seen:
            body = sent.body.decode() if isinstance(sent.body, bytes) else sent.body
            seen.append({"method": sent.method, "url": sent.url, "body": body, "authorization": sent.headers.get("Authorization")})
    outcome["requests"] = seen
    left = transports[-1].expected if transports else expectations
    outcome["left"] = [(e.method, e.url) for e in left]
    print(json.dumps(outcome, default=str))


if __name__ == "__main__":
    _main()
