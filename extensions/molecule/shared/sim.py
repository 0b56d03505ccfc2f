"""Start and stop a webex-sim in the background for a Molecule scenario (create.yml / destroy.yml).

    sim.py start STATE_FILE [webex-sim options...]   prints the state as JSON: {pid, base_url, root_url, log}
    sim.py stop STATE_FILE                           stops that simulator (only that pid) and removes STATE_FILE

The simulator is started with ``--port 0`` (a free port); its first stdout line tells the port.
Development tooling only: run it with the Python of the project's venv (it imports nothing but the stdlib).
"""

import json
import os
import signal
import subprocess
import sys
import time

START_TIMEOUT = 30.0


def start(state_file, args):
    if os.path.exists(state_file):
        stop(state_file)
    log = os.path.splitext(state_file)[0] + ".log"
    out = os.path.splitext(state_file)[0] + ".out"
    with open(out, "wb") as stdout, open(log, "ab") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "webex_sim", "--port", "0"] + list(args),
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # outlives the ansible task that starts it
        )
    deadline = time.time() + START_TIMEOUT
    line = ""
    while time.time() < deadline:
        if process.poll() is not None:
            break
        with open(out) as handle:
            line = handle.readline()
        if line.endswith("\n"):
            break
        time.sleep(0.05)
    prefix = "listening on "
    if not line.startswith(prefix):
        if process.poll() is None:
            process.terminate()
        with open(log) as handle:
            tail = handle.read()[-2000:]
        raise SystemExit("webex-sim did not start: %r %s" % (line, tail))
    base_url = line[len(prefix) :].strip()
    state = {"pid": process.pid, "base_url": base_url, "root_url": base_url[: -len("/v1")], "log": log}
    with open(state_file, "w") as handle:
        json.dump(state, handle)
    print(json.dumps(state))


def stop(state_file):
    if not os.path.exists(state_file):
        print(json.dumps({"stopped": False}))
        return
    with open(state_file) as handle:
        state = json.load(handle)
    pid = int(state["pid"])
    try:
        os.kill(pid, signal.SIGTERM)
        for _attempt in range(100):
            os.kill(pid, 0)  # raises once the process is gone
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.remove(state_file)
    print(json.dumps({"stopped": True, "pid": pid}))


def main(argv):
    if len(argv) < 2 or argv[0] not in ("start", "stop"):
        raise SystemExit(__doc__)
    if argv[0] == "start":
        start(argv[1], argv[2:])
    else:
        stop(argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
