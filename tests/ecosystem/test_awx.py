"""What AWX and execution environments do to a run, reproduced with the installed tarball and ansible-playbook:

- the credential type injects WEBEX_API_URL="" (and other blank fields) when a field is left empty: empty counts as unset;
- reports go to a documented, predictable folder: WXC_REPORT_DIR, else ansible-runner's artifact folder of the job
  (AWX_ISOLATED_DATA_DIR), else ./reports of $PWD (the collection's playbooks).
"""

import glob
import json
import os
import re
import socket
import sys
import threading
import warnings

import pytest

from webex_sim.testing import SimulatorProcess

from .conftest import BIN, ROOT, run

BLANK_CREDENTIAL = {"WEBEX_API_URL": "", "WEBEX_CLIENT_ID": "", "WEBEX_CLIENT_SECRET": "", "WEBEX_REFRESH_TOKEN": ""}
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")


class RecordingProxy:
    """An HTTP proxy on 127.0.0.1 that notes each request line (``CONNECT host:port HTTP/1.1``) and refuses it (403):
    it shows which host a module would have called, without leaving the machine."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.lines = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn = self.server.accept()[0]
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                self.lines.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def close(self):
        self.server.close()


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess("--generate", "60", "--seed", "5", "--days", "200", "--owners", "4") as simulator:
        yield simulator


def playbook_env(installed, extra):
    env = dict(installed[2], WEBEX_ACCESS_TOKEN="sim-admin-token", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    for name in PROXY_VARIABLES + ("WXC_REPORT_DIR", "AWX_ISOLATED_DATA_DIR", "WEBEX_ADMIN_TOKEN"):
        env.pop(name, None)
    env.update(extra)
    return env


def test_blank_credential_fields_count_as_unset(installed, sim, tmp_path):
    playbook = tmp_path / "blank.yml"
    playbook.write_text(
        "- name: Modules under an AWX credential with blank fields\n"
        "  hosts: localhost\n"
        "  gather_facts: false\n"
        "  tasks:\n"
        "    - name: Count, with the API URL given as a parameter\n"
        "      wxc.recordings.recording_info:\n"
        "        api_url: '{{ sim_api_url }}'\n"
        "        summary_only: true\n"
        "      register: counted\n"
        "    - name: Default API URL (WEBEX_API_URL is empty)\n"
        "      wxc.recordings.recording_info:\n"
        "        summary_only: true\n"
        "        retries: 0\n"
        "        timeout: 5\n"
        "      register: default_url\n"
        "      ignore_errors: true\n"
        "    - name: Show both\n"
        "      ansible.builtin.debug:\n"
        "        msg: \"RESULT={{ {'count': counted.count, 'msg': default_url.msg | default('')} | to_json }}\"\n"
    )
    proxy = RecordingProxy()
    try:
        env = playbook_env(installed, dict(BLANK_CREDENTIAL, HTTPS_PROXY="http://127.0.0.1:%d" % proxy.port, NO_PROXY="127.0.0.1,localhost"))
        out = run([os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", "sim_api_url=" + sim.base_url, str(playbook)],
                  env=env, cwd=str(tmp_path))
    finally:
        proxy.close()
    result = json.loads(out.split("RESULT=", 1)[1].split("\n", 1)[0].rstrip('"').replace('\\"', '"'))
    available = [r for r in sim.recordings() if r["status"] == "available"]
    # blank WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN are no refresh credentials: no refusal
    assert result["count"] == len(available)
    # blank WEBEX_API_URL is the default URL, not ''
    assert "api_url must be" not in result["msg"], result["msg"]
    assert proxy.lines and all(line.startswith("CONNECT webexapis.com:443 ") for line in proxy.lines), proxy.lines
    assert "sim-admin-token" not in out


def report_files(folder):
    return sorted(name for name in os.listdir(str(folder)) if name.startswith("storage")) if os.path.isdir(str(folder)) else []


@pytest.mark.parametrize("where", ["WXC_REPORT_DIR", "AWX_ISOLATED_DATA_DIR", "PWD"])
def test_reports_go_to_the_documented_folder(installed, sim, tmp_path, where):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    explicit, artifacts = tmp_path / "explicit", tmp_path / "artifacts" / "42"
    extra = {"WEBEX_API_URL": sim.base_url, "PWD": str(cwd)}
    expected = {"WXC_REPORT_DIR": explicit, "AWX_ISOLATED_DATA_DIR": artifacts / "reports", "PWD": cwd / "reports"}[where]
    if where == "WXC_REPORT_DIR":
        extra.update(WXC_REPORT_DIR=str(explicit), AWX_ISOLATED_DATA_DIR=str(artifacts))  # the explicit one wins
    elif where == "AWX_ISOLATED_DATA_DIR":
        extra.update(AWX_ISOLATED_DATA_DIR=str(artifacts), WXC_REPORT_DIR="")  # blank counts as unset
    run([os.path.join(BIN, "ansible-playbook"), "wxc.recordings.storage_report"], env=playbook_env(installed, extra), cwd=str(cwd))
    written = report_files(expected)
    assert any(name.endswith(".html") for name in written) and any(name.endswith(".json") for name in written), written
    for other in {explicit, artifacts / "reports", cwd / "reports"} - {expected}:
        assert report_files(other) == [], other


ENV_LOOKUP = re.compile(r"lookup\(\s*'ansible\.builtin\.env',\s*'([A-Z0-9_]+)'")


def render_role_defaults(path, env):
    """Every variable of a role's defaults/main.yml, templated as Ansible would with exactly ``env`` for WEBEX_* and
    WXC_* variables (the controller's environment is what ``lookup('ansible.builtin.env')`` reads)."""
    from ansible.parsing.dataloader import DataLoader
    from ansible.plugins.loader import init_plugin_loader
    from ansible.template import Templar

    with warnings.catch_warnings():  # "AnsibleCollectionFinder has already been configured" by an earlier test
        warnings.simplefilter("ignore", UserWarning)
        init_plugin_loader()

    saved = dict(os.environ)
    try:
        for name in [n for n in os.environ if n.startswith(("WEBEX_", "WXC_", "AWX_"))]:
            del os.environ[name]
        os.environ.update(env)
        loader = DataLoader()
        try:  # ansible-core 2.19+ templates only trusted strings: those of files Ansible loads as a role's defaults
            data = loader.load_from_file(path, trusted_as_template=True)
        except TypeError:
            data = loader.load_from_file(path)
        templar = Templar(loader=loader, variables=dict(data, playbook_dir="/playbooks"))
        rendered = {name: templar.template(value) for name, value in data.items() if isinstance(value, str) and "ansible.builtin.env" in value}
        assert rendered and not [value for value in rendered.values() if "{{" in str(value)], rendered
        return rendered
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_role_defaults_treat_a_blank_environment_variable_as_unset():
    """For every variable a role's defaults read from the environment: set to "" is the same as not set."""
    differences = []
    for path in sorted(glob.glob(os.path.join(ROOT, "roles", "*", "defaults", "main.yml"))):
        with open(path) as handle:
            names = sorted(set(ENV_LOOKUP.findall(handle.read())))
        base = {name: "https://%s.example/v1" % name.lower() if name.endswith("_URL") else "v-" + name for name in names}
        for name in names:
            unset = render_role_defaults(path, {k: v for k, v in base.items() if k != name})
            blank = render_role_defaults(path, dict(base, **{name: ""}))
            for variable in sorted(unset):
                if unset[variable] != blank[variable]:
                    differences.append("%s: %s=\"\" gives %s=%r, unset gives %r" % (
                        os.path.relpath(path, ROOT), name, variable, blank[variable], unset[variable]))
    assert differences == [], "\n".join(differences)
