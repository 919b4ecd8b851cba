# SPDX-License-Identifier: Apache-2.0
"""The repository's test vectors (passport text produced by the C library and
by the vector generator) verify through the bindings with the expected outcome,
error and failing check."""
import json

import pytest

import dpp
from conftest import ROOT

VECTORS = sorted((ROOT / "test-vectors" / "vectors").glob("*.json"))
# Inputs the bindings support; vectors that also need trust lists, revocation
# lists or attestations (not wrapped yet, see README) are skipped.
SUPPORTED = {"passport", "signing_key", "iat", "exp", "iss", "compress", "trusted_keys",
             "validation_time", "validation_time_utc"}


@pytest.mark.skipif(not VECTORS, reason="test-vectors/vectors not present")
@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_vector(path):
    v = json.loads(path.read_text(encoding="utf-8"))
    inputs, expected = v["inputs"], v["expected"]
    extra = sorted(set(inputs) - SUPPORTED)
    if extra:
        pytest.skip(f"needs {', '.join(extra)} (not in the bindings yet)")
    trust = dpp.TrustStore([k["pem"] for k in inputs["trusted_keys"]])
    now = inputs["validation_time"]
    if expected["outcome"] == "verified":
        r = dpp.verify(v["text"], trust, now=now)
        if "passport" in inputs:
            assert r.passport == dpp.Passport(inputs["passport"])
        if "iat" in inputs:
            assert r.claims.iat == inputs["iat"]
        assert r.claims.kid.hex() in {k["kid"] for k in inputs["trusted_keys"]}
        assert dpp.inspect(v["text"]).passport_unverified == r.passport
    else:
        with pytest.raises(dpp.VerifyError) as ei:
            dpp.verify(v["text"], trust, now=now)
        assert ei.value.name == expected["error"]
        if expected.get("check"):
            assert ei.value.check == expected["check"]
        assert isinstance(ei.value, dpp.error_class(ei.value.code))
