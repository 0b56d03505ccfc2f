"""--tls-cert / --tls-key: the same API over HTTPS with a self-signed certificate made here."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
import requests
from conftest import A1, ALICE, EXAMPLE, Api

from webex_sim.testing import SimulatorProcess


def make_cert(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if not shutil.which("openssl"):
            pytest.skip("neither the cryptography package nor the openssl CLI is available to make a certificate")
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
        )
        return cert, key
    import ipaddress

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert, key


def test_https(tmp_path):
    cert, key = make_cert(tmp_path)
    with SimulatorProcess("--fixture", str(EXAMPLE), "--tls-cert", str(cert), "--tls-key", str(key)) as sim:
        assert sim.base_url.startswith("https://127.0.0.1:")
        # Verified against the certificate we made: real TLS, not just an open port.
        resp = requests.get(
            sim.base_url + f"/convergedRecordings/{A1}", headers={"Authorization": f"Bearer {ALICE}"}, verify=str(cert)
        )
        assert resp.status_code == 200
        audio = resp.json()["temporaryDirectDownloadLinks"]["audioDownloadLink"]
        assert audio.startswith(sim.root_url + "/downloads/")
        assert len(requests.get(audio, verify=str(cert)).content) == resp.json()["sizeBytes"]
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(sim.base_url + "/convergedRecordings", timeout=10)  # unknown CA
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(sim.base_url.replace("https:", "http:") + "/convergedRecordings", timeout=10)
        # The hooks of SimulatorProcess work over HTTPS too.
        assert len(sim.recordings()) == 16
        sim.reset()
        assert Api(sim, verify=str(cert)).get("/people/me", ALICE).status_code == 200
