"""What AWX and execution environments do to a run, reproduced with the installed tarball and ansible-playbook:

- the credential type injects WEBEX_API_URL="" (and other blank fields) when a field is left empty: empty counts as unset;
- reports go to a documented, predictable folder: WXC_REPORT_DIR, else ansible-runner's artifact folder of the job
  (AWX_ISOLATED_DATA_DIR), else ./reports of $PWD (the collection's playbooks).
"""

import json
import os
import socket
import sys
import threading

import pytest

from webex_sim.testing import SimulatorProcess

from .conftest import BIN, run

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
