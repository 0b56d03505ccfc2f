"""A renamed role variable keeps working for one release under its old name, with a deprecation warning.

``offboarding_archive_dir`` became ``offboarding_archive_dest`` (``retention_archive_dir``: ``retention_archive_dest``),
the name the modules use (``archive_dest``); docs/user_guide.md "Names used everywhere".
"""

import os

PLAYBOOK = "targets/role_aliases.yml"
WARNING = "offboarding_archive_dir is a deprecated name of the offboarding role's variable offboarding_archive_dest"


def archive_result(run):
    return run.result("wxc.recordings.offboarding : Archive the leaver's recordings with the compliance officer token")


def test_the_old_name_still_sets_the_archive_folder_and_says_it_is_deprecated(run_playbook, tmp_path):
    folder = str(tmp_path / "old-archive")
    run = run_playbook(PLAYBOOK, {"offboarding_archive_dir": folder})
    assert run.rc == 0, run
    output = run.stdout + run.stderr
    assert WARNING in " ".join(output.split()), run  # the warning may be wrapped over lines
    assert "removed in 3.0.0" in " ".join(output.split())
    result = archive_result(run)
    assert result["dest"] == folder and result["count"] > 0 and result["changed"] is True, result


def test_the_new_name_gives_no_warning(run_playbook, tmp_path):
    folder = str(tmp_path / "new-archive")
    run = run_playbook(PLAYBOOK, {"offboarding_archive_dest": folder})
    assert run.rc == 0, run
    assert "deprecated name" not in run.stdout + run.stderr, run
    assert archive_result(run)["dest"] == folder
    assert not os.path.exists(folder)  # a dry run writes no archive


def test_without_either_name_the_role_names_the_new_one(run_playbook):
    run = run_playbook(PLAYBOOK, {})
    assert run.rc != 0
    assert "offboarding_archive_dest must be set for offboarding_action=archive_and_trash" in run.stdout, run
