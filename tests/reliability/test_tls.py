"""TLS: against the simulator's HTTPS mode with a self-signed certificate, modules refuse by default with a clear
message, and work with ``ca_path`` pointing at the certificate (or with ``validate_certs: false``)."""

import datetime
import ipaddress
import os

import certifi
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.reliability import harness

EXAMPLE_ORG = os.path.join(harness.ROOT, "tests", "simulator", "examples", "org.yml")


def self_signed(directory, common_name="localhost"):
    """A self-signed certificate for localhost and 127.0.0.1: ``(cert.pem, key.pem)``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="module")
def https_sim(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("tls"))
    cert, key = self_signed(directory)
    sim = harness.start_sim("--fixture", EXAMPLE_ORG, "--tls-cert", cert, "--tls-key", key)
    assert sim.base_url.startswith("https://"), sim.base_url
    sim.cert = cert
    yield sim
    sim.stop()


# A valid bundle that does not know the simulator's CA, whatever the host (requests always brings certifi).
SYSTEM_BUNDLE = certifi.where()
CA_ENVIRONMENTS = {
    # No CA variables: requests uses certifi's bundle.
    "no-ca-env": {"REQUESTS_CA_BUNDLE": None, "CURL_CA_BUNDLE": None, "SSL_CERT_FILE": None},
    # REQUESTS_CA_BUNDLE set, as in many corporate hosts and execution environments: ca_path must still win.
    "requests-ca-bundle-env": {"REQUESTS_CA_BUNDLE": SYSTEM_BUNDLE, "CURL_CA_BUNDLE": None},
}


@pytest.mark.parametrize("ca_env", sorted(CA_ENVIRONMENTS))
def test_tls_refused_by_default_accepted_with_ca_path(https_sim, work_dir, ca_env):
    https_sim.reset()
    other = os.path.join(str(work_dir), "other")
    os.makedirs(other)
    other_ca, _key = self_signed(other, "someone-else")  # a valid CA file that does not sign the simulator
    extra_vars = {"ca_file": https_sim.cert, "other_ca_file": other_ca, "missing_ca_file": os.path.join(other, "missing.pem")}
    run = harness.Playbook(https_sim, work_dir, env=CA_ENVIRONMENTS[ca_env]).run("tls.yml", extra_vars=extra_vars)
    by_task = dict((entry["task"], entry) for entry in run.results)
    problems = []
    for name, entry in sorted(by_task.items()):
        msg = str(entry["result"].get("msg", ""))
        if name.startswith("Refused"):
            if entry["status"] != "failed":
                problems.append("%s: not refused" % name)
            elif "certificate" not in msg.lower() or "ca_path" not in msg:
                problems.append("%s: message does not explain the certificate problem and ca_path: %r" % (name, msg))
            elif "Traceback" in msg:
                problems.append("%s: traceback: %r" % (name, msg[:300]))
        elif name.startswith("Accepted") and entry["status"] != "ok":
            problems.append("%s: %s %r" % (name, entry["status"], msg))
    assert len(by_task) >= 8, run
    assert not problems, "%d problems:\n%s" % (len(problems), "\n".join(problems))
    harness.record_figures("tls", target="modules-" + ca_env, runs=1, cases=len(by_task))
