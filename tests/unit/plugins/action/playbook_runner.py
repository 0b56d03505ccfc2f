"""Run tasks with a real ansible-playbook (-vvv) and return their registered results and the output.

The action plugins run in the controller's worker, so the way to test them as Ansible loads them is a playbook;
``-vvv`` shows ``AnsiballZ_<module>`` for every module process started, which the tests look for.
"""

import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
COLLECTIONS = os.path.join(ROOT, "build", "collections")


def run_tasks(tmp, tasks):
    """Run ``tasks`` (each a dict with a ``name`` and a ``register``) on localhost; ``(results by name, stdout)``."""
    names = [task["register"] for task in tasks]
    everything = "{" + ", ".join("%r: %s" % (name, name) for name in names) + "}"
    keep = {"name": "keep the results", "ansible.builtin.copy": {"content": "{{ %s | to_json }}" % everything, "dest": str(tmp / "out.json"), "mode": "0600"}}
    playbook = tmp / "play.yml"
    playbook.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": list(tasks) + [keep]}], sort_keys=False))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR="1")
    env["ANSIBLE_LOCALHOST_WARNING"] = "0"
    proc = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-vvv", "-i", "localhost,", "-c", "local", str(playbook)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(tmp / "out.json") as handle:
        results = json.load(handle)
    return dict((name[len("r_"):] if name.startswith("r_") else name, result) for name, result in results.items()), proc.stdout
