"""``make test-matrix``: sanity and unit tests against every ansible-core that ``requires_ansible`` admits.

One venv per ansible-core minor under build/matrix/<minor>/ (Python 3.11, the Python of .venv), each with only
what sanity and the unit tests need: ansible-core <minor>.* (the newest patch release) and UNIT_DEPS. Sanity is
tests/tools/run_sanity.py run with that venv's Python, so it uses that version's ansible-test (``--python 3.11``,
no ignore files); the unit tests are tests/unit under that venv's pytest. Versions run one after the other: they
share build/sanity/, and sanity alone keeps this machine's 2 CPUs busy.

    python tests/tools/run_matrix.py             # DEFAULT_VERSIONS, and the floor of requires_ansible is checked
    python tests/tools/run_matrix.py 2.16 2.19   # just these

Exit status 0 only when every stage of every version passed.
"""

import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Every ansible-core minor that installs on Python 3.11 from requires_ansible's floor: 2.20 needs Python 3.12.
DEFAULT_VERSIONS = ["2.16", "2.17", "2.18", "2.19"]
UNIT_DEPS = ["pytest", "requests", "pyyaml"]
PYTEST = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit"]


def requires_ansible():
    """The ``requires_ansible`` specifier of meta/runtime.yml, e.g. ``>=2.16.0`` (read without YAML: .venv may lack it)."""
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as handle:
        match = re.search(r"""^requires_ansible:\s*["']?([^"'\n]+)""", handle.read(), re.M)
    return match.group(1).strip() if match else None


def check_floor(versions):
    """The oldest ansible-core the collection claims must be one of the tested versions."""
    spec = requires_ansible()
    match = re.match(r">=\s*(\d+)\.(\d+)", spec or "")
    if not match:
        return False, "requires_ansible %r: no >= floor found in meta/runtime.yml" % spec
    floor = "%s.%s" % match.groups()
    if floor not in versions:
        return False, "requires_ansible %r: its floor %s is NOT in the tested versions %s" % (spec, floor, " ".join(versions))
    return True, "requires_ansible %r: floor %s tested" % (spec, floor)


def banner(text):
    print("\n%s\n== %s\n%s" % ("=" * 72, text, "=" * 72), flush=True)


def setup(version):
    """Create or update build/matrix/<version>; returns its Python and the installed ansible-core version."""
    venv = os.path.join(ROOT, "build", "matrix", version)
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.check_call(pip + ["ansible-core==%s.*" % version] + UNIT_DEPS)
    installed = subprocess.check_output([python, "-c", "from ansible.release import __version__; print(__version__)"]).decode().strip()
    return python, installed


def run_for(version):
    """Returns (installed ansible-core or None, {stage: (ok, seconds)})."""
    started = time.time()
    banner("ansible-core %s: venv build/matrix/%s" % (version, version))
    try:
        python, installed = setup(version)
    except (OSError, subprocess.CalledProcessError) as error:
        print("setup failed: %s" % error, flush=True)
        return None, {"setup": (False, time.time() - started)}
    env = dict(os.environ, PATH=os.path.dirname(python) + os.pathsep + os.environ["PATH"])
    env.pop("VIRTUAL_ENV", None)
    results = {}
    for stage, command in (("sanity", [python, "tests/tools/run_sanity.py"]), ("unit", [python] + PYTEST)):
        banner("ansible-core %s: %s" % (installed, stage))
        started = time.time()
        code = subprocess.call(command, cwd=ROOT, env=env)
        results[stage] = (code == 0, time.time() - started)
    return installed, results


def main(argv):
    versions = argv or DEFAULT_VERSIONS
    lines = []
    failed = False
    if not argv:
        ok, line = check_floor(versions)
        failed = not ok
        lines.append(line)
    for version in versions:
        started = time.time()
        installed, results = run_for(version)
        failed = failed or not all(ok for ok, seconds in results.values())
        stages = ", ".join("%s %s (%.0fs)" % (stage, "ok" if ok else "FAILED", seconds) for stage, (ok, seconds) in results.items())
        lines.append("ansible-core %-8s %s; %.0fs in all" % (installed or version + ".*", stages, time.time() - started))
    banner("test-matrix on Python %d.%d: %s" % (sys.version_info[:2] + ("FAILED" if failed else "ok",)))
    print("\n".join(lines), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
