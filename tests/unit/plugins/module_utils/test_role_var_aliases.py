"""Deprecated names of role variables: accepted for one release (not misspellings), and reported as deprecated."""

from ansible_collections.wxc.recordings.plugins.module_utils._role_vars import check_role_variables, deprecated_in_use

SPECS = {"argument_specs": {"main": {"options": {"retention_archive_dest": {}, "retention_rules": {}}}}}
ALIASES = {"retention_archive_dir": "retention_archive_dest"}


def check(names, aliases=None):
    return check_role_variables(
        {"role": "retention", "prefix": "retention_", "names": names, "argument_specs": SPECS, "deprecated_aliases": aliases or {}, "outputs": []}
    )


def test_an_old_name_is_accepted_and_reported_as_deprecated_with_the_new_one():
    result = check(["retention_archive_dir", "retention_rules"], ALIASES)
    assert result["failed"] is False and result["unknown"] == []
    assert result["deprecated"] == [
        {
            "name": "retention_archive_dir",
            "use": "retention_archive_dest",
            "msg": "retention_archive_dir is a deprecated name of the retention role's variable retention_archive_dest: it still works, "
            "and is removed in 3.0.0. Use retention_archive_dest.",
        }
    ]


def test_without_the_alias_the_old_name_is_a_misspelling_and_the_new_name_is_suggested():
    result = check(["retention_archive_dir"])
    assert result["failed"] is True and result["deprecated"] == []
    assert result["unknown"] == [{"name": "retention_archive_dir", "closest": "retention_archive_dest"}]


def test_the_new_name_alone_is_not_deprecated_and_a_real_misspelling_still_fails_next_to_an_alias():
    assert check(["retention_archive_dest"], ALIASES)["deprecated"] == []
    result = check(["retention_archive_dir", "retention_rule"], ALIASES)
    assert result["failed"] is True
    assert [row["name"] for row in result["unknown"]] == ["retention_rule"]
    assert [row["name"] for row in result["deprecated"]] == ["retention_archive_dir"]


def test_deprecated_in_use():
    assert deprecated_in_use(["a", "b"], {"b": "b2", "c": "c2"}) == [("b", "b2")]
    assert deprecated_in_use(["a"], None) == []


def test_the_warning_calls_name_the_release_that_removes_the_aliases():
    # ansible-test's pylint wants the version as a literal in deprecate() calls: keep them and the constant together.
    import os

    from ansible_collections.wxc.recordings.plugins.module_utils._role_vars import ALIASES_REMOVED_IN

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
    for path in ("plugins/action/role_variables_check.py", "plugins/modules/role_variables_check.py"):
        with open(os.path.join(root, path)) as handle:
            assert 'version="%s"' % ALIASES_REMOVED_IN in handle.read(), path
