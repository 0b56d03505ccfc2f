"""_csv_cells: free text that a spreadsheet would run as a formula gets a leading quote; nothing else changes."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._csv_cells import spreadsheet_safe


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Weekly sync", "Weekly sync"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (-3, -3),
        (None, None),
    ],
)
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected
