# SPDX-License-Identifier: Apache-2.0
"""UNTP Digital Product Passport credentials (dpp_untp.h, spec/untp.md): export of a
verified (or only inspected) passport, import of the UNTP samples in tests/data/untp."""
import hashlib
import json
import urllib.parse

import pytest

import dpp
from conftest import FIXED_IAT, ROOT

UNTP = ROOT / "tests" / "data" / "untp"
SIMPLE = UNTP / "product-passport-simple-0.6.1.json"
INSTANCE = UNTP / "untp-dpp-instance-0.6.1.json"

try:
    import jsonschema
except ImportError:  # pragma: no cover - CI installs python3-jsonschema
    jsonschema = None


def schema_errors(doc):
    """Validation errors of doc against the UNTP DPP 0.6.1 schema (Draft 2020-12, formats checked)."""
    if jsonschema is None:
        pytest.skip("needs python3-jsonschema to validate against the UNTP schema")
    schema = json.loads((UNTP / "untp-dpp-schema-0.6.1.json").read_text(encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]


def claims_of(doc):
    return {c["id"].rsplit("#", 1)[-1]: c for c in doc["credentialSubject"]["conformityClaim"]}


def test_verified_export_is_a_valid_untp_credential(passport, key, trust, text):
    r = dpp.verify(text, trust, now=FIXED_IAT + 60)
    out = r.to_untp()
    assert isinstance(out, str)
    doc = json.loads(out)
    assert schema_errors(doc) == []
    assert doc["id"] == "urn:uuid:" + passport.id
    assert doc["issuer"]["id"] == "urn:dpp:kid:" + key.kid.hex()          # the library's default issuer
    prod = doc["credentialSubject"]["product"]
    assert prod["name"] == passport.name and prod["registeredId"] == passport.gtin
    # the signed original it names is the text verify() was given, with its COSE digest
    link = prod["furtherInformation"][0]
    assert link["linkURL"].startswith("data:") and urllib.parse.unquote(link["linkURL"]).endswith(text)
    assert hashlib.sha256(dpp.cose_from_text(text)).hexdigest() in link["linkName"]
    # nothing is attested: every claim is self-declared, none has evidence
    for cid, c in claims_of(doc).items():
        assert "conformityEvidence" not in c, cid
        assert "NOT VERIFIED" not in c["description"], cid
    assert dpp.verify(urllib.parse.unquote(link["linkURL"]).split(",", 1)[1], trust, now=FIXED_IAT + 60)


def test_export_names_the_issuer_and_rejects_a_bad_one(trust, text):
    r = dpp.verify(text, trust, now=FIXED_IAT + 60)
    doc = json.loads(r.to_untp(issuer="did:web:maker.example.com"))
    assert doc["issuer"]["id"] == "did:web:maker.example.com"
    with pytest.raises(dpp.UsageError) as ei:
        r.to_untp(issuer="no scheme here")
    assert ei.value.name == "DPP_ERR_INVALID_ARG" and "issuer" in ei.value.message
    with pytest.raises(TypeError):
        r.to_untp(issuer=42)


def test_export_of_a_link_names_the_link(passport, key, trust):
    link = dpp.encode(passport, key, iat=FIXED_IAT, resolver="https://id.example.com", form="link")
    doc = json.loads(dpp.verify(link, trust, now=FIXED_IAT + 60).to_untp())
    assert schema_errors(doc) == []
    assert doc["credentialSubject"]["product"]["furtherInformation"][0]["linkURL"] == link


def test_attested_claim_gets_evidence(passport, key):
    certifier = dpp.Key.generate("EdDSA")
    tl_op = dpp.Key.generate("EdDSA")
    tl = dpp.TrustList()
    tl.add(key, "manufacturer", name="Maker", country="CN")
    tl.add(certifier, "certifier", name="TUV", country="DE", claims=["footprint"])
    trust = dpp.TrustStore()
    trust.pin_operator(tl_op)
    trust.load_list(tl.sign(tl_op, sequence=1, next_update=FIXED_IAT + 86400 * 30, issued_at=FIXED_IAT - 10),
                    now=FIXED_IAT + 60)
    att = dpp.attest(passport, certifier, ["footprint"])
    text = dpp.encode(passport, key, iat=FIXED_IAT, attestations=[att])
    doc = json.loads(dpp.verify(text, trust, now=FIXED_IAT + 60).to_untp())
    assert schema_errors(doc) == []
    claims = claims_of(doc)
    ev = claims["footprint"]["conformityEvidence"]
    assert ev["hashMethod"] == "SHA-256" and ev["hashDigest"] == hashlib.sha256(dpp.cose_from_text(text)).hexdigest()
    assert "TUV" in claims["footprint"]["description"]
    assert all("conformityEvidence" not in c for cid, c in claims.items() if cid != "footprint")


def test_unverified_export_says_so(text):
    doc = json.loads(dpp.inspect(text).to_untp_unverified())
    assert schema_errors(doc) == []
    for cid, c in claims_of(doc).items():
        assert "NOT VERIFIED" in c["description"], cid
        assert "conformityEvidence" not in c, cid
    assert "NOT VERIFIED" in doc["credentialSubject"]["product"]["furtherInformation"][0]["linkName"]
    assert not hasattr(dpp.Inspection, "to_untp")       # no way to export it as if verified


def test_import_needs_a_country_the_credential_lacks():
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.untp_import(SIMPLE.read_text(encoding="utf-8"))
    assert ei.value.name == "DPP_ERR_SCHEMA_MISSING" and ei.value.path == "manufacturer.country"
    p, not_carried = dpp.untp_import(SIMPLE.read_bytes(), country="AU")
    assert isinstance(p, dpp.Passport)
    assert p.manufacturer == dpp.Manufacturer("Battery Company Pty Ltd", "AU", None)
    assert p.name == "EV battery 300Ah" and p.gtin == "09520123456788" and p.serial == "12345"
    assert isinstance(not_carried, tuple) and not_carried.total == len(not_carried)


def test_import_lists_what_is_not_carried():
    src = json.loads(INSTANCE.read_text(encoding="utf-8"))
    p, not_carried = dpp.untp_import(src)           # a dict works too
    members = [n.member for n in not_carried]
    for m in ("credentialSubject.product.dimensions", "credentialSubject.emissionsScorecard",
              "credentialSubject.conformityClaim", "credentialSubject.materialsProvenance[0].symbol",
              "credentialSubject.product.producedAtFacility", "validFrom"):
        assert m in members
    for n in not_carried:
        assert isinstance(n, dpp.NotCarried) and n.message.startswith(n.member + ": not carried: ")
    assert not_carried.total == len(not_carried) > 0
    prod = src["credentialSubject"]["product"]
    assert p.name == prod["name"]
    assert [m.name for m in p.materials] == [m["name"] for m in src["credentialSubject"]["materialsProvenance"]]
    # an import is a passport like any other: it signs, verifies and exports again
    k = dpp.Key.generate("EdDSA")
    again = json.loads(dpp.verify(dpp.encode(p, k, iat=FIXED_IAT), dpp.TrustStore([k]),
                                  now=FIXED_IAT + 1).to_untp())
    assert again["credentialSubject"]["product"]["name"] == prod["name"]


def test_import_rejects_bad_input():
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.untp_import('{\n  "type": [\n')
    assert ei.value.name == "DPP_ERR_JSON_SYNTAX" and ei.value.line is not None
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.untp_import('{"type": ["VerifiableCredential"]}', country="AU")
    assert "not a UNTP DigitalProductPassport" in ei.value.message
    bad = INSTANCE.read_text(encoding="utf-8").replace("/01/09520123456788", "/01/09520123456789")
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.untp_import(bad)
    assert ei.value.name == "DPP_ERR_SCHEMA_CHECK_DIGIT" and ei.value.path == "gtin"
    with pytest.raises(TypeError):
        dpp.untp_import(42)


def test_full_cbam_passport_exports(trust, key):
    p = dpp.Passport.from_file(ROOT / "test-vectors" / "passports" / "cbam-template.json")
    doc = json.loads(dpp.verify(dpp.encode(p, key, iat=FIXED_IAT), trust, now=FIXED_IAT + 60).to_untp())
    assert schema_errors(doc) == []
    assert "cbam" in claims_of(doc)


def test_a_failed_verification_cannot_be_exported(passport, key, trust):
    other = dpp.Key.generate("ES256")
    with pytest.raises(dpp.UntrustedError) as ei:
        dpp.verify(dpp.encode(passport, other, iat=FIXED_IAT), trust, now=FIXED_IAT + 60)
    assert not hasattr(ei.value, "to_untp")
