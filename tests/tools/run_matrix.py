"""``make test-matrix``: sanity and unit tests against every ansible-core that ``requires_ansible`` admits.

One venv per ansible-core minor under build/matrix/<minor>/, each with only what sanity and the unit tests need:
ansible-core <minor>.* (the newest patch release) and UNIT_DEPS. Its Python is PYTHONS[<minor>]: 3.11 (the Python of
.venv) up to 2.19; 2.20 needs Python 3.12 or newer, found on this machine (find_python: $MATRIX_PYTHON_3_12, python3.12
on PATH, pyenv's versions, /usr/bin, /usr/local/bin, `uv python find`); nothing is downloaded, and a missing one is a
clear failure that says how to install it. Sanity is tests/tools/run_sanity.py run with that venv's Python, so it
uses that version's ansible-test (``--python`` that venv's version, no ignore files); the unit tests are tests/unit
under that venv's pytest. Versions run one after the other: they share build/sanity/, and sanity alone keeps this
machine's 2 CPUs busy.

    python tests/tools/run_matrix.py             # DEFAULT_VERSIONS, and every version requires_ansible admits is checked
    python tests/tools/run_matrix.py 2.16 2.19   # just these

Exit status 0 only when every stage of every version passed.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Every ansible-core minor from requires_ansible's floor to the newest release, with the Python each runs on.
# 2.20 and 2.21 do not install on Python 3.11 (their controller needs 3.12+). A newer release on PyPI that is not
# listed here fails the claim check (newest_on_pypi) until it is added, or requires_ansible is capped below it.
PYTHONS = {"2.16": "3.11", "2.17": "3.11", "2.18": "3.11", "2.19": "3.11", "2.20": "3.12", "2.21": "3.12"}
DEFAULT_VERSIONS = sorted(PYTHONS, key=lambda v: tuple(int(p) for p in v.split(".")))
INSTALL_HINT = (
    "Install one, then run again: `pyenv install %(v)s`, `apt-get install python%(v)s` (Debian 13, Ubuntu 24.04), "
    "`uv python install %(v)s` (downloads from GitHub), or point MATRIX_PYTHON_%(u)s at an existing python%(v)s."
)
# aiohttp: the EDA event source (extensions/eda) and its unit tests; it runs under ansible-rulebook, not ansible-core.
UNIT_DEPS = ["pytest", "requests", "pyyaml", "aiohttp"]
PYTEST = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit"]


def requires_ansible():
    """The ``requires_ansible`` specifier of meta/runtime.yml, e.g. ``>=2.16.0`` (read without YAML: .venv may lack it)."""
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as handle:
        match = re.search(r"""^requires_ansible:\s*["']?([^"'\n]+)""", handle.read(), re.M)
    return match.group(1).strip() if match else None


def minor_key(version):
    return tuple(int(part) for part in version.split("."))


def newest_on_pypi():
    """The newest ansible-core minor on the package index (one `pip index versions` look-up), or None if unreachable."""
    proc = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "ansible-core", "--ignore-requires-python", "--disable-pip-version-check"],
                          capture_output=True, text=True, check=False, timeout=120)
    match = re.search(r"^ansible-core \((\d+\.\d+)\.", proc.stdout, re.M)
    return match.group(1) if match else None


def check_claim(versions, newest=None):
    """Every ansible-core minor that requires_ansible admits, from its floor to its cap (or to the newest release
    known here, PYTHONS, when it is open-ended), must be among the tested versions."""
    spec = requires_ansible()
    floor = re.search(r">=\s*(\d+\.\d+)", spec or "")
    if not floor:
        return False, "requires_ansible %r: no >= floor found in meta/runtime.yml" % spec
    cap = re.search(r"<\s*(\d+\.\d+)", spec)
    admitted = [v for v in DEFAULT_VERSIONS if minor_key(v) >= minor_key(floor.group(1)) and (not cap or minor_key(v) < minor_key(cap.group(1)))]
    if minor_key(floor.group(1)) < minor_key(DEFAULT_VERSIONS[0]):
        admitted.insert(0, floor.group(1))
    if newest and minor_key(newest) > minor_key(DEFAULT_VERSIONS[-1]) and (not cap or minor_key(newest) < minor_key(cap.group(1))):
        admitted.append(newest)  # released, admitted by the claim, and unknown to this runner
    missing = [v for v in admitted if v not in versions]
    if missing:
        return False, "requires_ansible %r admits %s, NOT tested here" % (spec, " ".join(missing))
    bound = "capped below %s" % cap.group(1) if cap else "open-ended; newest release tested: %s" % admitted[-1]
    return True, "requires_ansible %r: %s tested (%s)" % (spec, " ".join(admitted), bound)


