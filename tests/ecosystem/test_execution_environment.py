"""meta/execution-environment.yml: a named Python that runs ansible-core, and this very collection from its tarball.

`ansible-builder create` writes the build context without a container engine; the real build runs only where podman
or docker answers (skipped with the reason otherwise).
"""

import os
import re
import shutil
import subprocess

import pytest
import yaml

from .conftest import BIN, ROOT, galaxy, run


def version_tuple(text):
    return tuple(int(part) for part in text.split("."))


@pytest.fixture(scope="module")
def context(tarball, tmp_path_factory):
    """The EE file, requirements.txt and the built tarball side by side (as docs/releasing.md does), then `create`."""
    folder = tmp_path_factory.mktemp("ee")
    for source in (os.path.join(ROOT, "meta", "execution-environment.yml"), os.path.join(ROOT, "requirements.txt"), tarball):
        shutil.copy(source, str(folder))
    run([os.path.join(BIN, "ansible-builder"), "create", "-f", str(folder / "execution-environment.yml"), "-c", str(folder / "context")])
    return folder


def definition():
    with open(os.path.join(ROOT, "meta", "execution-environment.yml")) as handle:
        return yaml.safe_load(handle)


def containerfile(context):
    names = [name for name in ("Containerfile", "Dockerfile") if (context / "context" / name).exists()]
    assert names, "ansible-builder create wrote no Containerfile"
    return (context / "context" / names[0]).read_text()


def test_the_python_is_named_explicitly_and_runs_the_ansible_core_it_installs(context):
    text = containerfile(context)
    pycmd = re.search(r'^ARG PYCMD="([^"]+)"', text, re.M).group(1)
    version = re.search(r"python(\d+\.\d+)$", pycmd)
    assert version, "PYCMD %s names no Python version: the base image's default python3 would be used" % pycmd
    # ansible-core 2.16 to 2.19 need Python >= 3.10 on the controller; UBI 9's python3 is 3.9
    assert version_tuple(version.group(1)) >= (3, 11), pycmd
    assert re.search(r'^ARG PYPKG="python%s"' % re.escape(version.group(1)), text, re.M), "the Python package is installed"
    assert "RUN $PKGMGR install $PYPKG -y" in text
    assert re.search(r'^ARG PKGMGR="/usr/bin/(dnf|microdnf)"', text, re.M)
    core = re.search(r'^ARG ANSIBLE_INSTALL_REFS="([^"]+)"', text, re.M).group(1)
    assert re.search(r"ansible-core>=2\.16\b", core), core


def test_the_collection_is_installed_from_the_built_tarball_pinned_to_galaxy_yml(context):
    version = galaxy()["version"]
    name = "wxc-recordings-%s.tar.gz" % version
    requirements = yaml.safe_load((context / "context" / "_build" / "requirements.yml").read_text())
    assert requirements["collections"] == [{"name": "collections/" + name, "type": "file"}], "only the local tarball, never Galaxy"
    assert (context / "context" / "_build" / "collections" / name).is_file(), "the tarball is in the build context"
    # what the galaxy stage runs, from /build: it installs exactly this version, offline
    target = context / "installed"
    # An empty image has no collections: the checkout that `make` links into ANSIBLE_COLLECTIONS_PATH (galaxy.yml of the
    # same version) must not count as "already installed".
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(target))
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "-r", "requirements.yml", "-p", str(target)],
        cwd=str(context / "context" / "_build"), env=env)
    manifest = yaml.safe_load((target / "ansible_collections" / "wxc" / "recordings" / "MANIFEST.json").read_text())
    assert manifest["collection_info"]["version"] == version


def test_the_definition_names_the_tarball_of_galaxy_yml_version():
    # a version bump that forgets the EE fails here, before ansible-builder warns "No matches"
    version = galaxy()["version"]
    data = definition()
    assert [entry["src"] for entry in data["additional_build_files"]] == ["wxc-recordings-%s.tar.gz" % version]
    assert data["dependencies"]["python"] == "requirements.txt"


def engine():
    for name in ("podman", "docker"):
        if shutil.which(name) and subprocess.run([name, "info"], capture_output=True, check=False, timeout=60).returncode == 0:
            return name
    return None


def test_the_image_builds_where_a_container_engine_works(context):
    name = engine()
    if name is None:
        pytest.skip("no working podman or docker here (`podman info` / `docker info` failed): the EE image was not built")
    run([os.path.join(BIN, "ansible-builder"), "build", "--container-runtime", name, "-f", str(context / "execution-environment.yml"),
         "-c", str(context / "built"), "-t", "wxc-recordings-ee:test"], timeout=3600)
    out = run([name, "run", "--rm", "wxc-recordings-ee:test", "ansible-doc", "-l", "wxc.recordings"])
    assert "wxc.recordings.recording_info" in out
