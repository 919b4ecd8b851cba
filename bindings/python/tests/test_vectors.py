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
# Every input a vector may have: the core format (either transport form), and the trust layer (pinned
# operator keys, signed trust and revocation lists, their policy; the
# attestations are inside the text, the inputs only say who attested what).
SUPPORTED = {"passport", "signing_key", "iat", "exp", "iss", "compress", "trusted_keys",
             "validation_time", "validation_time_utc",
             "operator_keys", "trust_list", "revocation_list", "list_policy", "attestations",
             # the link form (spec/link.md): the signed resolver claim and the form the encoder wrote;
             # dpp.verify reads links as it reads DPP1: text
             "resolver", "form"}
LISTS = (("trust_list", "--trust-list", "load_list"), ("revocation_list", "--revocation-list", "load_revocations"))


def c_verdict(v, tmp_path):
    """(error, check) from the C library, or None without the tool."""
    tool = os.environ.get("DPP_VECTOR_TOOL")
    if not tool or not os.path.exists(tool):
        return None
    inputs = v["inputs"]
    text = tmp_path / "text"
    text.write_bytes(v["text"].encode("utf-8"))
    args = []
    for i, k in enumerate(inputs.get("operator_keys", [])):
        p = tmp_path / f"operator{i}.pem"
        p.write_text(k["pem"])
        args += ["--operator", str(p)]
    for name, opt, _ in LISTS:
        if name in inputs:
            p = tmp_path / f"{name}.cose"
            p.write_bytes(bytes.fromhex(inputs[name]["cose"]))
            args += [opt, str(p)]
    if "list_policy" in inputs:
        args += ["--min-sequence", str(inputs["list_policy"]["min_sequence"]),
                 "--grace", str(inputs["list_policy"]["grace_seconds"])]
    for i, k in enumerate(inputs["trusted_keys"]):
        p = tmp_path / f"key{i}.pem"
        p.write_text(k["pem"])
        args.append(str(p))
    r = subprocess.run([tool, "verify", str(text), str(inputs["validation_time"]), *args],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        pytest.skip(f"the C library's own run of this vector fails ({r.stderr.strip()}; reported by tests/vectors)")
    out = json.loads(r.stdout)
    return out["error"], out["check"]


def trust_store(inputs):
    """The verifier's store for a vector: trusted keys, pinned operators, then
    the signed lists (trust list first), as tests/vectors does. A list that
    does not load gives (error, check) with check trust_list / revocation_list."""
    try:
        trust = dpp.TrustStore([k["pem"] for k in inputs["trusted_keys"]])
    except dpp.DppError as e:  # a trusted key the library refuses (key-weak-*: DPP_ERR_KEY_WEAK)
        return None, (e.name, "trusted_keys")
    for k in inputs.get("operator_keys", []):
        trust.pin_operator(dpp.Key.load(k["pem"]))
    policy = inputs.get("list_policy", {})
    for name, _, method in LISTS:
        if name not in inputs:
            continue
        try:
            getattr(trust, method)(bytes.fromhex(inputs[name]["cose"]), now=inputs["validation_time"],
                                   min_sequence=policy.get("min_sequence", 0),
                                   grace=policy.get("grace_seconds", dpp.DEFAULT_GRACE_SECONDS))
        except dpp.DppError as e:
            return trust, (e.name, name)
    return trust, None


def bindings_verdict(v):
    inputs = v["inputs"]
    trust, failed = trust_store(inputs)
    if failed is not None:
        return failed, None
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
    assert not extra, f"vector input(s) {', '.join(extra)} unknown to this runner: add them"
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
        if "signing_key" in inputs:
            assert result.claims.kid.hex() == inputs["signing_key"]["kid"]
        else:
            assert result.claims.kid.hex() in {k["kid"] for k in inputs["trusted_keys"]}
        assert dpp.inspect(v["text"]).passport_unverified == result.passport
        # who attested what: each attestation of the inputs, verified, in order
        want_att = [(tuple(a["claims"]), a["binding"], a["attester_key"]["kid"]) for a in inputs.get("attestations", [])]
        got_att = [(a.claims, a.binding, a.kid.hex()) for a in result.attestations]
        assert got_att == want_att
        # the signer, as the trust list names it
        signer_pub = inputs.get("signing_key", {}).get("file", "").replace(".pem", ".pub.pem")
        for e in inputs.get("trust_list", {}).get("content", {}).get("entries", []):
            if e["key"] == signer_pub:
                assert (result.signer.role, result.signer.party.name) == (e["role"], e["party"]["name"])
