# SPDX-License-Identifier: Apache-2.0
"""The Python example, and round trips with the other producers of passport
text: the Java bindings, the dpp CLI and the independent pydpp implementation."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import dpp
from conftest import FIXED_IAT, ROOT

EXAMPLE = ROOT / "examples" / "python" / "verify_scan.py"
JAVA_EXAMPLE = ROOT / "examples" / "java" / "VerifyScan.java"
PYDPP = ROOT / "tests" / "interop" / "pydpp.py"


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=600, **kw)  # hang guard only


def py_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(pathlib.Path(dpp.__file__).resolve().parents[1]),
                                         env.get("PYTHONPATH", "")])
    return env


@pytest.fixture()
def label(tmp_path, passport, key):
    """A label text signed in Python and the issuer's public key, on disk."""
    (tmp_path / "issuer.pub.pem").write_text(key.public_pem())
    (tmp_path / "label.txt").write_text(dpp.encode(passport, key, iat=FIXED_IAT) + "\n")
    return tmp_path


# ------------------------------------------------------------ examples/python/verify_scan.py


def test_example_demo():
    r = run([sys.executable, EXAMPLE, "--demo"], env=py_env(), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "VERIFIED" in r.stdout and "signed: ES256" in r.stdout


def test_example_verifies_file_and_text(label, passport):
    r = run([sys.executable, EXAMPLE, "--trust", label / "issuer.pub.pem", "--at", FIXED_IAT,
             "--in", label / "label.txt"], env=py_env())
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == f"VERIFIED {passport.name} (GTIN {passport.gtin})"
    text = (label / "label.txt").read_text().strip()
    r = run([sys.executable, EXAMPLE, "--trust", label / "issuer.pub.pem", "--at", FIXED_IAT, text], env=py_env())
    assert r.returncode == 0, r.stderr


def test_example_exit_codes(label, tmp_path):
    other = tmp_path / "other.pem"
    other.write_text(dpp.Key.generate("EdDSA").public_pem())
    base = [sys.executable, EXAMPLE, "--at", FIXED_IAT]
    r = run(base + ["--trust", other, "--in", label / "label.txt"], env=py_env())
    assert r.returncode == 2 and "REJECTED DPP_ERR_KID_UNKNOWN at check 'kid'" in r.stdout
    r = run(base + ["--trust", label / "issuer.pub.pem", "DPP1:???"], env=py_env())
    assert r.returncode == 4 and "DPP_ERR_BASE45" in r.stdout
    r = run(base + ["--trust", label / "issuer.pub.pem", "--in", tmp_path / "missing.txt"], env=py_env())
    assert r.returncode == 66
    r = run([sys.executable, EXAMPLE], env=py_env())
    assert r.returncode == 64


# ------------------------------------------------------------ Python -> Java


def java_cmd():
    java, jar = os.environ.get("DPP_JAVA"), os.environ.get("DPP_JAR")
    if not java or not jar or not os.path.exists(jar):
        pytest.skip("Java bindings not built (DPP_JAVA/DPP_JAR unset)")
    return [java, "-cp", jar, JAVA_EXAMPLE]


def test_python_label_verified_by_java_example(label, passport):
    cmd = java_cmd()
    r = run(cmd + ["--trust", label / "issuer.pub.pem", "--at", str(FIXED_IAT), "--in", label / "label.txt"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"VERIFIED {passport.name} (GTIN {passport.gtin})" in r.stdout
    r = run(cmd + ["--trust", label / "issuer.pub.pem", "--at", str(FIXED_IAT + 10**9), "--in", label / "label.txt"])
    assert r.returncode == 0  # no exp claim: still valid later
    r = run(cmd + ["--trust", label / "issuer.pub.pem", "--at", str(FIXED_IAT - 3600), "--in", label / "label.txt"])
    assert r.returncode == 3 and "DPP_ERR_NOT_YET_VALID" in r.stdout


# ------------------------------------------------------------ CLI round trips


def cli():
    path = os.environ.get("DPP_CLI") or shutil.which("dpp")
    if not path or not os.path.exists(path):
        pytest.skip("dpp CLI not built (DPP_CLI unset)")
    return path


def test_cli_encodes_python_verifies(tmp_path, key, passport):
    exe = cli()
    (tmp_path / "k.pem").write_text(key.private_pem())
    r = run([exe, "encode", "--key", tmp_path / "k.pem", ROOT / "examples" / "passport.json"])
    assert r.returncode == 0, r.stderr
    text = r.stdout.strip()
    res = dpp.verify(text, dpp.TrustStore([key.public_key()]))
    assert res.passport == passport and res.claims.kid == key.kid


def test_python_encodes_cli_verifies(label):
    exe = cli()
    r = run([exe, "verify", "--trust", label / "issuer.pub.pem", "--in", label / "label.txt"])
    assert r.returncode == 0, r.stdout + r.stderr


# ------------------------------------------------------------ independent implementation


def pydpp():
    if not PYDPP.exists():
        pytest.skip("tests/interop/pydpp.py not present")
    try:
        import cryptography  # noqa: F401
    except ImportError:
        pytest.skip("python3-cryptography not installed")
    return [sys.executable, PYDPP]


def test_pydpp_verifies_python_label(label):
    r = run(pydpp() + ["verify", "--trust", label / "issuer.pub.pem", "--at", str(FIXED_IAT),
                       (label / "label.txt").read_text().strip()])
    assert r.returncode == 0, r.stdout + r.stderr


def test_pydpp_verifies_every_python_mode(tmp_path, keys, passport):
    """The bindings' never / always / auto texts (zlib with preset dictionary v1)
    verify in pydpp; for EdDSA, pydpp writes the very same text."""
    k = keys["EdDSA"]
    (tmp_path / "k.pem").write_text(k.private_pem())
    (tmp_path / "k.pub.pem").write_text(k.public_pem())
    for mode in ("never", "always", "auto"):
        text = dpp.encode(passport, k, iat=FIXED_IAT, compress=mode)
        r = run(pydpp() + ["verify", "--trust", tmp_path / "k.pub.pem", "--at", str(FIXED_IAT), text])
        assert r.returncode == 0, (mode, r.stdout + r.stderr)
        assert '"compressed": %s' % ("false" if mode == "never" else "true") in r.stdout, mode
        r = run(pydpp() + ["encode", "--key", tmp_path / "k.pem", "--iat", str(FIXED_IAT), "--compress", mode,
                           ROOT / "examples" / "passport.json"])
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == text, mode


def test_python_verifies_pydpp_legacy_label(tmp_path, keys, passport):
    """A text compressed without the dictionary (FDICT 0, as written before
    dictionary v1) still verifies."""
    k = keys["ES256"]
    (tmp_path / "k.pem").write_text(k.private_pem())
    r = run(pydpp() + ["encode", "--key", tmp_path / "k.pem", "--iat", str(FIXED_IAT), "--compress", "always",
                       "--legacy-zlib", ROOT / "examples" / "passport.json"])
    assert r.returncode == 0, r.stderr
    text = r.stdout.strip()
    body = dpp.base45_decode(text[5:])
    assert body[0] & 0x0F == 8 and not body[1] & 0x20
    res = dpp.verify(text, dpp.TrustStore([k.public_key()]), now=FIXED_IAT)
    assert res.passport == passport and res.claims.compressed


def test_python_verifies_pydpp_label(tmp_path, keys, passport):
    for alg in ("ES256", "EdDSA"):
        k = keys[alg]
        (tmp_path / "k.pem").write_text(k.private_pem())
        r = run(pydpp() + ["encode", "--key", tmp_path / "k.pem", "--iat", str(FIXED_IAT),
                           ROOT / "examples" / "passport.json"])
        assert r.returncode == 0, r.stderr
        res = dpp.verify(r.stdout.strip(), dpp.TrustStore([k.public_key()]), now=FIXED_IAT)
        assert res.passport == passport and res.claims.alg == alg
