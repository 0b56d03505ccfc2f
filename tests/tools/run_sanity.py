"""Run ``ansible-test sanity --venv`` on this checkout, also where only the package index is reachable.

ansible-test needs two things a plain checkout does not give it:
- the collection at ``.../ansible_collections/wxc/recordings`` inside a git work tree, so we copy the files git
  knows about (tracked or new, not ignored) to ``build/sanity/ansible_collections/wxc/recordings``;
- pip in each venv it creates, which it bootstraps by downloading get-pip from ci-files.testing.ansible.com.
  Where that host is unreachable (air-gapped CI, ansible/ansible#77304) we seed its cache with a small
  stand-in that installs pip from a wheel fetched from the package index. The cache is seeded only when the
  file is missing, so machines that can reach the host keep ansible-test's own bootstrap.

The bootstrap differs per ansible-core (``make test-matrix`` runs this script with 2.16 to 2.19): 2.18 and later
bootstrap pip 24.2 alone (``get_pip_24_2.py``); 2.16 and 2.17 bootstrap pip 23.1.2 together with setuptools
67.7.2 and wheel 0.37.1 (``get_pip_23_1_2.py``). We ask the ansible-test that will run which versions it wants, download
those wheels next to the stand-in, and name the stand-in after its pip version. Sanity runs for this Python
only (``--python 3.11``): older ansible-test releases do not know newer Pythons.
"""

import os
import shutil
import subprocess
import sys
import types

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COPY = os.path.join(ROOT, "build", "sanity", "ansible_collections", "wxc", "recordings")
BIN = os.path.dirname(sys.executable)
PYTHON_VERSION = "%d.%d" % sys.version_info[:2]
CACHE = os.path.expanduser("~/.ansible/test/cache")

STAND_IN = '''"""Offline stand-in for get-pip.py, written by wxc.recordings' tests/tools/run_sanity.py."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "pip-%(version)s-py3-none-any.whl"))
from pip._internal.cli.main import main  # noqa: E402

args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(main(["install", "--no-index", "--find-links", HERE] + args))
'''


def bootstrap_packages():
    """What this ansible-test installs into each fresh venv, e.g. ``{"pip": "24.2"}`` (2.18+) or pip, setuptools, wheel (2.16, 2.17)."""
    try:
        from ansible_test._internal.python_requirements import get_venv_packages

        return get_venv_packages(types.SimpleNamespace(version=PYTHON_VERSION))
    except (ImportError, AttributeError, TypeError, KeyError) as error:  # an ansible-test internal that moved
        print("not seeding ansible-test's pip bootstrap: cannot tell which one it wants (%s)" % error)
        return None


def seed_pip_bootstrap():
    packages = bootstrap_packages()
    if not packages:
        return
    version = packages["pip"]
    get_pip = os.path.join(CACHE, "get_pip_%s.py" % version.replace(".", "_"))
    if os.path.exists(get_pip):
        return
    os.makedirs(CACHE, exist_ok=True)
    wanted = ["%s==%s" % item for item in sorted(packages.items())]
    subprocess.check_call([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", CACHE] + wanted)
    with open(get_pip, "w") as handle:  # written last: its presence means the wheels are there too
        handle.write(STAND_IN % {"version": version})
    print("seeded %s (offline bootstrap of %s for ansible-test)" % (get_pip, ", ".join(wanted)))


def copy_checkout():
    listed = subprocess.check_output(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT).decode().split("\0")
    if os.path.exists(COPY):
        shutil.rmtree(COPY)
    for rel in filter(None, listed):
        source = os.path.join(ROOT, rel)
        if not os.path.isfile(source):  # deleted in the work tree, not yet in git
            continue
        target = os.path.join(COPY, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target)
    git = ["git", "-c", "user.name=sanity", "-c", "user.email=sanity@localhost"]
    subprocess.check_call(git + ["init", "-q"], cwd=COPY)
    subprocess.check_call(git + ["add", "-A"], cwd=COPY)
    subprocess.check_call(git + ["commit", "-q", "-m", "sanity copy"], cwd=COPY)


def main():
    seed_pip_bootstrap()
    copy_checkout()
    command = [os.path.join(BIN, "ansible-test"), "sanity", "--venv", "--python", PYTHON_VERSION]
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    return subprocess.call(command + sys.argv[1:], cwd=COPY, env=env)


if __name__ == "__main__":
    sys.exit(main())
