# SPDX-License-Identifier: Apache-2.0
"""The repository's test vectors (passport text produced by the C library and
by the vector generator) give the same verdict through the bindings as
through the C library.

Each vector is verified by the bindings and, when ctest provides it
(DPP_VECTOR_TOOL, the tests/vectors tool), by the C library directly. The
bindings must agree with the C library on the error and failing check. They
must also match the vector's expected outcome, except where the C library
itself disagrees with the vector: that is reported by tests/vectors, and the
test is skipped here with the reason."""
import json
import os
import subprocess

import pytest

import dpp
from conftest import ROOT

VECTORS = sorted((ROOT / "test-vectors" / "vectors").glob("*.json"))
# Inputs the bindings support; vectors that also need trust lists, revocation
# lists or attestations (not wrapped yet, see README) are skipped.
SUPPORTED = {"passport", "signing_key", "iat", "exp", "iss", "compress", "trusted_keys",
             "validation_time", "validation_time_utc"}


def c_verdict(v, tmp_path):
    """(error, check) from the C library, or None without the tool."""
    tool = os.environ.get("DPP_VECTOR_TOOL")
    if not tool or not os.path.exists(tool):
        return None
    text = tmp_path / "text"
    text.write_bytes(v["text"].encode("utf-8"))
    keys = []
    for i, k in enumerate(v["inputs"]["trusted_keys"]):
        p = tmp_path / f"key{i}.pem"
        p.write_text(k["pem"])
        keys.append(str(p))
    r = subprocess.run([tool, "verify", str(text), str(v["inputs"]["validation_time"]), *keys],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        pytest.skip(f"the C library's own run of this vector fails ({r.stderr.strip()}; reported by tests/vectors)")
    out = json.loads(r.stdout)
    return out["error"], out["check"]


def bindings_verdict(v):
    inputs = v["inputs"]
    trust = dpp.TrustStore([k["pem"] for k in inputs["trusted_keys"]])
    try:
        r = dpp.verify(v["text"], trust, now=inputs["validation_time"])
    except dpp.VerifyError as e:
        assert isinstance(e, dpp.error_class(e.code)) or type(e) is dpp.VerifyError
        return (e.name, e.check), None
    return (None, None), r


@pytest.mark.skipif(not VECTORS, reason="test-vectors/vectors not present")
@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_vector(path, tmp_path):
    v = json.loads(path.read_text(encoding="utf-8"))
    inputs, expected = v["inputs"], v["expected"]
    extra = sorted(set(inputs) - SUPPORTED)
    if extra:
        pytest.skip(f"needs {', '.join(extra)} (not in the bindings yet)")
    c = c_verdict(v, tmp_path)
    got, result = bindings_verdict(v)
    if c is not None:
        assert got == tuple(c), f"bindings give {got}, the C library gives {c}"
    want = (expected.get("error"), expected.get("check")) if expected["outcome"] != "verified" else (None, None)
    if got != want:
        if c is not None and tuple(c) == got:
            pytest.skip(f"libdpp itself gives {got}, the vector expects {want} (reported by tests/vectors)")
        assert got == want
    if result is not None:
        if "passport" in inputs:
            assert result.passport == dpp.Passport(inputs["passport"])
        if "iat" in inputs:
            assert result.claims.iat == inputs["iat"]
        assert result.claims.kid.hex() in {k["kid"] for k in inputs["trusted_keys"]}
        assert dpp.inspect(v["text"]).passport_unverified == result.passport
