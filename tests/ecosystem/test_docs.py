"""The README and the user guide: what Galaxy users look for, claims equal to the modules' own `attributes`, nothing
stale, and the user guide reachable from the README and from Galaxy's docs listing (which shows only docs/*.md)."""

import glob
import json
import os
import re
import subprocess

import yaml

from .conftest import BIN, ROOT, galaxy

ATTRIBUTES = ("check_mode", "diff_mode", "idempotent")


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return handle.read()


def modules():
    return sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")) if not p.endswith("__init__.py"))


def readme_attribute_rows():
    """{module: (check mode, diff mode, idempotent)} from the README table under "Check mode, diff mode, idempotence"."""
    section = read("README.md").split("### Check mode, diff mode, idempotence", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"`[a-z_]+`", cells[0]):
            rows[cells[0].strip("`")] = tuple(cells[1:4])
    return rows


def test_readme_states_check_diff_and_idempotence_exactly_as_each_module_declares(installed):
    names = ["wxc.recordings." + name for name in modules()]
    proc = subprocess.run([os.path.join(BIN, "ansible-doc"), "--json", "-t", "module"] + names, env=installed[2],
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    docs = json.loads(proc.stdout)
    declared = {name.split(".")[-1]: tuple(docs[name]["doc"]["attributes"][attr]["support"] for attr in ATTRIBUTES) for name in names}
    claimed = readme_attribute_rows()
    missing = sorted(set(declared) - set(claimed))
    assert missing == [], "README's check/diff/idempotence table lacks a row for %s (values: %s)" % (
        missing, {name: declared[name] for name in missing})
    wrong = {name: {"README": claimed[name], "attributes": declared[name]} for name in declared if claimed[name] != declared[name]}
    assert wrong == {}
    assert sorted(set(claimed) - set(declared)) == [], "README lists modules that do not exist"
    # no blanket claim left in the introduction
    intro = read("README.md").split("\n## ", 1)[0]
    assert not re.search(r"every module is\s+idempotent|shows before/after in diff mode", intro, re.I | re.S)


def test_readme_has_the_sections_galaxy_users_look_for_and_nothing_stale():
    text = read("README.md")
    headings = re.findall(r"^## (.+)$", text, re.M)
    for wanted in ("Install", "Support", "Release notes", "Contributing", "License"):
        assert wanted in headings, headings
    contributing = text.split("## Contributing", 1)[1].split("\n## ", 1)[0]
    assert "make test" in contributing and "pytest" in contributing
    assert "make ee" not in text and "REFERENCE" not in text
    assert "wxc-recordings-%s.tar.gz" % galaxy()["version"] in text
    makefile = read("Makefile")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    for path in ["README.md"] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        for target in re.findall(r"`make ([a-z][a-z-]*)", read(path)):
            assert target in targets, "%s mentions `make %s`, which the Makefile lacks" % (os.path.relpath(path, ROOT), target)


def test_the_user_guide_is_reachable_from_the_readme_and_from_galaxys_docs_listing():
    toctree = yaml.safe_load(read("docs", "docsite", "extra-docs.yml"))["sections"]
    pages = [page for section in toctree for page in section["toctree"]]
    on_disk = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(ROOT, "docs", "docsite", "rst", "*.rst")))
    assert sorted(pages) == on_disk, "every page of docs/docsite/rst is in extra-docs.yml and exists"
    guide = read("docs", "user_guide.md")  # Galaxy renders docs/*.md only
    repository = galaxy()["repository"].rstrip("/")
    for page in pages:
        assert "%s/blob/main/docs/docsite/rst/%s.rst" % (repository, page) in guide, page
    for link in re.findall(r"\]\(([a-z_]+\.md)\)", guide):
        assert os.path.isfile(os.path.join(ROOT, "docs", link)), link
    assert "(docs/user_guide.md)" in read("README.md")
    assert galaxy()["documentation"].endswith("/docs/user_guide.md")
    links = yaml.safe_load(read("docs", "docsite", "links.yml"))
    assert any(link["url"].endswith("/docs/user_guide.md") for link in links["extra_links"])


def test_the_awx_guide_says_how_to_run_and_where_reports_go():
    text = read("docs", "docsite", "rst", "awx.rst")
    for needed in ("collections/requirements.yml", "ansible.builtin.import_playbook: wxc.recordings.", "WXC_REPORT_DIR",
                   "AWX_ISOLATED_DATA_DIR", "/runner/artifacts", "PersistentVolumeClaim", "object store", 'WEBEX_API_URL=""'):
        assert needed in text, needed
