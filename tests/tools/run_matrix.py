"""``make test-matrix``: sanity and unit tests against every ansible-core that ``requires_ansible`` admits.

One venv per ansible-core minor under build/matrix/, each with only what sanity and the unit tests need.
"""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNIT_DEPS = ["pytest", "requests", "pyyaml"]


def run_for(version):
    venv = os.path.join(ROOT, "build", "matrix", version)
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.check_call(pip + ["ansible-core==%s.*" % version] + UNIT_DEPS)
    env = dict(os.environ, PATH=os.path.join(venv, "bin") + os.pathsep + os.environ["PATH"])
    env.pop("VIRTUAL_ENV", None)
    results = {}
    results["sanity"] = subprocess.call([python, "tests/tools/run_sanity.py"], cwd=ROOT, env=env)
    results["unit"] = subprocess.call([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit"], cwd=ROOT, env=env)
    return results


def main(versions):
    summary = []
    failed = False
    for version in versions:
        started = time.time()
        results = run_for(version)
        failed = failed or any(results.values())
        outcome = ", ".join("%s %s" % (k, "ok" if v == 0 else "FAILED") for k, v in results.items())
        summary.append("ansible-core %s: %s (%.0fs)" % (version, outcome, time.time() - started))
    print("\n".join(["=" * 60] + summary))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["2.16", "2.17", "2.18", "2.19"]))
