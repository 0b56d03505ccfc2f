"""ansible-lint (the project's .ansible-lint, production profile) checks the rulebook against ansible-rulebook's
schema: the shipped rulebook passes, the same rulebook with one mistake fails with schema[rulebook]."""

import os
import shutil
import subprocess

import pytest

from tests.eda import harness

RULEBOOK = os.path.join("extensions", "eda", "rulebooks", "archive_new_recordings.yml")


def lint(project):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=harness.COLLECTIONS, NO_COLOR="1", PATH=harness.BIN + os.pathsep + os.environ.get("PATH", ""))
    command = [os.path.join(harness.BIN, "ansible-lint"), "--profile", "production", "--nocolor", RULEBOOK]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize(
    "mistake, found",
    [
        (None, None),
        (("condition:", "condtion:"), "'condition' is a required property"),
        (("execution_strategy: parallel", "execution_strategy: fastest"), "fastest"),
    ],
    ids=["shipped", "misspelled-condition", "unknown-strategy"],
)
def test_ansible_lint_checks_the_rulebook(tmp_path, mistake, found):
    project = tmp_path / "project"
    os.makedirs(str(project / "extensions" / "eda" / "rulebooks"))
    shutil.copy(os.path.join(harness.ROOT, ".ansible-lint"), str(project / ".ansible-lint"))
    with open(os.path.join(harness.ROOT, RULEBOOK)) as handle:
        text = handle.read()
    if mistake:
        assert mistake[0] in text
        text = text.replace(mistake[0], mistake[1], 1)
    (project / RULEBOOK).write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=str(project), check=True)
    proc = lint(str(project))
    output = proc.stdout + proc.stderr
    if mistake is None:
        assert proc.returncode == 0, output
    else:
        assert proc.returncode != 0, "ansible-lint let a broken rulebook pass:\n" + output
        assert "schema[rulebook]" in output and found in output, output
