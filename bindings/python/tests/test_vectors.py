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
             "resolver", "form",
             # issue 22 (test-vectors/README.md): named schemes' operator keys, the signed lists loaded in
             # order (trust / revocation, default or named scheme; status), X.509 CA and signer
             # certificates; "status" is informative (the claim is in the signed text)
             "scheme_operator_keys", "lists", "ca_certificates", "signer_certificates", "status"}
# The "requires" tags (test-vectors/README.md) the bindings implement: all of them; a tag naming a layer
# the bindings cannot apply goes to UNAVAILABLE (tag -> reason) and its vectors are skipped.
IMPLEMENTS = {"trust-lists", "attestations", "status-lists", "rollover", "schemes", "attestation-time",
              "compact-revocations", "x509"}
UNAVAILABLE: dict = {}
LISTS = (("trust_list", "--trust-list", "load_list"), ("revocation_list", "--revocation-list", "load_revocations"))
# inputs.lists: kind -> TrustStore method (a status list has no scheme)
LIST_KINDS = {"trust": "load_list", "revocation": "load_revocations", "status": "load_status"}


def c_verdict(v, tmp_path):
    """(error, check, signer_scheme, revoked_by) from the C library, or None
    without the tool. The inputs go to vector_tool as tests/vectors/check_vectors.py
    passes them."""
    tool = os.environ.get("DPP_VECTOR_TOOL")
    if not tool or not os.path.exists(tool):
        return None
    inputs = v["inputs"]
    text = tmp_path / "text"
    text.write_bytes(v["text"].encode("utf-8"))
    args = []

    def pem_file(stem, item):
        p = tmp_path / f"{stem}.pem"
        p.write_text(item["pem"])
        return str(p)

    for i, k in enumerate(inputs.get("operator_keys", [])):
        args += ["--operator", pem_file(f"operator{i}", k)]
    for name, opt, _ in LISTS:
        if name in inputs:
            p = tmp_path / f"{name}.cose"
            p.write_bytes(bytes.fromhex(inputs[name]["cose"]))
            args += [opt, str(p)]
    for name in sorted(inputs.get("scheme_operator_keys", {})):
        for i, k in enumerate(inputs["scheme_operator_keys"][name]):
            args += ["--scheme-operator", name, pem_file(f"scheme-{name}-{i}", k)]
    for i, lst in enumerate(inputs.get("lists", [])):  # loaded in order, after trust_list / revocation_list
        p = tmp_path / f"list{i}.cose"
        p.write_bytes(bytes.fromhex(lst["cose"]))
        args += ["--list", lst["kind"], lst["scheme"] if lst.get("scheme") is not None else "-", str(p)]
    for i, c in enumerate(inputs.get("ca_certificates", [])):
        args += ["--ca", pem_file(f"ca{i}", c)]
    for i, c in enumerate(inputs.get("signer_certificates", [])):
        args += ["--cert", pem_file(f"cert{i}", c)]
    if "list_policy" in inputs:
        args += ["--min-sequence", str(inputs["list_policy"]["min_sequence"]),
                 "--grace", str(inputs["list_policy"]["grace_seconds"])]
    for i, k in enumerate(inputs["trusted_keys"]):
        args.append(pem_file(f"key{i}", k))
    r = subprocess.run([tool, "verify", str(text), str(inputs["validation_time"]), *args],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        pytest.skip(f"the C library's own run of this vector fails ({r.stderr.strip()}; reported by tests/vectors)")
    out = json.loads(r.stdout)
    return out["error"], out["check"], out.get("signer_scheme"), out.get("revoked_by")


def trust_store(inputs):
    """The verifier's store for a vector, built as tests/vectors and the web
    harness do: pinned operators (default scheme, then the named schemes in
    sorted order), CA then signer certificates, trusted keys, then the signed
    lists (trust list, revocation list, then inputs.lists in order). Returns
    (store, None), or (store, (error, check)) for the first input refused:
    check ca_certificates / signer_certificates / trusted_keys, or
    trust_list / revocation_list / status_list after the list's kind."""
    trust = dpp.TrustStore()
    for k in inputs.get("operator_keys", []):
        trust.pin_operator(dpp.Key.load(k["pem"]))
    for name in sorted(inputs.get("scheme_operator_keys", {})):
        for k in inputs["scheme_operator_keys"][name]:
            trust.pin_operator(dpp.Key.load(k["pem"]), scheme=name)
    steps = [("ca_certificates", trust.add_ca, c["pem"]) for c in inputs.get("ca_certificates", [])]
    steps += [("signer_certificates", trust.add_cert, c["pem"]) for c in inputs.get("signer_certificates", [])]
    # a trusted key the library refuses (key-weak-*: DPP_ERR_KEY_WEAK)
    steps += [("trusted_keys", trust.add, k["pem"]) for k in inputs["trusted_keys"]]
    for check, fn, arg in steps:
        try:
            fn(arg)
        except dpp.DppError as e:
            return trust, (e.name, check)
    policy = inputs.get("list_policy", {})
    pol = {"now": inputs["validation_time"], "min_sequence": policy.get("min_sequence", 0),
           "grace": policy.get("grace_seconds", dpp.DEFAULT_GRACE_SECONDS)}
    lists = [(name, getattr(trust, method), inputs[name]["cose"], {}) for name, _, method in LISTS if name in inputs]
    for lst in inputs.get("lists", []):
        extra = {"scheme": lst["scheme"]} if lst.get("scheme") is not None else {}
        lists.append((lst["kind"] + "_list", getattr(trust, LIST_KINDS[lst["kind"]]), lst["cose"], extra))
    for check, fn, cose, extra in lists:
        try:
            fn(bytes.fromhex(cose), **pol, **extra)
        except dpp.DppError as e:
            return trust, (e.name, check)
    return trust, None


def bindings_verdict(v):
    """((error, check), result or None, signer_scheme, revoked_by): the scheme
    names as vector_tool prints them ("" the default scheme; signer_scheme None
    unless verified, revoked_by None unless rejected by verify)."""
    inputs = v["inputs"]
    trust, failed = trust_store(inputs)
    if failed is not None:
        return failed, None, None, None
    try:
        r = dpp.verify(v["text"], trust, now=inputs["validation_time"])
    except dpp.VerifyError as e:
        assert isinstance(e, dpp.error_class(e.code)) or type(e) is dpp.VerifyError
        rev = e.report.revocation if e.report is not None else None
        # "" also when nothing was revoked, as vector_tool prints rep.revoked_by
        return (e.name, e.check), None, None, (rev.scheme or "") if rev is not None else ""
    return (None, None), r, r.signer.scheme or "", None


@pytest.mark.skipif(not VECTORS, reason="test-vectors/vectors not present")
@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_vector(path, tmp_path):
    v = json.loads(path.read_text(encoding="utf-8"))
    inputs, expected = v["inputs"], v["expected"]
    extra = sorted(set(inputs) - SUPPORTED)
    assert not extra, f"vector input(s) {', '.join(extra)} unknown to this runner: add them"
    tags = set(v.get("requires", []))
    assert tags <= IMPLEMENTS | set(UNAVAILABLE), \
        f"requires tag(s) {', '.join(sorted(tags - IMPLEMENTS - set(UNAVAILABLE)))} unknown to this runner: add them"
    for tag in sorted(tags & set(UNAVAILABLE)):
        pytest.skip(f"requires {tag}: {UNAVAILABLE[tag]}")
    c = c_verdict(v, tmp_path)
    got, result, signer_scheme, revoked_by = bindings_verdict(v)
    if c is not None:
        assert got == tuple(c[:2]), f"bindings give {got}, the C library gives {c[:2]}"
        # the scheme that recognised the signer / whose revocation list matched (spec/trust.md 3.8)
        if result is not None:
            assert signer_scheme == c[2], f"signer scheme {signer_scheme!r}, the C library says {c[2]!r}"
        assert revoked_by == c[3], f"revoked by {revoked_by!r}, the C library says {c[3]!r}"
    want = (expected.get("error"), expected.get("check")) if expected["outcome"] != "verified" else (None, None)
    if got != want:
        if c is not None and tuple(c[:2]) == got:
            pytest.skip(f"libdpp itself gives {got}, the vector expects {want} (reported by tests/vectors)")
        assert got == want
    if "signer_scheme" in expected:
        assert signer_scheme == expected["signer_scheme"]
    if "revoked_by" in expected:
        assert revoked_by == expected["revoked_by"]
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
