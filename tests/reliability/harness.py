"""Machinery shared by the reliability suites: simulators, playbook runs that can be killed, state, figures.

Everything here drives real processes: ``webex-sim`` (``webex_sim.testing.SimulatorProcess``) and
``ansible-playbook`` with the ``record_results`` callback of the integration harness, which writes every task
result to a JSON file when the play ends.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time

from webex_sim.content import artifact_body, audio_sha256
from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
CALLBACKS = os.path.join(ROOT, "tests", "integration", "callback_plugins")
PLAYBOOKS = os.path.join(HERE, "playbooks")
FIXTURES = os.path.join(HERE, "fixtures")
FIGURES_DIR = os.path.join(ROOT, "build", "reliability")
BIN = os.path.dirname(sys.executable)

ADMIN_TOKEN = "sim-admin-token"
COMPLIANCE_TOKEN = "sim-compliance-token"
CLIENT_ID = "sim-client-id"
CLIENT_SECRET = "sim-client-secret"

ALL_FAULT_KINDS = ("429", "500", "502", "503", "504", "reset", "slow")
# The module timeout stays below the simulator's slow-fault delay: a slow answer is a client timeout after the
# server already acted.
SLOW_SECONDS = 1.5
CLIENT_TIMEOUT = 0.75

# `make test` runs a slice of every suite; WXC_RELIABILITY=long (`make test-long`) runs all of it.
LONG = os.environ.get("WXC_RELIABILITY", "").lower() == "long"


def seeds(default, long_count):
    """Seeds for a parametrised test: ``default`` in the default slice, ``long_count`` more in the long run."""
    if LONG:
        return list(default) + [1000 + n for n in range(long_count)]
    return list(default)


# ---------------------------------------------------------------------------------------------- simulator


def start_sim(*args, request_log=None):
    """A started simulator; ``request_log`` adds ``--request-log``. Stop it with ``.stop()``."""
    argv = [str(arg) for arg in args]
    if request_log:
        argv += ["--request-log", request_log]
    return SimulatorProcess(*argv).start()


def fault_args(rate, seed, kinds=ALL_FAULT_KINDS):
    return [
        "--fault-rate", str(rate),
        "--fault-kinds", ",".join(kinds),
        "--fault-seed", str(seed),
        "--fault-retry-after", "1",
        "--slow-seconds", str(SLOW_SECONDS),
    ]  # fmt: skip


def state(sim):
    """What the organisation looks like: ``{id: (status, owner email)}`` plus the ids deleted for good."""
    items = dict((item["id"], (item["status"], item["ownerEmail"])) for item in sim.recordings())
    return {"items": items, "gone": sorted(sim.gone())}


def recordings_by_id(sim):
    return dict((item["id"], item) for item in sim.recordings())


def diff_states(expected, actual):
    """Human-readable differences between two ``state()`` snapshots (empty when equal)."""
    lines = []
    for rec_id in sorted(set(expected["items"]) | set(actual["items"])):
        want, got = expected["items"].get(rec_id), actual["items"].get(rec_id)
        if want != got:
            lines.append("%s: expected %s, got %s" % (rec_id, want, got))
    if expected["gone"] != actual["gone"]:
        lines.append("gone: expected %s, got %s" % (expected["gone"], actual["gone"]))
    return lines


def diff_outcomes(expected, actual):
    """Per task, the (id, outcome) pairs only one of two ``scenarios.outcomes()`` has."""
    lines = []
    for task in sorted(set(expected) | set(actual)):
        want, got = set(expected.get(task, [])), set(actual.get(task, []))
        if want != got:
            lines.append("%s: expected only %s; got only %s" % (task, sorted(want - got)[:10], sorted(got - want)[:10]))
    return "\n".join(lines)


def v1_requests(sim):
    """How many ``/v1`` requests the simulator answered (each one drew from the fault RNG)."""
    by_endpoint = sim.requests()["by_endpoint"]
    return sum(count for key, count in by_endpoint.items() if key.split(" ", 1)[1].startswith("/v1"))


def injected_faults(rate, seed, kinds, requests_seen):
    """Replay the simulator's fault RNG (webex_sim/faults.py): which faults ``requests_seen`` requests met.

    The simulator draws once per /v1 request in arrival order (twice when it injects), so the count of requests
    alone tells how many faults of each kind were injected.
    """
    rng = random.Random(seed)
    counts = dict((kind, 0) for kind in kinds)
    for _n in range(requests_seen):
        if rng.random() >= rate:
            continue
        counts[kinds[rng.randrange(len(kinds))]] += 1
    return counts


# ---------------------------------------------------------------------------------------------- playbooks


class Run:
    """One finished ``ansible-playbook``: exit code, output and every task result (``record_results``)."""

    def __init__(self, rc, stdout, stderr, results, seconds, killed=False):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = results
        self.seconds = seconds
        self.killed = killed

    def named(self, task_name):
        return [entry for entry in self.results if entry["task"] == task_name]

    def failed_tasks(self):
        return [entry for entry in self.results if entry["status"] == "failed"]

    def __repr__(self):
        return "Run(rc=%s, %.1fs, killed=%s)\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            self.rc,
            self.seconds,
            self.killed,
            self.stdout[-8000:],
            self.stderr[-3000:],
        )


def playbook_env(api_url, token=ADMIN_TOKEN, results_file=None, extra=None):
    env = dict(os.environ)
    for name in ("WEBEX_ACCESS_TOKEN", "WEBEX_CLIENT_ID", "WEBEX_CLIENT_SECRET", "WEBEX_REFRESH_TOKEN", "WEBEX_API_URL"):
        env.pop(name, None)
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_CALLBACK_PLUGINS": CALLBACKS,
            "ANSIBLE_CALLBACKS_ENABLED": "record_results",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_ROLES_PATH": os.path.join(ROOT, "roles"),
            "PATH": BIN + os.pathsep + env.get("PATH", ""),
        }
    )
    if api_url:
        env["WEBEX_API_URL"] = api_url
    if token:
        env["WEBEX_ACCESS_TOKEN"] = token
    if results_file:
        env["WXC_RESULTS_FILE"] = results_file
    # A None value in ``extra`` removes the variable.
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _playbook_path(playbook):
    if os.path.isabs(playbook):
        return playbook
    for base in (PLAYBOOKS, ROOT):
        candidate = os.path.join(base, playbook)
        if os.path.exists(candidate):
            return candidate
    raise AssertionError("no playbook %s under %s or %s" % (playbook, PLAYBOOKS, ROOT))


class Playbook:
    """Runs playbooks against one simulator from one working directory (the play's ``work_dir``)."""

    def __init__(self, sim, work_dir, token=ADMIN_TOKEN, env=None):
        self.sim = sim
        self.work_dir = str(work_dir)
        self.token = token
        self.env = dict(env or {})
        os.makedirs(self.work_dir, exist_ok=True)

    def _command(self, playbook, extra_vars, check, diff, verbosity):
        command = [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local"]
        variables = {"work_dir": self.work_dir}
        if self.sim is not None:
            variables.update({"sim_api_url": self.sim.base_url, "sim_root_url": self.sim.root_url})
        variables.update(extra_vars or {})
        command += ["-e", json.dumps(variables)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        command.append(_playbook_path(playbook))
        return command

    def _env(self, results_file, token, env):
        # The shipped playbooks write reports to $PWD/reports: PWD must follow the working directory.
        extra = {"PWD": self.work_dir}
        extra.update(self.env)
        extra.update(env or {})
        api_url = self.sim.base_url if self.sim is not None else None
        return playbook_env(api_url, self.token if token is False else token, results_file, extra)

    def run(self, playbook, extra_vars=None, check=False, diff=False, verbosity=0, token=False, env=None, timeout=600):
        """Run to the end; ``token=False`` means this runner's default token, ``None`` no token at all."""
        return self._spawn(playbook, extra_vars, check, diff, verbosity, token, env, timeout, should_kill=None)

    def run_and_kill(self, playbook, should_kill, extra_vars=None, token=False, env=None, timeout=600):
        """Run, and SIGKILL the playbook's whole process tree the first time ``should_kill()`` is true.

        Returns a ``Run`` whose ``killed`` says whether the kill happened before the playbook ended by itself.
        """
        return self._spawn(playbook, extra_vars, False, False, 0, token, env, timeout, should_kill=should_kill)

    def _spawn(self, playbook, extra_vars, check, diff, verbosity, token, env, timeout, should_kill, poll=0.002):
        results_file = os.path.join(tempfile.mkdtemp(dir=self.work_dir, prefix=".run-"), "results.json")
        began = time.time()
        killed = False
        with tempfile.TemporaryFile(dir=self.work_dir) as out, tempfile.TemporaryFile(dir=self.work_dir) as err:
            # pylint: disable-next=consider-using-with
            proc = subprocess.Popen(
                self._command(playbook, extra_vars, check, diff, verbosity),
                env=self._env(results_file, token, env),
                stdout=out,
                stderr=err,
                cwd=self.work_dir,
                start_new_session=True,
            )
            try:
                while proc.poll() is None:
                    if time.time() - began > timeout:
                        raise AssertionError("%s still running after %ss" % (playbook, timeout))
                    if should_kill is not None and should_kill():
                        kill_group(proc)
                        killed = True
                        break
                    time.sleep(poll if should_kill is not None else 0.05)
            finally:
                # Whatever happens to the test, no playbook (or worker of one) outlives it.
                if proc.poll() is None:
                    kill_group(proc)
                proc.wait()
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        return Run(proc.returncode, stdout, stderr, _read_results(results_file), time.time() - began, killed=killed)


class LineCounter:
    """Counts the lines (and the write calls) of the simulator's growing ``--request-log``, reading each byte once."""

    WRITE = re.compile(rb'"method": "(POST|DELETE)", "path": "/v1/convergedRecordings')

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.count = 0
        self.writes = 0

    def __call__(self):
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.offset)
                data = handle.read()
        except FileNotFoundError:
            return 0
        data = data[: data.rfind(b"\n") + 1]  # whole lines only
        self.offset += len(data)
        self.count += data.count(b"\n")
        self.writes += len(self.WRITE.findall(data))
        return self.count


def any_part_file(top):
    """True as soon as a ``.part`` file exists under ``top`` (a download in progress)."""
    for _base, _dirs, names in os.walk(top):
        if any(name.endswith(".part") for name in names):
            return True
    return False


def descendants(pid):
    """Every process below ``pid`` (children, their children...), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _signal_all(pgid, pids, sig):
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def kill_group(proc):
    """SIGKILL the playbook and everything it started, as a job scheduler killing the job would.

    Killing the playbook's process group is not enough: Ansible's worker processes call ``setsid()`` and would go on
    running the module (and its API calls) after the kill. So the whole tree is frozen (SIGSTOP), then killed.
    """
    for _attempt in range(5):
        pids = descendants(proc.pid)
        _signal_all(proc.pid, pids, signal.SIGSTOP)
        pids = sorted(set(pids) | set(descendants(proc.pid)))
        _signal_all(proc.pid, pids, signal.SIGKILL)
        if not descendants(proc.pid):
            return


def _read_results(path):
    if not os.path.exists(path):
        return []
    with open(path) as handle:
        return json.load(handle)


# ---------------------------------------------------------------------------------------------- archives


def walk_files(top):
    for base, _dirs, names in os.walk(top):
        for name in names:
            yield os.path.join(base, name)


def load_manifest(dest):
    """``manifest.json`` of an archive (format ``wxc.recordings.archive/1``), or an empty one."""
    path = os.path.join(dest, "manifest.json")
    if not os.path.exists(path):
        return {"recordings": {}, "files": []}
    with open(path) as handle:
        return json.load(handle)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ArchiveCheck:
    """An archive directory checked against its manifest and against what the simulator serves."""

    def __init__(self, dest, recordings=None):
        self.dest = dest
        self.manifest = load_manifest(dest)
        self.recordings = recordings or {}
        self.problems = []
        self.by_recording = {}
        self._check()

    def _check(self):
        for path in walk_files(self.dest):
            if path.endswith(".part"):
                self.problems.append("partial file left behind: %s" % os.path.relpath(path, self.dest))
        for row in self.manifest["files"]:
            rec_id, kind = row["recording_id"], row["kind"]
            path = os.path.join(self.dest, row["file"])
            self.by_recording.setdefault(rec_id, {})[kind] = row
            if not os.path.exists(path):
                self.problems.append("%s %s: in the manifest, not on disk" % (rec_id, kind))
                continue
            if os.path.getsize(path) != row.get("bytes") or sha256_file(path) != row.get("sha256"):
                self.problems.append("%s %s: file differs from the manifest" % (rec_id, kind))
                continue
            expected = self.expected_sha256(rec_id, kind)
            if expected is not None and expected != row.get("sha256"):
                self.problems.append("%s %s: content differs from what Webex serves" % (rec_id, kind))

    def expected_sha256(self, rec_id, kind):
        """sha256 of what the simulator serves for this artefact (None for metadata, or an unknown recording)."""
        return expected_sha256(self.recordings.get(rec_id), kind)

    def archived(self, rec_id):
        """Is the recording complete in the manifest, with every file it lists verified on disk?"""
        entry = self.manifest["recordings"].get(rec_id) or {}
        needed = set(entry.get("artefacts") or []) | {"metadata"}
        listed = set(self.by_recording.get(rec_id, {}))
        return bool(entry.get("complete")) and "audio" in needed and needed <= listed and not [p for p in self.problems if p.startswith(rec_id)]


SIM_ARTIFACTS = {"transcript": "transcript", "suggested_notes": "suggestedNotes", "short_notes": "shortNotes", "action_items": "actionItems"}
SUFFIX_KINDS = (
    (".transcript.vtt", "transcript"),
    (".suggested_notes.html", "suggested_notes"),
    (".short_notes.html", "short_notes"),
    (".action_items.html", "action_items"),
    (".metadata.json", "metadata"),
    (".mp3", "audio"),
)
UUID_AT_END = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def expected_sha256(rec, kind):
    """sha256 of the artefact the simulator serves for ``rec`` (a /_sim/recordings item); None for metadata."""
    if rec is None or kind == "metadata":
        return None
    if kind == "audio":
        return audio_sha256(rec["id"], rec["sizeBytes"])
    return hashlib.sha256(artifact_body(rec["id"], _Details(rec), SIM_ARTIFACTS[kind])).hexdigest()


def files_looking_complete_but_wrong(dest, recordings):
    """Files under their final name whose content is not exactly what Webex serves (truncated, half written...).

    After a kill, a file either does not exist yet, or is a ``.part`` file, or is complete: anything else would be
    mistaken for a finished download by a person or a later tool.
    """
    wrong = []
    for path in walk_files(dest):
        name = os.path.basename(path)
        if name.endswith(".part") or name.startswith("manifest."):
            continue
        for suffix, kind in SUFFIX_KINDS:
            if name.endswith(suffix):
                match = UUID_AT_END.search(name[: -len(suffix)])
                rec = recordings.get(match.group(1)) if match else None
                if kind == "metadata":
                    try:
                        with open(path) as handle:
                            json.load(handle)
                    except ValueError:
                        wrong.append("%s: not complete JSON" % os.path.relpath(path, dest))
                elif rec is not None and sha256_file(path) != expected_sha256(rec, kind):
                    wrong.append("%s: %d bytes, not the complete %s" % (os.path.relpath(path, dest), os.path.getsize(path), kind))
                break
    return wrong


class _Details:
    """The few RecordingDetails fields ``artifact_body`` reads, from a /_sim/recordings item."""

    def __init__(self, rec):
        self.duration_seconds = rec["durationSeconds"]
        self.topic = rec["topic"]


# ---------------------------------------------------------------------------------------------- session cache

# Set by conftest.py: a folder shared by every xdist worker of one test session.
SESSION_CACHE = {"dir": None}


class _CacheEntry:
    def __init__(self, value):
        self.value = value


@contextlib.contextmanager
def session_cache(key):
    """``with session_cache(key) as entry:`` -- ``entry.value`` is None the first time in a session; set it to a
    JSON value to keep it. An exclusive lock makes other workers wait for the first one instead of redoing its work."""
    directory = SESSION_CACHE["dir"]
    if directory is None:
        entry = _CacheEntry(None)
        yield entry
        return
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, key + ".json")
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            value = None
            if os.path.exists(path):
                with open(path) as handle:
                    value = json.load(handle)
            entry = _CacheEntry(value)
            yield entry
            if value is None and entry.value is not None:
                with open(path + ".tmp", "w") as handle:
                    json.dump(entry.value, handle)
                os.replace(path + ".tmp", path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------- figures


def figures_dir(mode=None):
    return os.path.join(FIGURES_DIR, mode or ("long" if LONG else "default"))


def session_figures_dir():
    """This session's folder of figures: conftest.py names the session before xdist starts its workers."""
    return os.path.join(figures_dir(), os.environ.get("WXC_RELIABILITY_SESSION", "unnamed"))


def record_figures(suite, **figures):
    """Append one line of figures (faults injected, runs, recordings processed, losses) for docs/reliability.md."""
    directory = session_figures_dir()
    os.makedirs(directory, exist_ok=True)
    line = dict(figures)
    line.update({"suite": suite, "mode": "long" if LONG else "default", "time": time.strftime("%Y-%m-%dT%H:%M:%S")})
    path = os.path.join(directory, "figures-%s.jsonl" % os.getpid())
    with open(path, "a") as handle:
        handle.write(json.dumps(line, sort_keys=True) + "\n")
