"""One outcome vocabulary (``_outcomes``): modules, results files and reports use the same words."""

import ast
import os

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils import _outcomes
from ansible_collections.wxc.recordings.plugins.module_utils._report_rows import rows_from_steps
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import build_report

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
PLUGINS = os.path.join(ROOT, "plugins")


def outcome_literals():
    """``(path, line, word)`` for each string literal plugins/ gives an ``outcome`` (``outcome="x"``, ``{"outcome": "x"}``)."""
    found = []
    for dirpath, _dirs, files in os.walk(PLUGINS):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            with open(path) as handle:
                tree = ast.parse(handle.read(), path)
            for node in ast.walk(tree):
                values = []
                if isinstance(node, ast.keyword) and node.arg == "outcome":
                    values.append(node.value)
                elif isinstance(node, ast.Dict):
                    values.extend(v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value == "outcome")
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found.append((os.path.relpath(path, ROOT), value.lineno, value.value))
    return found


def test_every_outcome_plugins_write_is_a_word_of_the_one_vocabulary():
    strays = [item for item in outcome_literals() if item[2] not in _outcomes.OUTCOMES]
    assert not strays, "outcomes outside _outcomes.OUTCOMES (the report's old 'done'/'would'?): %s" % strays


def test_the_base_outcomes_are_the_modules_own_words():
    assert _outcomes.ORDER == ("changed", "would_change", "unchanged", "skipped", "refused", "held", "failed", "not_found")
    assert all(base in _outcomes.ORDER for base in _outcomes.REFINES.values())
    assert not set(_outcomes.REFINES) & set(_outcomes.ORDER)


@pytest.mark.parametrize(
    "outcome, reported",
    [
        ("changed", "changed"),
        ("would_change", "would_change"),
        ("unchanged", "unchanged"),
        ("failed", "failed"),
        ("downloaded", "changed"),
        ("would_download", "would_change"),
        ("verified", "unchanged"),
        ("mismatch", "failed"),
        ("incomplete", "failed"),
        ("not_archived", "failed"),
        ("missing", "failed"),
        ("skipped", "skipped"),
    ],
)
def test_a_report_row_carries_the_module_word_or_its_base(outcome, reported):
    rows = rows_from_steps([{"action": "trash", "result": {"recordings": [{"id": "a", "outcome": outcome}]}}])
    assert [row["outcome"] for row in rows] == [reported]


def test_a_report_counts_what_the_module_returned_under_the_same_word():
    steps = [{"action": "trash", "result": {"recordings": [{"id": "a", "outcome": "changed"}, {"id": "b", "outcome": "would_change"}]}}]
    report = build_report([{"id": "a", "status": "available"}, {"id": "b", "status": "available"}], steps=steps)
    assert report["actions"]["by_outcome"] == {"changed": 1, "would_change": 1}
    assert report["storage"]["after"]["deleted_count"] == 2
