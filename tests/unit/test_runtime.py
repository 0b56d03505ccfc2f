"""meta/runtime.yml's action group lists every module, so module_defaults for the group reach all of them."""

import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def modules():
    folder = os.path.join(ROOT, "plugins", "modules")
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and not name.startswith("_"))


def runtime():
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as handle:
        return yaml.safe_load(handle)


def test_every_module_is_in_the_recordings_action_group():
    group = runtime()["action_groups"]["recordings"]
    assert modules(), "no modules found"
    assert sorted(group) == modules()


def test_every_module_documents_its_action_group_membership():
    for name in modules():
        with open(os.path.join(ROOT, "plugins", "modules", name + ".py")) as handle:
            source = handle.read()
        assert "wxc.recordings.attributes.action_group" in source, name


def test_requires_ansible_matches_the_tested_floor():
    assert runtime()["requires_ansible"] == ">=2.16.0"


def test_galaxy_metadata():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    assert (galaxy["namespace"], galaxy["name"]) == ("wxc", "recordings")
    for ignored in (".venv", "build", "tests/output"):
        assert ignored in galaxy["build_ignore"]
