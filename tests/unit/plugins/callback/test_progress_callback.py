"""The wxc.recordings.progress callback plugin as Ansible loads it: the folder it hands each tracked task through
the environment, what it prints when a task ends, and how it tells hosts apart.

The plugin is controller code: importing it into the unit test session would change how the other tests' modules
report warnings (ansible-core routes them to the display once controller code is loaded). So each scenario runs in
a fresh interpreter (this file, as a script), which loads the plugin with Ansible's callback loader and prints what
happened as JSON. What it prints while a task runs is ``_progress.Watch`` (test_progress_watch.py), and the whole of
it against a real run is tests/integration/test_progress_lines.py.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
COLLECTIONS = os.path.join(ROOT, "build", "collections")


def scenario(name):
    env = dict(os.environ)
    env.pop("WXC_PROGRESS_DIR", None)
    env["ANSIBLE_COLLECTIONS_PATH"] = COLLECTIONS
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), name], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_tracked_task_gets_its_own_folder_through_the_environment_and_the_end_is_shown():
    seen = scenario("one_host")
    assert seen["folder_existed"] and seen["env_after_other_task"] is None and not seen["folder_left"]
    assert len(seen["printed"]) == 1, seen
    assert seen["printed"][0].startswith("archive, downloading: 2 / 2 recordings, 2.0 kB of 2.0 kB")
    assert " done in " in seen["printed"][0]


def test_two_hosts_are_told_apart_and_a_failed_task_prints_nothing_of_its_progress():
    seen = scenario("two_hosts")
    assert seen["folders_differ"]
    assert seen["after_failure"] == []  # the stdout callback shows the failure
    assert seen["printed"] == ["[berlin] trash: 10 recordings, in 1 call"]
    assert seen["toronto_left"] is False and seen["berlin_left"] is True


def test_the_interval_option_reads_its_environment_variable():
    assert scenario("interval")["interval"] == 3.0


# ---------------------------------------------------------------------------------------------- the child


class _Named:
    def __init__(self, name, action=None, uuid="u1"):
        self.name, self.action, self._uuid = name, action, uuid

    def get_name(self):
        return self.name


class _Result:
    def __init__(self, host, task):
        self._host, self._task = host, task


def _main(name):  # pragma: no cover - runs in the child
    from ansible.plugins.loader import callback_loader, init_plugin_loader

    init_plugin_loader([COLLECTIONS])
    if name == "interval":
        os.environ["WXC_PROGRESS_INTERVAL"] = "3"
    plugin = callback_loader.get("wxc.recordings.progress")
    plugin.set_options()
    if name == "interval":
        return {"interval": plugin.interval}
    from ansible_collections.wxc.recordings.plugins.module_utils._progress import ENV_DIR, ProgressWriter

    printed = []
    plugin._print = printed.append
    plugin._thread = "not started: the test drives the plugin itself"
    out = {}
    if name == "one_host":
        host, task = _Named("berlin"), _Named("Archive", action="wxc.recordings.recording_archive")
        plugin.v2_runner_on_start(host, task)
        folder = os.environ[ENV_DIR]
        out["folder_existed"] = os.path.isdir(folder)
        # What the module does with it (_progress.progress_paths): <folder>/<pid>.json.
        writer = ProgressWriter([os.path.join(folder, "4242.json")], "archive")
        writer.phase("downloading", total=2, bytes_total=2000)
        writer.add(done=2, nbytes=2000)
        writer.finish()
        plugin.v2_runner_on_ok(_Result(host, task))
        out["folder_left"] = os.path.exists(folder)
        # Any other task: the variable is gone, so its module writes nowhere.
        plugin.v2_runner_on_start(host, _Named("Debug", action="ansible.builtin.debug", uuid="u2"))
        out["env_after_other_task"] = os.environ.get(ENV_DIR)
    else:
        task = _Named("Trash", action="wxc.recordings.recording_trash")
        plugin.v2_runner_on_start(_Named("berlin"), task)
        berlin = os.environ[ENV_DIR]
        plugin.v2_runner_on_start(_Named("toronto"), task)
        toronto = os.environ[ENV_DIR]
        out["folders_differ"] = berlin != toronto
        for folder, total in ((berlin, 10), (toronto, 20)):
            ProgressWriter([os.path.join(folder, "1.json")], "trash").phase(None, total=total, calls_total=1)
        plugin.v2_runner_on_failed(_Result(_Named("toronto"), task))
        out["after_failure"] = list(printed)
        plugin._show(berlin, plugin._watches[("berlin", "u1")][1], 10.0)
        out["toronto_left"], out["berlin_left"] = os.path.exists(toronto), os.path.exists(berlin)
    plugin._thread = None
    plugin.v2_playbook_on_stats(None)
    out["printed"] = printed
    return out


if __name__ == "__main__":
    print(json.dumps(_main(sys.argv[1])))
