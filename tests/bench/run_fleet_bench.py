"""Part of ``make bench`` (10 orgs x 500 recordings; ``BENCH_FULL=1``: 50 x 2,000): one run across many orgs (issue 14).

One simulator process holds every org (``--orgs``; 2,000 recordings each, 50 ms latency per request by default). The
playbook wxc.recordings.fleet runs the storage report and one retention rule (trash what is older than 180 days, no
archive) for every org of the inventory wxc.recordings.webex_orgs (partner token), each org's token minted by the
Service App, then the fleet report. It is timed:

- one org alone (``--limit <org>,localhost``, ``-f 1``): the unit of work;
- every org with ``-f 1``, ``-f 10`` and ``-f 25`` (the simulator is reset before each run).

Per run: wall time, controller peak memory (the ansible-playbook process tree, its forks and module processes,
sampled every 0.2 s from /proc: the sum of RSS, an upper bound, and the sum of PSS), and whether every org ended ``ok``. Target (issue 14): with ``-f 10``,
at most 1.3 x (orgs / 10) x one org alone; the controller under 1 GB. Results: a table on stdout and
build/bench/fleet-results.json.

    python tests/bench/run_fleet_bench.py                                   # 50 orgs x 2,000 recordings
    python tests/bench/run_fleet_bench.py --orgs 20 --recordings 500        # reduced scale
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "simulator"))

from webex_sim.testing import SimulatorProcess  # noqa: E402

BUILD = os.path.join(ROOT, "build", "bench")
COLLECTIONS = os.path.join(ROOT, "build", "collections")
BIN = os.path.dirname(sys.executable)
PARTNER_TOKEN = "sim-partner-token"
RULE = {"name": "older-than-180-days", "action": "trash", "match": {"older_than_days": 180}}
MB = 1024 * 1024


def tree_memory(root_pid):
    """(sum of RSS, sum of PSS) in bytes over ``root_pid`` and its descendants, from /proc.

    RSS counts the pages forks share with their parent once per process (an upper bound); PSS splits each shared
    page between the processes sharing it (what the tree really uses)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (IOError, OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    rss = pss = 0
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open("/proc/%d/smaps_rollup" % pid) as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except (IOError, OSError):
            continue
    return rss, pss


def timed_run(command, env, cwd, log_path):
    """(wall seconds, peak tree RSS bytes, peak tree PSS bytes, CPU seconds, return code) of one ansible-playbook run.

    CPU seconds: user + system time of the whole tree (wait4 counts every descendant that was waited for: the forks
    and the module processes)."""
    peak = [0, 0]
    with open(log_path, "w") as log:
        start = time.monotonic()
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample():
            while not done.is_set():
                rss, pss = tree_memory(proc.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = rc = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
        done.set()
        sampler.join()
    return wall, peak[0], peak[1], usage.ru_utime + usage.ru_stime, rc


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--orgs", type=int, default=50)
    parser.add_argument("--recordings", type=int, default=2000, help="recordings per org")
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--forks", default="1,10,25", help="comma-separated -f values")
    parser.add_argument("--target-forks", type=int, default=10)
    args = parser.parse_args()
    forks = [int(f) for f in args.forks.split(",") if f.strip()]
    os.makedirs(os.path.join(BUILD, "fleet"), exist_ok=True)
    work = os.path.join(BUILD, "fleet")

    sim_args = ["--orgs", str(args.orgs), "--generate", str(args.recordings), "--seed", "1", "--days", "365"]
    sim_args += ["--owners", "50", "--latency-ms", str(args.latency_ms)]
    results = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": "%s, %d CPUs, Python %s" % (platform.platform(), os.cpu_count() or 0, platform.python_version()),
        "orgs": args.orgs,
        "recordings_per_org": args.recordings,
        "latency_ms": args.latency_ms,
        "runs": [],
    }
    with SimulatorProcess(*sim_args) as sim:
        inventory = os.path.join(work, "bench.webex_orgs.yml")
        with open(inventory, "w") as handle:
            handle.write("plugin: wxc.recordings.webex_orgs\n")
        env = dict(os.environ)
        env.update(
            {
                "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
                "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_RETRY_FILES_ENABLED": "0",
                "WEBEX_API_URL": sim.base_url,
                "WEBEX_PARTNER_TOKEN": PARTNER_TOKEN,
                "WEBEX_SERVICE_APP_CLIENT_ID": "sim-service-app-client-id",
                "WEBEX_SERVICE_APP_CLIENT_SECRET": "sim-service-app-client-secret",
                "WEBEX_SERVICE_APP_TOKEN": PARTNER_TOKEN,
                "PATH": BIN + os.pathsep + env.get("PATH", ""),
            }
        )
        first_org = (
            subprocess.run(
                [os.path.join(BIN, "ansible-inventory"), "-i", inventory, "--graph", "webex_orgs"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.split("--")[-1]
            .strip()
        )
        plan = [("one org alone", 1, first_org + ",localhost")] + [("all orgs", f, None) for f in forks]
        if os.environ.get("BENCH_ONE_ONLY"):
            plan = plan[:1]
        for label, fork_count, limit in plan:
            sim.reset()
            report_dir = os.path.join(work, "reports-%s-f%d" % ("one" if limit else "all", fork_count))
            shutil.rmtree(report_dir, ignore_errors=True)
            variables = {"wxc_fleet_roles": ["storage_report", "retention"], "retention_rules": [RULE]}
            variables.update(retention_archive_before_trash=False, wxc_report_dir=report_dir)
            command = [os.path.join(BIN, "ansible-playbook"), "-i", inventory, "-f", str(fork_count), "-e", json.dumps(variables)]
            if limit:
                command += ["--limit", limit]
            command.append(os.path.join(ROOT, "playbooks", "fleet.yml"))
            log = os.path.join(work, "log-%s-f%d.txt" % ("one" if limit else "all", fork_count))
            wall, peak, peak_pss, cpu, rc = timed_run(command, env, work, log)
            with open(os.path.join(report_dir, "fleet.json")) as handle:
                fleet = json.load(handle)["totals"]
            run = {
                "run": label,
                "forks": fork_count,
                "orgs": fleet["orgs"],
                "ok": fleet["ok"],
                "wall_s": round(wall, 1),
                "cpu_s": round(cpu, 1),
                "peak_rss_mb": round(peak / float(MB), 1),
                "peak_pss_mb": round(peak_pss / float(MB), 1),
                "rc": rc,
                "requests": sim.requests()["total"],
                "trashed": fleet["by_action"].get("trash", {}).get("changed", 0),
            }
            results["runs"].append(run)
            print(
                "%-14s -f %-3d orgs %-3d ok %-3d wall %7.1f s  CPU %7.1f s  peak RSS %7.1f MB  PSS %7.1f MB  requests %d  trashed %d  rc %d"
                % (label, fork_count, run["orgs"], run["ok"], wall, cpu, run["peak_rss_mb"], run["peak_pss_mb"], run["requests"], run["trashed"], rc),
                flush=True,
            )
    one = results["runs"][0]["wall_s"]
    target_run = next((r for r in results["runs"][1:] if r["forks"] == args.target_forks), None)
    if target_run is not None:
        budget = 1.3 * (args.orgs / float(args.target_forks)) * one
        results["target"] = {
            "forks": args.target_forks,
            "budget_s": round(budget, 1),
            "wall_s": target_run["wall_s"],
            "met": target_run["wall_s"] <= budget,
            "ratio_to_ideal": round(target_run["wall_s"] / ((args.orgs / float(args.target_forks)) * one), 2),
        }
        print(
            "target: -f %d in %.1f s, budget 1.3 x (%d/%d) x %.1f s = %.1f s: %s"
            % (args.target_forks, target_run["wall_s"], args.orgs, args.target_forks, one, budget, "met" if results["target"]["met"] else "MISSED")
        )
    results["controller_under_1gb_pss"] = all(r["peak_pss_mb"] < 1024 for r in results["runs"])
    results["controller_under_1gb_rss_sum"] = all(r["peak_rss_mb"] < 1024 for r in results["runs"])
    with open(os.path.join(BUILD, "fleet-results.json"), "w") as handle:
        json.dump(results, handle, indent=2)
    failed = [r for r in results["runs"] if r["rc"] != 0 or r["ok"] != r["orgs"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
