"""Licensing: every license the tree names has its text in LICENSES/, and galaxy.yml declares every license it ships.

REUSE (https://reuse.software) is the convention: SPDX headers, REUSE.toml for files without one, texts in LICENSES/.
"""

import json
import os
import re
import subprocess
import tarfile

import yaml

from .conftest import BIN, ROOT, galaxy, run

GENERATED_BY_ANSIBLE_GALAXY = {"MANIFEST.json", "FILES.json"}
# Phrases from each official text (SPDX license list): a stand-in or truncated file lacks them. The one pair of curly
# quotes in CC-BY-4.0 ("Licensor.") is ASCII here, for ansible-test's no-smart-quotes; SPDX's matching guidelines
# hold every kind of quote equivalent, so it is the same text.
TEXT_MARKERS = {
    "GPL-3.0-or-later": ["GNU GENERAL PUBLIC LICENSE", "Version 3, 29 June 2007", "END OF TERMS AND CONDITIONS"],
    "BSD-2-Clause": ["Redistribution and use in source and binary forms", "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS"],
    "CC-BY-4.0": ["Attribution 4.0 International", "Section 8 -- Interpretation.", "Creative Commons may be contacted at"],
}
TAG = "-".join(("SPDX", "License", "Identifier"))  # built, so that reuse does not read this file's own licensing from it
REFERENCE_PATTERNS = (
    re.compile(TAG + r":\s*([A-Za-z0-9.+-]+)"),
    re.compile(r"LICENSES/([A-Za-z0-9.+-]+?)\.txt"),
)


def tree_files():
    """Every file of the checkout that git would see (tracked or new, not ignored)."""
    listed = subprocess.check_output(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT).decode().split("\0")
    return [rel for rel in listed if rel and os.path.isfile(os.path.join(ROOT, rel))]


def license_ids(expression):
    return set(re.findall(r"[A-Za-z0-9.+-]+", expression)) - {"AND", "OR", "WITH"}


def referenced_licenses():
    """{license id: [files naming it]} from SPDX headers, LICENSES/<id>.txt pointers and `license:` keys."""
    found = {}
    for rel in tree_files():
        if rel.startswith("LICENSES/") or rel == "COPYING":
            continue
        try:
            with open(os.path.join(ROOT, rel), encoding="utf-8") as handle:
                text = handle.read()
        except UnicodeDecodeError:
            continue
        names = set()
        for pattern in REFERENCE_PATTERNS:
            names.update(pattern.findall(text))
        if rel == "galaxy.yml" or re.match(r"roles/[^/]+/meta/main\.yml$", rel):
            data = yaml.safe_load(text) or {}
            declared = data.get("license") or (data.get("galaxy_info") or {}).get("license") or []
            names.update([declared] if isinstance(declared, str) else declared)
        if rel == "REUSE.toml":
            for expression in re.findall(TAG + r'\s*=\s*"([^"]+)"', text):
                names.update(license_ids(expression))
        for name in names:
            found.setdefault(name, []).append(rel)
    return found


def test_every_license_named_anywhere_has_its_text_in_licenses():
    referenced = referenced_licenses()
    assert {"GPL-3.0-or-later", "BSD-2-Clause", "CC-BY-4.0"} <= set(referenced), sorted(referenced)
    missing = {name: files[:5] for name, files in referenced.items() if not os.path.isfile(os.path.join(ROOT, "LICENSES", name + ".txt"))}
    assert missing == {}


def test_license_texts_are_the_official_ones_and_copying_is_the_gpl():
    for name, markers in TEXT_MARKERS.items():
        with open(os.path.join(ROOT, "LICENSES", name + ".txt"), encoding="utf-8") as handle:
            text = handle.read()
        assert [marker for marker in markers if marker not in text] == [], name
    with open(os.path.join(ROOT, "COPYING"), encoding="utf-8") as handle, open(os.path.join(ROOT, "LICENSES", "GPL-3.0-or-later.txt"), encoding="utf-8") as gpl:
        assert handle.read() == gpl.read()


def test_reuse_lint_every_file_has_explicit_licensing():
    proc = subprocess.run([os.path.join(BIN, "reuse"), "--root", ROOT, "lint", "--json"], capture_output=True, text=True, check=False)
    report = json.loads(proc.stdout)
    assert report["summary"]["compliant"], json.dumps(report["non_compliant"], indent=1)[:4000]
    assert proc.returncode == 0


def test_galaxy_yml_declares_every_license_of_every_shipped_file(tarball):
    report = json.loads(run([os.path.join(BIN, "reuse"), "--root", ROOT, "lint", "--json"]))
    licenses = {entry["path"]: set().union(*[license_ids(e["value"]) for e in entry["spdx_expressions"]]) for entry in report["files"]}
    prefix = "LICENSES/"
    with tarfile.open(tarball) as tar:
        # REUSE exempts empty files (the __init__.py markers)
        shipped = [member.name for member in tar.getmembers() if member.isfile() and member.size > 0]
    for required in ("COPYING", "REUSE.toml", prefix + "GPL-3.0-or-later.txt", prefix + "BSD-2-Clause.txt", prefix + "CC-BY-4.0.txt"):
        assert required in shipped
    unlicensed = [name for name in shipped if name not in licenses and name not in GENERATED_BY_ANSIBLE_GALAXY
                  and not name.startswith(prefix) and name not in ("COPYING", "REUSE.toml")]
    assert unlicensed == []
    used = set().union(*[licenses[name] for name in shipped if name in licenses])
    assert "CC-BY-4.0" in used, "the simulator's OpenAPI extract ships under CC-BY-4.0"
    declared = galaxy()["license"]
    assert sorted(used - set(declared)) == []
    assert sorted(set(declared) - used) == [], "galaxy.yml declares a license no shipped file uses"
