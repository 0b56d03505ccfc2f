"""Run one module in-process with timers and RSS marks around its phases; print one JSON line.

    PYTHONPATH=build/collections python tests/bench/profile_module.py recording_trash ARGS_JSON

ARGS_JSON is the file AnsibleModule reads (``{"ANSIBLE_MODULE_ARGS": {...}}``). The module's own output (the
result JSON) is counted, not printed. Phases: import, select (listing), plan, apply (write calls), result
(building the result dict), exit (no_log scrubbing with remove_values, then JSON encoding and writing).
"""

import importlib
import json
import resource
import sys
import time

PREFIX = "ansible_collections.wxc.recordings.plugins."


def rss_mb():
    """Peak RSS of this process's own memory (VmHWM), in MB.

    Not ru_maxrss: Linux carries a parent's peak over fork and exec into it, so a child of a big process
    would report its parent's peak.
    """
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class CountingWriter:
    """Stands in for stdout: keeps the size of what the module writes, not the text."""

    def __init__(self):
        self.size = 0

    def write(self, text):
        self.size += len(text.encode("utf-8"))
        return len(text)

    def flush(self):
        pass


class Phases:
    def __init__(self):
        self.seconds = {}
        self.peak_rss_mb_after = {}

    def wrap(self, owner, name, phase):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - started
                self.peak_rss_mb_after[phase] = round(rss_mb(), 1)

        setattr(owner, name, timed)


def main():
    module_name, args_path = sys.argv[1], sys.argv[2]
    phases = Phases()
    rss_start = rss_mb()
    started = time.perf_counter()
    module = importlib.import_module(PREFIX + "modules." + module_name)
    phases.seconds["import"] = time.perf_counter() - started
    phases.peak_rss_mb_after["import"] = round(rss_mb(), 1)

    basic = importlib.import_module("ansible.module_utils.basic")
    results = importlib.import_module(PREFIX + "module_utils._results")
    phases.wrap(basic, "remove_values", "exit: remove_values")
    phases.wrap(basic.AnsibleModule, "_record_module_result", "exit: json encode and write")
    phases.wrap(results, "apply_plan", "apply")
    phases.wrap(results, "plan_result", "result")
    if module_name in ("recording_trash", "recording_restore", "recording_purge"):
        transition = importlib.import_module(PREFIX + "module_utils._transition")
        phases.wrap(transition, "select_recordings", "select")
        phases.wrap(transition, "plan_transition", "plan")
    else:
        info = importlib.import_module(PREFIX + "module_utils._info")
        phases.wrap(info, "collect_info", "select+fetch")

    sys.argv = [module.__file__, args_path]
    writer = CountingWriter()
    real_stdout, sys.stdout = sys.stdout, writer
    rc = 0
    run_started = time.perf_counter()
    try:
        module.main()
    except SystemExit as exc:
        rc = exc.code or 0
    finally:
        sys.stdout = real_stdout
    total = time.perf_counter() - run_started
    print(
        json.dumps(
            {
                "module": module_name,
                "rc": rc,
                "run_seconds": round(total, 3),
                "phase_seconds": dict((k, round(v, 3)) for k, v in phases.seconds.items()),
                "peak_rss_mb_after": phases.peak_rss_mb_after,
                "rss_mb_interpreter": round(rss_start, 1),
                "peak_rss_mb": round(rss_mb(), 1),
                "result_bytes": writer.size,
            }
        )
    )


if __name__ == "__main__":
    main()
