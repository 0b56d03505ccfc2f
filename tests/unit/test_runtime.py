"""meta/runtime.yml's action group lists every module, so module_defaults for the group reach all of them."""

import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def modules():
    folder = os.path.join(ROOT, "plugins", "modules")
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and not name.startswith("_"))


def source(name):
    with open(os.path.join(ROOT, "plugins", "modules", name + ".py")) as handle:
        return handle.read()


def api_modules():
    """Modules that talk to Webex take the connection options; the group exists to set those once."""
    return [name for name in modules() if "wxc.recordings.connection" in source(name)]


def runtime():
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as handle:
        return yaml.safe_load(handle)


def test_every_api_module_is_in_the_recordings_action_group():
    group = runtime()["action_groups"]["recordings"]
    assert len(api_modules()) >= 7, "the seven recording modules at least"
    assert sorted(group) == api_modules()


def test_group_members_document_their_membership_and_others_do_not_claim_it():
    group = runtime()["action_groups"]["recordings"]
    for name in modules():
        assert ("wxc.recordings.attributes.action_group" in source(name)) == (name in group), name


def test_requires_ansible_matches_the_tested_floor():
    assert runtime()["requires_ansible"] == ">=2.16.0"


def test_galaxy_metadata():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    assert (galaxy["namespace"], galaxy["name"]) == ("wxc", "recordings")
    for ignored in (".venv", "build", "tests/output"):
        assert ignored in galaxy["build_ignore"]
