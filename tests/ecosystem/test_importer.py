"""What Galaxy and Automation Hub run on upload, on the built tarball: galaxy-importer (with ansible-lint) and the
docs linter. Both must pass with no warning, whatever plugins exist."""

import configparser
import json
import os
import re
import subprocess
import sys

from .conftest import BIN, galaxy

CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "galaxy-importer.cfg")


def test_galaxy_importer_accepts_the_tarball_with_ansible_lint_and_no_warning(tarball, tmp_path):
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    section = parser["galaxy-importer"]
    assert section.getboolean("run_ansible_lint") and section.getboolean("require_v1_or_greater")
    for name in ("tmp", "ansible-tmp", "home"):
        (tmp_path / name).mkdir()
    section["tmp_root_dir"] = str(tmp_path / "tmp")
    section["ansible_local_tmp"] = str(tmp_path / "ansible-tmp")
    config = tmp_path / "galaxy-importer.cfg"
    with open(str(config), "w") as handle:
        parser.write(handle)
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=str(config), PATH=BIN + os.pathsep + os.environ["PATH"],
               ANSIBLE_HOME=str(tmp_path / "home"), ANSIBLE_NOCOLOR="1", NO_COLOR="1")
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)  # the importer sees only the tarball
    proc = subprocess.run([sys.executable, "-m", "galaxy_importer.main", tarball], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, check=False, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "Importer processing completed successfully" in output
    assert "Linting collection via ansible-lint" in output and "ansible-lint run complete" in output
    flagged = [line for line in output.splitlines() if re.search(r"\b(WARNING|ERROR|warning|error)\b", line)]
    assert flagged == [], "\n".join(flagged[:40])
    result = json.loads((tmp_path / "importer_result.json").read_text())
    assert result["metadata"]["version"] == galaxy()["version"]
    assert result["metadata"]["license"] == galaxy()["license"]
    assert result["docs_blob"]["collection_readme"]["html"]
    shown = sorted(doc["name"] for doc in result["docs_blob"]["documentation_files"])
    assert "user_guide.md" in shown, "Galaxy lists only docs/*.md: the user guide must be one (%s)" % shown


def test_antsibull_docs_lint_collection_docs_with_plugin_docs(installed):
    collection = os.path.join(installed[1], "ansible_collections", "wxc", "recordings")
    proc = subprocess.run([os.path.join(BIN, "antsibull-docs"), "lint-collection-docs", "--plugin-docs", collection],
                          env=installed[2], capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0 and proc.stdout.strip() == "", (proc.stdout + proc.stderr)[-6000:]