def python_version_of(candidate):
    """(major, minor) of the Python at ``candidate``, or None where it does not run (e.g. a pyenv shim not active)."""
    try:
        out = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def python_candidates(wanted):
    """Where a Python ``wanted`` (e.g. "3.12") may be on this machine, most explicit first."""
    yield os.environ.get("MATRIX_PYTHON_" + wanted.replace(".", "_"))
    if wanted == "%d.%d" % sys.version_info[:2]:
        yield sys.executable
    yield shutil.which("python" + wanted)
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    yield from sorted(glob.glob(os.path.join(pyenv_root, "versions", wanted + ".*", "bin", "python" + wanted)), reverse=True)
    yield "/usr/local/bin/python" + wanted
    yield "/usr/bin/python" + wanted
    if shutil.which("uv"):
        found = subprocess.run(["uv", "python", "find", "--no-python-downloads", wanted], capture_output=True, text=True, check=False)
        if found.returncode == 0:
            yield found.stdout.strip()


def find_python(version):
    """The Python to run ansible-core ``version`` with, or raise LookupError saying how to get one."""
    wanted = PYTHONS.get(version, "%d.%d" % sys.version_info[:2])
    tried = []
    for candidate in python_candidates(wanted):
        if not candidate or candidate in tried:
            continue
        tried.append(candidate)
        if os.path.exists(candidate) and python_version_of(candidate) == wanted:
            return candidate
    raise LookupError(
        "ansible-core %s needs Python %s, and none was found (tried: %s). %s"
        % (version, wanted, ", ".join(tried) or "nothing", INSTALL_HINT % {"v": wanted, "u": wanted.replace(".", "_")})
    )


def banner(text):
    print("\n%s\n== %s\n%s" % ("=" * 72, text, "=" * 72), flush=True)


def setup(version):
    """Create or update build/matrix/<version>; returns its Python and the installed ansible-core version."""
    base = find_python(version)
    venv = os.path.join(ROOT, "build", "matrix", version)
    python = os.path.join(venv, "bin", "python")
    if os.path.exists(python) and python_version_of(python) != python_version_of(base):
        shutil.rmtree(venv)  # made with another Python
    if not os.path.exists(python):
        subprocess.check_call([base, "-m", "venv", venv])
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.check_call(pip + ["ansible-core==%s.*" % version] + UNIT_DEPS)
    installed = subprocess.check_output([python, "-c", "from ansible.release import __version__; print(__version__)"]).decode().strip()
    return python, "%s (Python %s)" % (installed, python_version_of(python))


def run_for(version):
    """Returns (installed ansible-core and its Python, or None; {stage: (ok, seconds)})."""
    started = time.time()
    banner("ansible-core %s: venv build/matrix/%s" % (version, version))
    try:
        python, installed = setup(version)
    except (OSError, LookupError, subprocess.CalledProcessError) as error:
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
        newest = newest_on_pypi()
        ok, line = check_claim(versions, newest)
        if newest is None:
            line += " (the package index did not answer: newer ansible-core releases were not looked up)"
        failed = not ok
        lines.append(line)
    for version in versions:
        started = time.time()
        installed, results = run_for(version)
        failed = failed or not all(ok for ok, seconds in results.values())
        stages = ", ".join("%s %s (%.0fs)" % (stage, "ok" if ok else "FAILED", seconds) for stage, (ok, seconds) in results.items())
        lines.append("ansible-core %-21s %s; %.0fs in all" % (installed or version + ".*", stages, time.time() - started))
    banner("test-matrix: %s" % ("FAILED" if failed else "ok"))
    print("\n".join(lines), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
