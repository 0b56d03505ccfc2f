"""The built tarball: free of development files, installable, and working from the installed copy."""

import glob
import os
import sys
import tarfile

from webex_sim.testing import SimulatorProcess

from .conftest import BIN, ROOT, galaxy, run

DEV_ONLY = (".venv/", "build/", "tests/output/", ".git/", "__pycache__", ".ansible/", ".pytest_cache", ".ruff_cache", "Makefile", ".ci/")


def modules():
    return sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))


def roles():
    return sorted(p.split(os.sep)[-3] for p in glob.glob(os.path.join(ROOT, "roles", "*", "meta", "argument_specs.yml")))


def test_the_tarball_is_named_after_galaxy_yml_and_is_at_least_1_0_0(tarball):
    version = galaxy()["version"]
    assert os.path.basename(tarball) == "wxc-recordings-%s.tar.gz" % version
    # galaxy-importer's require_v1_or_greater, which Red Hat certification expects
    assert tuple(int(part) for part in version.split(".")[:3]) >= (1, 0, 0), version


def test_tarball_has_no_development_files(installed):
    with tarfile.open(installed[0]) as tar:
        names = tar.getnames()
    offenders = [name for name in names if any(marker in name for marker in DEV_ONLY)]
    assert offenders == []
    for name in modules():
        assert "plugins/modules/%s.py" % name in names


def test_every_module_and_role_entry_point_renders_with_ansible_doc(installed, tmp_path):
    env = installed[2]
    # outside the checkout, so nothing resolves to the source tree
    for name in modules():
        text = run([os.path.join(BIN, "ansible-doc"), "wxc.recordings." + name], env=env, cwd=str(tmp_path))
        assert installed[1] in text, "ansible-doc did not read the installed copy of %s" % name
        assert "EXAMPLES" in text and "RETURN VALUES" in text
    assert roles() == ["archive", "metadata_export", "offboarding", "retention", "review", "storage_report"]
    for role in roles():
        text = run([os.path.join(BIN, "ansible-doc"), "-t", "role", "wxc.recordings." + role], env=env, cwd=str(tmp_path))
        assert "ENTRY POINT: *main*" in text and installed[1] in text, (role, text[:300])


def test_a_playbook_runs_from_the_installed_copy(installed, tmp_path):
    playbook = tmp_path / "info.yml"
    playbook.write_text(
        "- name: Smoke test from the installed collection\n"
        "  hosts: localhost\n"
        "  gather_facts: false\n"
        "  tasks:\n"
        "    - name: Count recordings\n"
        "      wxc.recordings.recording_info:\n"
        "        summary_only: true\n"
        "      register: info\n"
        "    - name: Show the count\n"
        "      ansible.builtin.debug:\n"
        "        msg: 'COUNT={{ info.count }}'\n"
    )
    with SimulatorProcess("--generate", "120", "--seed", "3", "--days", "300", "--owners", "6") as sim:
        env = dict(installed[2], WEBEX_API_URL=sim.base_url, WEBEX_ACCESS_TOKEN="sim-admin-token", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
        # run outside the checkout so nothing can be picked up from the source tree
        out = run([os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)], env=env, cwd=str(tmp_path))
        available = [r for r in sim.recordings() if r["status"] == "available"]
    assert "COUNT=%d" % len(available) in out, out[-2000:]
