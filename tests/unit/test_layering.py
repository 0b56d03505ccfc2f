"""The layering rules of docs/architecture.md that a reading of the source can check (issue 16).

- One exception for bad input, ``OptionError(option, message)``; the other exceptions are few and each has a reason.
- ``_client.py`` is the HTTP client only: dates are ``_dates``, bounded concurrency ``_concurrency``, write bodies
  ``_calls``.
- No module_utils file is over 400 lines without a ``Why this file is long:`` paragraph at its top.
- The User-Agent's version is galaxy.yml's.
"""

import ast
import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = os.path.join(ROOT, "plugins")
MODULE_UTILS = os.path.join(PLUGINS, "module_utils")
MAX_LINES = 400
LONG_FILE_HEADER = "Why this file is long:"

# Every exception class in plugins/ other than OptionError, and why it is not an OptionError.
OTHER_EXCEPTIONS = {
    "WebexError": "a failed HTTP call: status, method, path, trackingId",
    "DownloadError": "a failed or expired download link, possibly worth another try",
    "MintError": "a token that could not be minted for one org",
    "ArchiveError": "the archive refuses at run time: an unreadable manifest, a token without download links",
    "WebhookError": "the registered hooks do not let the input pick one (found after listing them)",
}


def python_files(folder):
    for dirpath, _dirs, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(dirpath, name)


def exception_classes():
    """``{class name: (path, node)}`` of every class in plugins/ that derives from an exception."""
    found = {}
    for path in python_files(PLUGINS):
        with open(path) as handle:
            tree = ast.parse(handle.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = [getattr(base, "id", getattr(base, "attr", "")) for base in node.bases]
                if any(base.endswith(("Error", "Exception")) for base in bases):
                    found[node.name] = (os.path.relpath(path, ROOT), node)
    return found


def takes_an_option(node):
    """Does the class's ``__init__`` take an ``option`` argument (what each near-copy of OptionError did)?"""
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            return "option" in [arg.arg for arg in item.args.args]
    return False


def test_one_exception_carries_the_option_bad_input_names():
    classes = exception_classes()
    with_option = sorted(name for name, (_path, node) in classes.items() if takes_an_option(node))
    assert with_option == ["OptionError"], "near-copies of OptionError: %s" % with_option
    assert classes["OptionError"][0] == os.path.join("plugins", "module_utils", "_errors.py")


def test_every_other_exception_is_listed_with_its_reason():
    others = sorted(name for name in exception_classes() if name != "OptionError")
    assert others == sorted(OTHER_EXCEPTIONS), (
        "a new exception class: bad input is OptionError(option, message); anything else needs its reason in OTHER_EXCEPTIONS"
    )


def test_option_error_keeps_the_message_people_read_and_names_the_option():
    from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
    from ansible_collections.wxc.recordings.plugins.module_utils._selection import check_concurrency

    try:
        check_concurrency(0)
    except OptionError as error:
        assert (error.option, error.message, str(error)) == ("concurrency", "concurrency must be 1 or more, got 0", "concurrency must be 1 or more, got 0")
        assert isinstance(error, ValueError)
    else:  # pragma: no cover
        raise AssertionError("concurrency 0 was accepted")


def defined_names(path):
    with open(path) as handle:
        tree = ast.parse(handle.read(), path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def test_the_client_is_http_only():
    defined = defined_names(os.path.join(MODULE_UTILS, "_client.py"))
    elsewhere = {
        "_dates": ("utc_now", "parse_datetime", "format_datetime", "date_windows", "MAX_WINDOW", "RETENTION_DAYS"),
        "_concurrency": ("map_bounded", "LOOKAHEAD_PER_WORKER"),
        "_calls": ("chunked", "MAX_IDS_PER_CALL", "_bin_body", "soft_delete", "restore", "purge", "reassign", "delete_recording"),
    }
    for home, names in elsewhere.items():
        assert not defined & set(names), "_client.py defines %s, which belong in %s.py" % (sorted(defined & set(names)), home)
    assert "send" in defined, "the client sends planned calls as they are: WebexClient.send(call)"


def test_no_module_utils_file_is_long_without_saying_why():
    long_files = []
    for path in python_files(MODULE_UTILS):
        with open(path) as handle:
            text = handle.read()
        lines = text.count("\n")
        if lines <= MAX_LINES:
            continue
        docstring = ast.get_docstring(ast.parse(text, path)) or ""
        if LONG_FILE_HEADER not in docstring:
            long_files.append("%s (%d lines)" % (os.path.relpath(path, ROOT), lines))
    assert not long_files, "over %d lines without %r in the module docstring: %s" % (MAX_LINES, LONG_FILE_HEADER, ", ".join(long_files))


def test_the_user_agent_version_is_galaxy_yml_version():
    from ansible_collections.wxc.recordings.plugins.module_utils._client import USER_AGENT, VERSION

    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    assert VERSION == galaxy["version"], "plugins/module_utils/_client.py VERSION %s != galaxy.yml version %s: update VERSION" % (VERSION, galaxy["version"])
    assert USER_AGENT == "wxc.recordings/" + galaxy["version"]
