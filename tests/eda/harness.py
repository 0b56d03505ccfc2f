"""Helpers of the event-driven archive tests: simulator, playbooks, ansible-rulebook, the archive's manifest."""

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
BIN = os.path.dirname(sys.executable)
CALLBACKS = os.path.join(ROOT, "tests", "integration", "callback_plugins")
CO_TOKEN = "sim-compliance-token"
SECRET = "eda-e2e-webhook-secret"
FIGURES = os.path.join(ROOT, "build", "figures", "eda.json")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sim(*args):
    return SimulatorProcess(*args).start()


def http(method, url, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def create_recordings(sim, count=1):
    """POST /_sim/recordings: the new recordings, each with the time the simulator answered (its creation)."""
    items = http("POST", sim.root_url + "/_sim/recordings", {"count": count})["items"]
    now = time.time()
    return [(item["id"], now) for item in items]


def env_for(sim, extra=None):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("WEBEX_"):
            del env[name]
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "PATH": BIN + os.pathsep + env.get("PATH", ""),
            "WEBEX_API_URL": sim.base_url,
            "WEBEX_COMPLIANCE_TOKEN": CO_TOKEN,
        }
    )
    env.update(extra or {})
    return env


class Run:
    def __init__(self, rc, stdout, stderr, results):
        self.rc, self.stdout, self.stderr, self.results = rc, stdout, stderr, results

    def result(self, task):
        # Role tasks are recorded as "<role> : <task>".
        found = [entry["result"] for entry in self.results if entry["task"] == task or entry["task"].endswith(" : " + task)]
        assert len(found) == 1, "task %r ran %d times: %s" % (task, len(found), [e["task"] for e in self.results])
        return found[0]

    def __repr__(self):
        return "Run(rc=%s)\n--- stdout ---\n%s\n--- stderr ---\n%s" % (self.rc, self.stdout[-5000:], self.stderr[-2000:])


def run_playbook(sim, playbook, extra_vars, env=None, timeout=600):
    """ansible-playbook on localhost with the record_results callback; the token comes from the environment only."""
    results_file = os.path.join(tempfile.mkdtemp(), "results.json")
    run_env = env_for(sim, env)
    run_env.update(ANSIBLE_CALLBACK_PLUGINS=CALLBACKS, ANSIBLE_CALLBACKS_ENABLED="record_results", WXC_RESULTS_FILE=results_file)
    if not os.path.isabs(playbook) and not playbook.startswith("wxc."):
        playbook = os.path.join(HERE, "playbooks", playbook)
    command = [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", json.dumps(extra_vars), playbook]
    proc = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=timeout, check=False)
    results = []
    if os.path.exists(results_file):
        with open(results_file) as handle:
            results = json.load(handle)
    return Run(proc.returncode, proc.stdout, proc.stderr, results)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(dest):
    path = os.path.join(dest, "manifest.json")
    if not os.path.exists(path):
        return {"recordings": {}, "files": []}
    for _attempt in range(5):
        try:
            with open(path) as handle:
                return json.load(handle)
        except ValueError:  # never half-written (atomic rename); be safe on exotic file systems
            time.sleep(0.05)
    raise AssertionError("manifest.json unreadable")


def check_archive(dest, sim_items):
    """Problems of the archive: every manifest row's file exists with its size and sha256; audio is sizeBytes long."""
    doc = manifest(dest)
    problems, seen = [], set()
    sizes = dict((item["id"], item["sizeBytes"]) for item in sim_items)
    for row in doc["files"]:
        key = (row["recording_id"], row["kind"])
        if key in seen:
            problems.append("%s %s listed twice" % key)
        seen.add(key)
        path = os.path.join(dest, row["file"])
        if not os.path.exists(path):
            problems.append("%s %s missing on disk" % key)
            continue
        if os.path.getsize(path) != row["bytes"] or sha256_file(path) != row["sha256"]:
            problems.append("%s %s differs from the manifest" % key)
        if row["kind"] == "audio" and row["recording_id"] in sizes and row["bytes"] != sizes[row["recording_id"]]:
            problems.append("%s audio has %s bytes, Webex says %s" % (row["recording_id"], row["bytes"], sizes[row["recording_id"]]))
    return problems


def rss_peak_kb(pid):
    """Peak resident memory (VmHWM) of a process, in KB."""
    with open("/proc/%d/status" % pid) as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


class Rulebook:
    """ansible-rulebook running wxc.recordings.archive_new_recordings against the simulator."""

    def __init__(self, sim, work, port, archive_dest, extra_vars=None):
        self.sim, self.work, self.port, self.archive_dest = sim, work, port, archive_dest
        self.inventory = os.path.join(work, "inventory.yml")
        with open(self.inventory, "w") as handle:
            handle.write("all:\n  hosts:\n    localhost:\n      ansible_connection: local\n      ansible_python_interpreter: %s\n" % sys.executable)
        self.vars_file = os.path.join(work, "rulebook-vars.json")
        variables = {"webhook_host": "127.0.0.1", "webhook_port": port, "archive_dest": archive_dest}
        variables.update(extra_vars or {})
        with open(self.vars_file, "w") as handle:
            json.dump(variables, handle)
        self.log_path = os.path.join(work, "rulebook-%d.log" % int(time.time() * 1000))
        self.proc = None
        self.peak_kb = 0
        self._sampler = None

    @property
    def health_url(self):
        return "http://127.0.0.1:%d/health" % self.port

    def start(self, timeout=120):
        command = [
            os.path.join(BIN, "ansible-rulebook"),
            "-i",
            self.inventory,
            "-r",
            "wxc.recordings.archive_new_recordings",
            "--vars",
            self.vars_file,
            "--env-vars",
            "WEBEX_WEBHOOK_SECRET",
        ]
        env = env_for(self.sim, {"WEBEX_WEBHOOK_SECRET": SECRET})
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=self.work, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("ansible-rulebook exited %s:\n%s" % (self.proc.returncode, self.log()[-4000:]))
            try:
                if http("GET", self.health_url, timeout=2)["status"] in ("ok", "full"):
                    break
            except OSError:
                time.sleep(0.25)
        else:
            raise AssertionError("the event source did not answer on %s within %d s:\n%s" % (self.health_url, timeout, self.log()[-4000:]))
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def _sample(self):
        while self.proc is not None and self.proc.poll() is None:
            try:
                self.peak_kb = max(self.peak_kb, rss_peak_kb(self.proc.pid) or 0)
            except OSError:
                return
            time.sleep(0.5)

    def health(self):
        return http("GET", self.health_url, timeout=5)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.peak_kb = max(self.peak_kb, rss_peak_kb(self.proc.pid) or 0)
        except OSError:
            pass
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._log.close()

    def log(self):
        with open(self.log_path) as handle:
            return handle.read()


def record_figures(**figures):
    os.makedirs(os.path.dirname(FIGURES), exist_ok=True)
    previous = {}
    if os.path.exists(FIGURES):
        with open(FIGURES) as handle:
            previous = json.load(handle)
    previous.update(figures)
    with open(FIGURES, "w") as handle:
        json.dump(previous, handle, indent=2, sort_keys=True)
    print("\nEDA figures: " + json.dumps(figures, sort_keys=True))


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]
