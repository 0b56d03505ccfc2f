"""``make bench``: this collection against the ways admins trash and read recordings today.

Job A: trash every available recording older than 90 days.
    collection   wxc.recordings.recording_trash (older_than_days: 90) in a playbook; also the module file alone;
                 each also with summary_only (ways summary, module-summary); the module given the ids to trash
                 instead (module-ids, what the retention role does); and the retention role (way role)
    uri          a playbook of ansible.builtin.uri (trash_uri.yml): pages per 30-day window, one softDelete each
    wxc-sdk      wxcsdk_bench.py on wxc-sdk 1.41 (its own venv), 30-day windows, batches of 100
Job B: details and metadata of 2,000 recordings.
    collection   wxc.recordings.recording_info (recording_ids, metadata: true), concurrency 8 and 1, and
                 concurrency 8 against a simulator answering 5 % of requests with 429
    uri          info_uri.yml: one GET details and one GET metadata per recording
    wxc-sdk      details() and metadata() per recording, sequential

Every way runs against the same simulator data (same seed), reset before it, with --latency-ms 50. Per run:
wall time, requests by endpoint (``/_sim/requests``), peak RSS of the process tree (wait4) and, for the
collection, of the module process itself. Results: a table on stdout and build/bench/results.json.

    python tests/bench/run_bench.py            # quick: N=2,000 (job A and B, every way)
    python tests/bench/run_bench.py --full     # + job A at N=20,000 and 100,000 (collection and wxc-sdk)
"""

import argparse
import bisect
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import time
from datetime import datetime, timezone

from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build", "bench")
LOGS = os.path.join(BUILD, "logs")
COLLECTIONS = os.path.join(ROOT, "build", "collections")
BIN = os.path.dirname(sys.executable)
SDK_VENV = os.path.join(BUILD, "wxcsdk-venv")
SDK_PYTHON = os.path.join(SDK_VENV, "bin", "python")
SDK_REQUIREMENT = "wxc-sdk==1.41.0"
RSS_PYTHON = os.path.join(BUILD, "python-rss")

ADMIN_TOKEN = "sim-admin-token"
SEED = 1
DAYS = 365
LATENCY_MS = 50
OLDER_THAN_DAYS = 90
JOB_B_RECORDINGS = 2000
# Enough generated recordings that 2,000 of them are available (10 % are generated deleted or purged).
JOB_B_GENERATE = 2300
PAGE = 100
BATCH = 100

LIST = "GET /v1/admin/convergedRecordings"
SOFT_DELETE = "POST /v1/convergedRecordings/softDelete"
DETAILS = "GET /v1/convergedRecordings/{recordingId}"
METADATA = "GET /v1/convergedRecordings/{recordingId}/metadata"

RSS_WRAPPER = '''#!%(python)s
"""Written by tests/bench/run_bench.py: run Python, log the peak RSS of that process (the module) to $BENCH_RSS_LOG."""
import json, os, subprocess, sys, time
started = time.time()
proc = subprocess.Popen([%(python)r] + sys.argv[1:])
_pid, status, usage = os.wait4(proc.pid, 0)
with open(os.environ["BENCH_RSS_LOG"], "a") as log:
    log.write(json.dumps({"argv": sys.argv[1:], "maxrss_kb": usage.ru_maxrss, "seconds": time.time() - started}) + "\\n")
sys.exit(os.waitstatus_to_exitcode(status))
'''


# ---------------------------------------------------------------------------------------------- processes


def run_measured(command, env=None, log_path=None, timeout=7200):
    """Run ``command``; return (rc, wall seconds, stdout text); stderr goes to ``log_path``."""
    with open(log_path or os.devnull, "w") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=log, cwd=ROOT)
        out = proc.communicate(timeout=timeout)[0]
        wall = time.perf_counter() - started
    text = out.decode("utf-8", "replace")
    if log_path:
        with open(log_path, "a") as log:
            log.write("\n--- stdout ---\n" + text)
    return proc.returncode, wall, text


