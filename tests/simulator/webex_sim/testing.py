"""Run a simulator in a child process from any test suite (stdlib only, so it is cheap to import).

Usage: ``with SimulatorProcess("--fixture", "org.yml") as sim:`` then call ``sim.base_url + "/convergedRecordings"``
with any HTTP client, and ``sim.reset()`` / ``sim.recordings()`` / ``sim.requests()`` between steps.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import ssl
import subprocess
import sys
import threading
import urllib.request
from typing import IO, Any

START_TIMEOUT = 30.0


class SimulatorProcess:
    def __init__(self, *args: str, env: dict | None = None, error_codes: str | None = None):
        """`args` are CLI options (e.g. "--generate", "500", "--seed", "1"); `env` is added to os.environ.

        `error_codes` ("spec" or "legacy") is `--error-codes`: how write calls answer unknown ids or users and
        wrong-state ids (None: the simulator's default, "spec").
        """
        self.args = [str(a) for a in args]
        if error_codes is not None:
            if error_codes not in ("spec", "legacy"):
                raise ValueError(f"error_codes must be 'spec' or 'legacy', not {error_codes!r}")
            self.args += ["--error-codes", error_codes]
        # The mode the child runs in (the last --error-codes wins, as with argparse).
        given = [self.args[i + 1] for i, arg in enumerate(self.args[:-1]) if arg == "--error-codes"]
        self.error_codes = given[-1] if given else "spec"
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.base_url = ""  # http://127.0.0.1:PORT/v1
        self.root_url = ""  # http://127.0.0.1:PORT
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=50)

    # lifecycle ------------------------------------------------------------------------------------------------

    def start(self) -> SimulatorProcess:
        env = dict(os.environ)
        # The child imports the very webex_sim this module came from, installed or not.
        package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
        env.update(self.env or {})
        cmd = [sys.executable, "-m", "webex_sim", "--port", "0", *self.args]
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert self.process.stdout is not None and self.process.stderr is not None
        first_line: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump_stdout, args=(self.process.stdout, first_line), daemon=True).start()
        self._stderr_thread = threading.Thread(target=self._pump_stderr, args=(self.process.stderr,), daemon=True)
        self._stderr_thread.start()
        try:
            line = first_line.get(timeout=START_TIMEOUT)
        except queue.Empty:
            self.stop()
            raise RuntimeError(f"webex-sim did not start within {START_TIMEOUT:.0f} s: {self._tail()}") from None
        prefix = "listening on "
        if not line.startswith(prefix):
            self.stop()
            raise RuntimeError(f"webex-sim failed to start (exit {self.process.returncode}): {line!r} {self._tail()}")
        self.base_url = line[len(prefix) :].strip()
        self.root_url = self.base_url.removesuffix("/v1")
        return self

    def stop(self) -> None:
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def __enter__(self) -> SimulatorProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # hooks ----------------------------------------------------------------------------------------------------

    def reset(self) -> None:
        self._call("POST", "/_sim/reset")

    def recordings(self, org: int | None = None) -> list[dict]:
        """Recordings of the first org, or of org index `org` of several (--orgs)."""
        return self._call("GET", "/_sim/recordings" + (f"?org={org}" if org is not None else ""))["items"]

    def orgs(self) -> dict:
        """`GET /_sim/orgs`: items (index, org_id, webex_id, name, authorized, broken, ...) and service_app."""
        return self._call("GET", "/_sim/orgs")

    def gone(self) -> list[str]:
        return self._call("GET", "/_sim/recordings")["gone"]

    def requests(self, log: bool = False) -> dict:
        return self._call("GET", "/_sim/requests" + ("?log=1" if log else ""))

    def clear_requests(self) -> None:
        self._call("DELETE", "/_sim/requests")

    def messages(self) -> list[dict]:
        return self._call("GET", "/_sim/messages")["items"]

    def fail_messages(self, count: int = 1, status: int = 503) -> None:
        """The next `count` POST /v1/messages answer `status` and post nothing."""
        self._call("POST", f"/_sim/messages/fail?count={count}&status={status}")

    # internals ------------------------------------------------------------------------------------------------

    def _call(self, method: str, path: str) -> Any:
        if not self.root_url:
            raise RuntimeError("simulator not started")
        req = urllib.request.Request(self.root_url + path, method=method)
        context = None
        if self.root_url.startswith("https"):
            # The simulator's certificate is usually self-signed and made by the test itself.
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        with urllib.request.urlopen(req, timeout=60, context=context) as resp:
            data = resp.read()
        return json.loads(data) if data else None

    def _pump_stdout(self, stream: IO[bytes], first_line: queue.Queue[str]) -> None:
        line = stream.readline().decode(errors="replace")
        first_line.put(line)
        # Keep draining so the child never blocks on a full pipe.
        for raw in iter(stream.readline, b""):
            _forward(raw.decode(errors="replace"))

    def _pump_stderr(self, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            text = raw.decode(errors="replace")
            self._stderr_tail.append(text)
            _forward(text)

    def _tail(self) -> str:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=0.5)
        self._stderr_thread.join(timeout=1)
        return "".join(self._stderr_tail).strip()


def _forward(text: str) -> None:
    # The test's captured stderr may already be closed when the child writes late.
    with contextlib.suppress(ValueError, OSError):
        sys.stderr.write("[webex-sim] " + text)
