"""Shared by the ecosystem tests: the collection tarball built once per session, and an install of it."""

import glob
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def run(command, env=None, cwd=None, timeout=600):
    proc = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout)
    assert proc.returncode == 0, "%s failed:\n%s\n%s" % (command, proc.stdout[-4000:], proc.stderr[-4000:])
    return proc.stdout


def galaxy():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="session")
def tarball(tmp_path_factory):
    """``ansible-galaxy collection build`` of the checkout, as a release would build it."""
    out = tmp_path_factory.mktemp("dist")
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out), ROOT])
    built = glob.glob(str(out / "wxc-recordings-*.tar.gz"))
    assert len(built) == 1, built
    return built[0]


@pytest.fixture(scope="session")
def installed(tarball, tmp_path_factory):
    """(tarball, collections path, env) with the tarball installed into an otherwise empty collections path."""
    collections = tmp_path_factory.mktemp("collections")
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "--force", "-p", str(collections), tarball])
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_NOCOLOR="1", PATH=BIN + os.pathsep + os.environ["PATH"])
    return tarball, str(collections), env