class ChildRss:
    """Peak RSS of a command's process tree: the command runs under a tiny launcher that reads it with wait4.

    wait4 reports the largest RSS of the child and of every descendant the child waited for.
    """

    LAUNCHER = (
        "import os, subprocess, sys, json\n"
        "proc = subprocess.Popen(sys.argv[2:])\n"
        "_pid, status, usage = os.wait4(proc.pid, 0)\n"
        "open(sys.argv[1], 'w').write(json.dumps({'maxrss_kb': usage.ru_maxrss}))\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )

    @classmethod
    def wrap(cls, command, rss_file):
        return [sys.executable, "-c", cls.LAUNCHER, rss_file] + list(command)

    @staticmethod
    def read(rss_file):
        try:
            with open(rss_file) as handle:
                return json.load(handle)["maxrss_kb"] / 1024.0
        except (OSError, ValueError, KeyError):
            return None


def shell_line(command, env_keys, env):
    prefix = " ".join("%s=%s" % (key, shlex.quote(env[key])) for key in env_keys if key in env)
    return (prefix + " " if prefix else "") + " ".join(shlex.quote(part) for part in command)


# ---------------------------------------------------------------------------------------------- setup


def ensure_sdk_venv():
    """wxc-sdk in its own venv: its pins (pydantic, requests, ...) never meet ours."""
    stamp = os.path.join(SDK_VENV, ".installed-" + SDK_REQUIREMENT)
    if os.path.exists(stamp):
        return
    subprocess.run([sys.executable, "-m", "venv", SDK_VENV], check=True)
    subprocess.run([SDK_PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check", SDK_REQUIREMENT], check=True)
    with open(stamp, "w") as handle:
        handle.write(SDK_REQUIREMENT + "\n")


def write_rss_wrapper():
    with open(RSS_PYTHON, "w") as handle:
        handle.write(RSS_WRAPPER % {"python": sys.executable})
    os.chmod(RSS_PYTHON, 0o755)


def ansible_env(sim, interpreter=None, extra=None):
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_PYTHON_INTERPRETER": interpreter or sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "WEBEX_API_URL": sim.base_url,
            "WEBEX_ACCESS_TOKEN": ADMIN_TOKEN,
            "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        }
    )
    env.update(extra or {})
    return env


ANSIBLE_ENV_KEYS = ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_PYTHON_INTERPRETER", "WEBEX_API_URL", "WEBEX_ACCESS_TOKEN")


# ---------------------------------------------------------------------------------------------- data


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Snapshot:
    """The simulator's recordings right after a reset: what every way starts from."""

    def __init__(self, sim):
        items = sim.recordings()
        self.status = dict((item["id"], item["status"]) for item in items)
        available = [item for item in items if item["status"] == "available"]
        available.sort(key=lambda item: item["createTime"], reverse=True)
        self.available_newest_first = [item["id"] for item in available]
        self.available_created = [(item["id"], parse_time(item["createTime"]).timestamp()) for item in available]
        self.available_times = sorted(parse_time(item["createTime"]).timestamp() for item in available)
        self.total = len(items)

    def available_before(self, cutoff):
        """Ids of the available recordings created before ``cutoff`` (epoch seconds), newest first."""
        return [recording_id for recording_id, created in self.available_created if created < cutoff]

    def available_between(self, start, end):
        """Available recordings with start <= createTime < end (epoch seconds)."""
        return bisect.bisect_left(self.available_times, end) - bisect.bisect_left(self.available_times, start)


def list_windows(log):
    """The (from, to) of every first-page list request (later pages carry only a cursor)."""
    windows = []
    for entry in log:
        if entry["method"] == "GET" and entry["path"] == "/v1/admin/convergedRecordings" and "from" in entry["query"]:
            windows.append((parse_time(entry["query"]["from"]).timestamp(), parse_time(entry["query"]["to"]).timestamp()))
    return windows


def job_windows(now):
    """Job A's windows: [now - 365 d, now - 90 d) in 30-day pieces, newest first (epoch seconds)."""
    windows, upper, oldest = [], now - OLDER_THAN_DAYS * 86400, now - DAYS * 86400
    while upper > oldest:
        windows.append((max(oldest, upper - 30 * 86400), upper))
        upper = windows[-1][0]
    return windows


def minimum_requests(snapshot, windows, written):
    """The fewest list pages for these 30-day windows at max=100, and the fewest softDelete calls (100 ids each)."""
    pages = 0
    longest = 0.0
    for start, end in windows:
        pages += max(1, int(math.ceil(snapshot.available_between(start, end) / float(PAGE))))
        longest = max(longest, end - start)
    ordered = sorted(windows)
    overlap = any(ordered[i][1] > ordered[i + 1][0] for i in range(len(ordered) - 1))
    return {
        "windows": len(windows),
        "longest_window_days": round(longest / 86400.0, 3),
        "windows_overlap": overlap,
        "list": pages,
        "write": int(math.ceil(written / float(BATCH))),
    }


def trashed_since(snapshot, sim):
    """Recordings available in the snapshot and deleted now."""
    now = dict((item["id"], item["status"]) for item in sim.recordings())
    return sum(1 for rid, status in snapshot.status.items() if status == "available" and now.get(rid) == "deleted")


# ---------------------------------------------------------------------------------------------- runs


class Bench:
    def __init__(self, args):
        self.args = args
        self.runs = []
        self.commands = []

    def record(self, **run):
        run.setdefault("ok", run.get("rc") == 0)
        self.runs.append(run)
        line = "%-6s N=%-7s %-28s %8.1f s  requests %-6s rss %s MB" % (
            run["job"],
            run["n"],
            run["way"],
            run["wall_s"],
            run.get("requests", {}).get("total", "-"),
            "%.0f" % run["peak_rss_mb"] if run.get("peak_rss_mb") else "-",
        )
        print(line + ("" if run["ok"] else "  FAILED rc=%s" % run.get("rc")), flush=True)
        return run

    def command(self, text):
        self.commands.append(text)
        print("$ " + text, flush=True)

    def measure(self, sim, job, n, way, command, env, env_keys, log_name, module_rss_log=None):
        """Reset the simulator, run one way, collect wall time, requests and RSS."""
        sim.reset()
        sim.clear_requests()
        if module_rss_log and os.path.exists(module_rss_log):
            os.remove(module_rss_log)
        self.command(shell_line(command, env_keys, env))
        rss_file = os.path.join(BUILD, "rss-%s.json" % log_name)
        started_at = time.time()
        rc, wall, stdout = run_measured(ChildRss.wrap(command, rss_file), env=env, log_path=os.path.join(LOGS, log_name + ".log"))
        requests = sim.requests(log=True)
        run = {
            "job": job,
            "n": n,
            "way": way,
            "rc": rc,
            "wall_s": round(wall, 2),
            "started_at": started_at,
            "requests": {"total": requests["total"], "by_endpoint": requests["by_endpoint"]},
            "peak_rss_mb": ChildRss.read(rss_file),
            "command": self.commands[-1],
            "stdout_tail": stdout[-400:],
            "stdout_bytes": len(stdout.encode("utf-8")),
        }
        if module_rss_log and os.path.exists(module_rss_log):
            with open(module_rss_log) as handle:
                entries = [json.loads(line) for line in handle if line.strip()]
            run["module_rss_mb"] = round(max(entry["maxrss_kb"] for entry in entries) / 1024.0, 1) if entries else None
        return run, requests.get("log", [])

    # ------------------------------------------------------------------ job A

    def job_a(self, n, owners, ways):
        sim_args = ["--generate", n, "--seed", SEED, "--days", DAYS, "--owners", owners, "--latency-ms", LATENCY_MS]
        self.command("webex-sim " + " ".join(str(arg) for arg in sim_args))
        with SimulatorProcess(*[str(arg) for arg in sim_args]) as sim:
            sim.reset()
            snapshot = Snapshot(sim)
            module_rss_log = os.path.join(BUILD, "module-rss.jsonl")
            for way in ways:
                if way in ("collection", "summary"):
                    summary = way == "summary"
                    env = ansible_env(sim, interpreter=RSS_PYTHON, extra={"BENCH_RSS_LOG": module_rss_log})
                    command = [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local"]
                    command += (["-e", "bench_summary_only=true"] if summary else []) + [os.path.join(HERE, "trash_collection.yml")]
                    name = "collection (playbook, summary_only)" if summary else "collection (playbook)"
                    run, log = self.measure(sim, "A", n, name, command, env, ANSIBLE_ENV_KEYS, "A-%s-%s" % (n, way), module_rss_log)
                elif way in ("module", "module-summary", "module-ids"):
                    summary = way != "module"
                    args_file = os.path.join(BUILD, "A-%s-%s-args.json" % (n, way))
                    params = {"api_url": sim.base_url, "access_token": ADMIN_TOKEN, "older_than_days": OLDER_THAN_DAYS, "summary_only": summary}
                    if way == "module-ids":
                        # What the retention role's trash step gets: the planned ids (no date option).
                        del params["older_than_days"]
                        params["recording_ids"] = snapshot.available_before(time.time() - OLDER_THAN_DAYS * 86400)
                    with open(args_file, "w") as handle:
                        json.dump({"ANSIBLE_MODULE_ARGS": params}, handle)
                    env = dict(os.environ, PYTHONPATH=COLLECTIONS)
                    command = [sys.executable, os.path.join(ROOT, "plugins", "modules", "recording_trash.py"), args_file]
                    name = {
                        "module": "collection (module alone)",
                        "module-summary": "collection (module alone, summary_only)",
                        "module-ids": "collection (module alone, recording_ids, summary_only)",
                    }[way]
                    run, log = self.measure(sim, "A", n, name, command, env, ("PYTHONPATH",), "A-%s-%s" % (n, way))
                    run["module_rss_mb"] = run["peak_rss_mb"]
                    run["result_bytes"] = run["stdout_bytes"]
                    run["stdout_tail"] = ""
                elif way == "role":
                    env = ansible_env(sim, interpreter=RSS_PYTHON, extra={"BENCH_RSS_LOG": module_rss_log})
                    command = [
                        os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local",
                        "-e", "retention_report_dir=%s" % os.path.join(BUILD, "retention-reports"), os.path.join(HERE, "trash_retention.yml"),
                    ]  # fmt: skip
                    run, log = self.measure(sim, "A", n, "collection (retention role)", command, env, ANSIBLE_ENV_KEYS, "A-%s-role" % n, module_rss_log)
                elif way == "uri":
                    env = ansible_env(sim)
                    command = [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", os.path.join(HERE, "trash_uri.yml")]
                    run, log = self.measure(sim, "A", n, "uri playbook", command, env, ANSIBLE_ENV_KEYS, "A-%s-uri" % n)
                elif way == "wxc-sdk":
                    command = [SDK_PYTHON, os.path.join(HERE, "wxcsdk_bench.py"), sim.base_url, ADMIN_TOKEN, "trash"]
                    run, log = self.measure(sim, "A", n, "wxc-sdk script", command, dict(os.environ), (), "A-%s-wxcsdk" % n)
                else:
                    raise ValueError(way)
                written = trashed_since(snapshot, sim)
                # The minimum is the job's, the same for every way: 30-day windows over [now - 365 d, now - 90 d),
                # status available. A way that lists more is measured against it.
                minimum = minimum_requests(snapshot, job_windows(run["started_at"]), written)
                minimum["windows_sent"] = len(list_windows(log))
                # What "older than 90 days" selects depends on the second each way reads the clock: allow the
                # recordings created while it ran, at either end of the range.
                cutoff, oldest, slack = run["started_at"] - OLDER_THAN_DAYS * 86400, run["started_at"] - DAYS * 86400, run["wall_s"] + 1
                low = snapshot.available_between(oldest + slack, cutoff)
                high = snapshot.available_between(oldest, cutoff + slack)
                run.update(trashed=written, expected=[low, high], minimum=minimum, ok=run["rc"] == 0 and low <= written <= high and written > 0)
                self.record(**run)

    # ------------------------------------------------------------------ job B

    def job_b(self, ways, fault_run=True):
        n = JOB_B_RECORDINGS
        sim_args = ["--generate", JOB_B_GENERATE, "--seed", SEED, "--days", DAYS, "--latency-ms", LATENCY_MS]
        ids_file = os.path.join(BUILD, "B-ids.json")
        self.command("webex-sim " + " ".join(str(arg) for arg in sim_args))
        with SimulatorProcess(*[str(arg) for arg in sim_args]) as sim:
            sim.reset()
            snapshot = Snapshot(sim)
            with open(ids_file, "w") as handle:
                json.dump(snapshot.available_newest_first[:n], handle)
            for way in ways:
                self._job_b_way(sim, way, ids_file, n, "")
        if fault_run and "collection" in ways:
            fault_args = sim_args + ["--fault-rate", "0.05", "--fault-kinds", "429"]
            self.command("webex-sim " + " ".join(str(arg) for arg in fault_args))
            with SimulatorProcess(*[str(arg) for arg in fault_args]) as sim:
                self._job_b_way(sim, "collection", ids_file, n, " + 5% 429")

    def _job_b_way(self, sim, way, ids_file, n, suffix):
        module_rss_log = os.path.join(BUILD, "module-rss.jsonl")
        tag = "B-%s%s" % (way, "-faults" if suffix else "")
        if way == "collection":
            for concurrency in (8, 1) if not suffix else (8,):
                env = ansible_env(sim, interpreter=RSS_PYTHON, extra={"BENCH_RSS_LOG": module_rss_log})
                command = [
                    os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local",
                    "-e", "bench_ids_file=%s bench_concurrency=%d" % (ids_file, concurrency),
                    os.path.join(HERE, "info_collection.yml"),
                ]  # fmt: skip
                name = "collection c=%d%s" % (concurrency, suffix)
                run, _log = self.measure(sim, "B", n, name, command, env, ANSIBLE_ENV_KEYS, "%s-c%d" % (tag, concurrency), module_rss_log)
                self._finish_b(run)
            return
        if way == "uri":
            env = ansible_env(sim)
            command = [
                os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local",
                "-e", "bench_ids_file=%s" % ids_file, os.path.join(HERE, "info_uri.yml"),
            ]  # fmt: skip
            run, _log = self.measure(sim, "B", n, "uri playbook", command, env, ANSIBLE_ENV_KEYS, tag)
        elif way == "wxc-sdk":
            command = [SDK_PYTHON, os.path.join(HERE, "wxcsdk_bench.py"), sim.base_url, ADMIN_TOKEN, "info", ids_file]
            run, _log = self.measure(sim, "B", n, "wxc-sdk script", command, dict(os.environ), (), tag)
        else:
            return
        self._finish_b(run)

    def _finish_b(self, run):
        by = run["requests"]["by_endpoint"]
        run["minimum"] = {"details": run["n"], "metadata": run["n"]}
        run["ok"] = run["rc"] == 0 and by.get(DETAILS, 0) >= run["n"] and by.get(METADATA, 0) >= run["n"]
        self.record(**run)

    # ------------------------------------------------------------------ module path profile

    def profile(self, n, owners):
        """Import time, AnsiballZ payload, and the module's phases (select, plan, apply, result, exit) at N."""
        out = {"n": n}
        env = dict(os.environ, PYTHONPATH=COLLECTIONS)
        importtime = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import ansible_collections.wxc.recordings.plugins.modules.recording_trash"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        out["import"] = summarize_importtime(importtime.stderr)
        sim_args = ["--generate", n, "--seed", SEED, "--days", DAYS, "--owners", owners, "--latency-ms", LATENCY_MS]
        self.command("webex-sim " + " ".join(str(arg) for arg in sim_args))
        with SimulatorProcess(*[str(arg) for arg in sim_args]) as sim:
            out["ansiballz"] = ansiballz_sizes(sim)
            for name, check, summary in (("check_mode", True, False), ("run", False, False), ("run_summary_only", False, True)):
                sim.reset()
                args_file = os.path.join(BUILD, "profile-args.json")
                params = {"api_url": sim.base_url, "access_token": ADMIN_TOKEN, "older_than_days": OLDER_THAN_DAYS, "_ansible_check_mode": check}
                params["summary_only"] = summary
                with open(args_file, "w") as handle:
                    json.dump({"ANSIBLE_MODULE_ARGS": params}, handle)
                command = [sys.executable, os.path.join(HERE, "profile_module.py"), "recording_trash", args_file]
                self.command(shell_line(command, ("PYTHONPATH",), env))
                proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
                lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
                out[name] = json.loads(lines[-1]) if lines else {"rc": proc.returncode, "stderr": proc.stderr[-2000:]}
        return out


def summarize_importtime(text):
    """Import milliseconds from ``python -X importtime``: the module in total, its big parts, and our own code."""
    cumulative, own = {}, {}
    for line in text.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [part.strip() for part in line[len("import time:"):].split("|")]
        try:
            own[parts[2]], cumulative[parts[2]] = int(parts[0]), int(parts[1])
        except (ValueError, IndexError):
            continue
    wanted = (
        ("module recording_trash, total", "ansible_collections.wxc.recordings.plugins.modules.recording_trash"),
        ("ansible.module_utils.basic", "ansible.module_utils.basic"),
        ("requests", "requests"),
        ("concurrent.futures", "concurrent.futures"),
    )
    result = dict((label, round(cumulative[name] / 1000.0, 1)) for label, name in wanted if name in cumulative)
    result["wxc.recordings own code (self time)"] = round(sum(us for name, us in own.items() if name.startswith("ansible_collections.wxc")) / 1000.0, 1)
    return result


def ansiballz_sizes(sim):
    """Size of the AnsiballZ file Ansible ships for recording_trash, recording_info and uri, and what is in it."""
    remote_tmp = os.path.join(BUILD, "remote-tmp")
    sizes = {}
    for playbook, extra in (
        ("trash_collection.yml", []),
        ("info_collection.yml", ["-e", "bench_ids_file=%s" % os.path.join(BUILD, "profile-ids.json")]),
    ):
        with open(os.path.join(BUILD, "profile-ids.json"), "w") as handle:
            json.dump([sim.recordings()[0]["id"]], handle)
        if os.path.isdir(remote_tmp):
            subprocess.run(["rm", "-rf", remote_tmp], check=True)
        env = ansible_env(sim, extra={"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": remote_tmp})
        subprocess.run(
            [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", "--check"] + extra + [os.path.join(HERE, playbook)],
            env=env,
            capture_output=True,
            check=False,
            cwd=ROOT,
        )
        for folder, _dirs, files in os.walk(remote_tmp):
            for name in files:
                if name.startswith("AnsiballZ_"):
                    sizes[name] = ansiballz_contents(os.path.join(folder, name))
    return sizes


def ansiballz_contents(path):
    import base64  # pylint: disable=import-outside-toplevel
    import io  # pylint: disable=import-outside-toplevel
    import re  # pylint: disable=import-outside-toplevel
    import zipfile  # pylint: disable=import-outside-toplevel

    with open(path) as handle:
        text = handle.read()
    found = {"bytes": len(text.encode("utf-8"))}
    # ansible-core 2.19 writes zip_data='<base64>'; older cores ZIPDATA = """<base64>""".
    match = re.search(r"(?:zip_data=|ZIPDATA = )(?:[rb]?'''|[rb]?['\"])([A-Za-z0-9+/=\s]+)", text)
    if match:
        data = base64.b64decode(re.sub(r"\s", "", match.group(1)))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
        found["zip_bytes"] = len(data)
        found["files"] = len(infos)
        found["uncompressed_bytes"] = sum(info.file_size for info in infos)
        found["wxc_files"] = sorted(info.filename.rsplit("/", 1)[-1] for info in infos if "wxc/recordings" in info.filename)
    return found


# ---------------------------------------------------------------------------------------------- report


def speedups(runs):
    """Wall time of each way over the collection's (playbook) for the same job and N."""
    ours = dict(((run["job"], run["n"]), run["wall_s"]) for run in runs if run["way"] in ("collection (playbook)", "collection c=8"))
    for run in runs:
        base = ours.get((run["job"], run["n"]))
        run["x_slower_than_collection"] = round(run["wall_s"] / base, 1) if base else None


def role_targets(runs):
    """The retention role against issue 12's targets, per N: requests over the job's minimum (<= 1.05), wall time
    over recording_trash doing the same job (<= 1.3) and over the wxc-sdk script (< 1), peak RSS (< 200 MB)."""
    by_n = {}
    for run in runs:
        if run["job"] == "A":
            by_n.setdefault(run["n"], {})[run["way"]] = run
    lines = []
    for n, ways in sorted(by_n.items()):
        role = ways.get("collection (retention role)")
        if role is None:
            continue
        minimum = role.get("minimum") or {}
        floor = (minimum.get("list") or 0) + (minimum.get("write") or 0)
        total = role.get("requests", {}).get("total") or 0
        module = ways.get("collection (playbook, summary_only)") or ways.get("collection (playbook)")
        sdk = ways.get("wxc-sdk script")
        role["targets"] = {
            "requests_x_minimum": round(total / floor, 3) if floor else None,
            "wall_x_recording_trash": round(role["wall_s"] / module["wall_s"], 2) if module else None,
            "wall_x_wxc_sdk": round(role["wall_s"] / sdk["wall_s"], 2) if sdk else None,
            "peak_rss_mb": role.get("peak_rss_mb"),
        }
        t = role["targets"]
        lines.append(
            "N=%s: requests %s x the minimum (target <= 1.05); wall %s x recording_trash (<= 1.3), %s x wxc-sdk (< 1); peak RSS %s MB (< 200)"
            % ("{:,}".format(n), t["requests_x_minimum"], t["wall_x_recording_trash"], t["wall_x_wxc_sdk"], t["peak_rss_mb"])
        )
    return "\n".join(lines)


def table(runs):
    header = (
        "job", "N", "way", "wall s", "x ours", "list GET (min)", "softDelete (min)",
        "GET details", "GET metadata", "total req", "peak RSS MB", "module RSS MB", "ok",
    )  # fmt: skip
    rows = [header]
    for run in runs:
        by = run.get("requests", {}).get("by_endpoint", {})
        minimum = run.get("minimum") or {}
        rows.append(
            (
                run["job"],
                "{:,}".format(run["n"]),
                run["way"],
                "%.1f" % run["wall_s"],
                "%.1f" % run["x_slower_than_collection"] if run.get("x_slower_than_collection") else "-",
                "%d (%s)" % (by.get(LIST, 0), minimum.get("list", "-")) if run["job"] == "A" else str(by.get(LIST, 0)),
                "%d (%s)" % (by.get(SOFT_DELETE, 0), minimum.get("write", "-")) if run["job"] == "A" else str(by.get(SOFT_DELETE, 0)),
                str(by.get(DETAILS, 0)),
                str(by.get(METADATA, 0)),
                str(run.get("requests", {}).get("total", "-")),
                "%.0f" % run["peak_rss_mb"] if run.get("peak_rss_mb") else "-",
                "%.0f" % run["module_rss_mb"] if run.get("module_rss_mb") else "-",
                "yes" if run.get("ok") else "NO",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--full", action="store_true", help="also job A at N=20,000 and 100,000 (collection, wxc-sdk)")
    parser.add_argument("--jobs", default="A,B", help="A, B or A,B (default)")
    parser.add_argument(
        "--ways",
        default="collection,summary,module,module-summary,module-ids,role,uri,wxc-sdk",
        help="subset of collection,summary,module,module-summary,module-ids,role,uri,wxc-sdk",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the module path profile")
    parser.add_argument("--out", default=os.path.join(BUILD, "results.json"))
    args = parser.parse_args()
    ways = [way.strip() for way in args.ways.split(",") if way.strip()]
    jobs = [job.strip().upper() for job in args.jobs.split(",") if job.strip()]

    os.makedirs(LOGS, exist_ok=True)
    if "wxc-sdk" in ways:
        ensure_sdk_venv()
    write_rss_wrapper()
    bench = Bench(args)
    started = time.time()
    sizes = [(2000, 50)] + ([(20000, 500), (100000, 500)] if args.full else [])
    if "A" in jobs:
        for n, owners in sizes:
            bench.job_a(n, owners, [way for way in ways if n == 2000 or way != "uri"])
    if "B" in jobs:
        bench.job_b(ways)
    profile = None
    if not args.no_profile:
        profile = bench.profile(sizes[-1][0], sizes[-1][1])
    speedups(bench.runs)
    targets = role_targets(bench.runs)
    results = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_end": list(os.getloadavg()),
        },
        "simulator": {"seed": SEED, "days": DAYS, "latency_ms": LATENCY_MS},
        "profile_name": "full" if args.full else "quick",
        "seconds": round(time.time() - started, 1),
        "commands": bench.commands,
        "runs": bench.runs,
        "module_profile": profile,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=2)
    print()
    print(table(bench.runs))
    print("\n'x ours': wall time over the collection's for the same job and N. '(min)': fewest requests for the")
    print("30-day windows each way sent, at max=100 per page and 100 ids per softDelete, from the simulator's data.")
    if targets:
        print("\nretention role (issue 12 targets):\n" + targets)
    if profile:
        shown = ("import", "run", "run_summary_only", "check_mode")
        print("\nmodule path profile (N=%s): %s" % (profile["n"], json.dumps(dict((k, profile[k]) for k in shown if k in profile))))
    print("\nresults: %s" % args.out)
    return 0 if all(run.get("ok") for run in bench.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
