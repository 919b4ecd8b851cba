# SPDX-License-Identifier: Apache-2.0
"""Every public API of the dpp package, with exact expected values."""
import copy
import datetime
import decimal
import gc
import json
import pickle
import re
import uuid
import weakref
import zlib

import pytest

import dpp
from conftest import FIXED_IAT, ROOT, claims_cbor, signed_text

UTC = datetime.timezone.utc


# ------------------------------------------------------------------ module


def test_constants():
    assert dpp.PREFIX == "DPP1:"
    assert dpp.MAX_TEXT_LEN == 4296
    assert dpp.MAX_COSE_LEN == 4096
    assert dpp.KID_LEN == 8
    assert dpp.ALGORITHMS == ("ES256", "ES384", "EdDSA", "PS256")
    assert dpp.CHECKS[:12] == ("prefix", "base45", "inflate", "cose", "alg", "kid", "signature",
                          "key_validity", "claims", "iat", "exp", "schema")


def test_library_version():
    assert dpp.library_version() == "0.1.0"
    assert dpp.__version__ == "0.1.0"


@pytest.mark.parametrize("code,cls", [
    (1, dpp.UsageError), (4, dpp.UsageError), (20, dpp.MalformedError), (32, dpp.MalformedError),
    (40, dpp.InvalidError), (43, dpp.InvalidError), (44, dpp.UntrustedError), (45, dpp.UntrustedError),
    (46, dpp.InvalidError), (47, dpp.ExpiredError), (48, dpp.ExpiredError), (49, dpp.UntrustedError),
    (50, dpp.InvalidError), (60, dpp.SchemaError), (67, dpp.SchemaError), (80, dpp.DppKeyError),
    (82, dpp.DppKeyError), (90, dpp.QrError), (999, dpp.DppError),
])
def test_error_class(code, cls):
    assert dpp.error_class(code) is cls


def code_of(name):
    return next(c for c in range(256) if dpp.DppError(c).name == name)


@pytest.mark.parametrize("name,cls", [
    ("DPP_ERR_REVOKED", dpp.RevokedError), ("DPP_ERR_SIGNER_NOT_VALID", dpp.UntrustedError),
    ("DPP_ERR_ROLE", dpp.UntrustedError), ("DPP_ERR_SCOPE", dpp.UntrustedError),
    ("DPP_ERR_ATTESTER_UNKNOWN", dpp.UntrustedError), ("DPP_ERR_ATTESTATION_SIGNATURE", dpp.InvalidError),
    ("DPP_ERR_LIST_STALE", dpp.TrustListError), ("DPP_ERR_CERT_CHAIN", dpp.DppKeyError),
])
def test_error_class_trust_layer(name, cls):
    """Codes of the trust-list layer, looked up by name (skipped if this libdpp lacks them)."""
    try:
        code = code_of(name)
    except StopIteration:
        pytest.skip(f"{name} not defined by this libdpp")
    assert dpp.error_class(code) is cls


def test_error_hierarchy():
    for cls in (dpp.MalformedError, dpp.InvalidError, dpp.UntrustedError, dpp.ExpiredError, dpp.SchemaError):
        assert issubclass(cls, dpp.VerifyError)
    assert issubclass(dpp.VerifyError, dpp.DppError)
    assert issubclass(dpp.RevokedError, dpp.UntrustedError)
    assert not issubclass(dpp.TrustListError, dpp.VerifyError)
    assert issubclass(dpp.UsageError, ValueError)
    assert not issubclass(dpp.DppKeyError, dpp.VerifyError)


def test_error_attributes_and_pickle():
    e = dpp.DppError(46, "signature does not match")
    assert (e.code, e.name, e.message, e.offset) == (46, "DPP_ERR_SIGNATURE", "signature does not match", None)
    assert str(e) == "DPP_ERR_SIGNATURE: signature does not match"
    e2 = dpp.DppError(22)  # generic sentence when no message
    assert e2.message and e2.name == "DPP_ERR_BASE45"
    v = dpp.MalformedError(22, "bad", 7)
    assert v.offset == 7 and v.report is None and v.check is None
    w = pickle.loads(pickle.dumps(v))
    assert type(w) is dpp.MalformedError and (w.code, w.message, w.offset) == (22, "bad", 7)


# ------------------------------------------------------------------ keys


@pytest.mark.parametrize("alg,cose", [("ES256", -7), ("ES384", -35), ("EdDSA", -8), ("PS256", -37)])
def test_key_generate(keys, alg, cose):
    k = keys[alg]
    assert k.alg == alg and k.cose_alg == cose and k.is_private
    assert len(k.kid) == 8 and k.validity is None
    assert k.public_pem().startswith("-----BEGIN PUBLIC KEY-----\n")
    assert k.private_pem().startswith("-----BEGIN PRIVATE KEY-----\n")
    pub = k.public_key()
    assert not pub.is_private and pub.kid == k.kid and pub.alg == alg
    assert pub.public_der() == k.public_der()


def test_key_load_forms(key):
    pem = key.public_pem()
    der = key.public_der()
    for data in (pem, pem.encode(), der, bytearray(der), memoryview(der)):
        k = dpp.Key.load(data)
        assert k.kid == key.kid and not k.is_private
    priv = dpp.Key.load(key.private_pem())
    assert priv.is_private and priv.kid == key.kid


def test_key_from_file(tmp_path, key):
    p = tmp_path / "k.pem"
    p.write_text(key.private_pem())
    assert dpp.Key.from_file(p).kid == key.kid
    assert dpp.Key.from_file(str(p)).is_private


def test_key_kid_is_sha256_of_spki(key):
    import hashlib
    assert key.kid == hashlib.sha256(key.public_der()).digest()[:8]


def test_key_certificate(keys):
    k = keys["EdDSA"]
    nb = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    cert = k.self_signed_cert("Test Issuer", nb, 1_900_000_000)
    assert cert.startswith("-----BEGIN CERTIFICATE-----\n")
    c = dpp.Key.load(cert)
    assert c.validity == (1_704_067_200, 1_900_000_000)
    assert c.kid == k.kid and not c.is_private


def test_key_repr_has_no_secret(key):
    r = repr(key)
    assert r == f"<dpp.Key ES256 private kid={key.kid.hex()}>"
    assert "PRIVATE" not in r


def test_key_constructor_and_pickle_refused(key):
    with pytest.raises(TypeError, match="Key.generate"):
        dpp.Key()
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)
    with pytest.raises(TypeError, match="cannot be pickled"):
        copy.copy(key)


def test_key_close_and_context_manager():
    with dpp.Key.generate("EdDSA") as k:
        assert not k.closed
    assert k.closed and repr(k) == "<dpp.Key closed>"
    with pytest.raises(ValueError, match="closed Key"):
        k.kid
    with pytest.raises(ValueError, match="closed Key"):
        k.public_pem()
    k.close()  # idempotent


def test_key_gc_releases():
    k = dpp.Key.generate("EdDSA")
    ref = weakref.ref(k)
    del k
    gc.collect()
    assert ref() is None


# ------------------------------------------------------------------ trust store


def test_trust_store_inputs(keys, key):
    ed = keys["EdDSA"]
    t = dpp.TrustStore([key, ed.public_pem(), keys["ES384"].public_der()])
    assert len(t) == 3
    t.add(key.public_pem())  # the same key again: no-op
    assert len(t) == 3
    t.add(keys["PS256"])
    assert len(t) == 4
    assert repr(t) == "<dpp.TrustStore keys=4>"


def test_trust_store_add_file(tmp_path, key):
    p = tmp_path / "pub.der"
    p.write_bytes(key.public_der())
    t = dpp.TrustStore()
    assert len(t) == 0
    t.add_file(p)
    assert len(t) == 1


def test_trust_store_keeps_key_after_close(passport):
    k = dpp.Key.generate("EdDSA")
    t = dpp.TrustStore([k])
    text = dpp.encode(passport, k)
    k.close()
    assert dpp.verify(text, t).claims.alg == "EdDSA"


def test_trust_store_close(text):
    with dpp.TrustStore() as t:
        pass
    assert t.closed and repr(t) == "<dpp.TrustStore closed>"
    with pytest.raises(ValueError, match="closed TrustStore"):
        dpp.verify(text, t)
    with pytest.raises(ValueError, match="closed TrustStore"):
        t.add(dpp.Key.generate("EdDSA"))


def test_trust_store_bad_inputs():
    with pytest.raises(TypeError, match="trusted keys must be"):
        dpp.TrustStore([42])
    with pytest.raises(TypeError):
        dpp.TrustStore(None)
    with pytest.raises(dpp.DppKeyError) as ei:
        dpp.TrustStore(["not a key"])
    assert ei.value.name == "DPP_ERR_KEY_FORMAT"


# ------------------------------------------------------------------ passports


def test_passport_forms(passport, example_json):
    d = json.loads(example_json)
    assert dpp.Passport(d) == passport
    assert dpp.Passport.from_dict(d) == passport
    assert dpp.Passport.from_json(example_json) == passport
    assert dpp.Passport.from_json(example_json.encode()) == passport
    assert dpp.Passport.from_cbor(passport.to_cbor()) == passport
    assert dpp.Passport.from_json(passport.to_json()).to_json() == passport.to_json()
    assert hash(dpp.Passport(d)) == hash(passport)
    assert passport.to_dict() == json.loads(passport.to_json())


def test_passport_fields(passport, example_json):
    d = json.loads(example_json)
    assert passport.id == d["id"]
    assert passport.gtin == d["gtin"].rjust(14, "0")
    assert passport.name == d["name"]
    assert passport["manufacturer"]["country"] == d["manufacturer"]["country"]
    assert passport.get("no_such_field", 5) == 5
    assert "gtin" in passport and "nope" not in passport
    assert passport.keys()[:2] == ["id", "gtin"]
    assert repr(passport) == f"<dpp.Passport gtin={passport.gtin} name={passport.name!r}>"


def test_passport_is_immutable(passport):
    d = passport.to_dict()
    d["name"] = "changed"
    passport["manufacturer"]["name"] = "changed"
    assert passport.name != "changed"
    assert passport["manufacturer"]["name"] != "changed"


def test_passport_pickle(passport):
    assert pickle.loads(pickle.dumps(passport)) == passport


def test_passport_python_types(example_json):
    d = json.loads(example_json)
    d["id"] = uuid.UUID(d["id"])
    d["production_date"] = datetime.date(2025, 3, 14)
    d["materials"][0]["mass_fraction"] = decimal.Decimal("0.82")
    p = dpp.Passport(d)
    assert p.id == str(d["id"]) and p["production_date"] == "2025-03-14"
    assert p["materials"][0]["mass_fraction"] == "0.82"


def test_passport_schema_errors(example_json):
    d = json.loads(example_json)
    del d["name"]
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.Passport(d)
    assert ei.value.name == "DPP_ERR_SCHEMA_MISSING" and "name" in ei.value.message
    assert ei.value.report is None
    d = json.loads(example_json)
    d["unknown_member"] = 1
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.Passport(d)
    assert ei.value.name == "DPP_ERR_SCHEMA_UNKNOWN_FIELD"
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.Passport.from_json("{not json")
    assert ei.value.name == "DPP_ERR_JSON_SYNTAX"
    with pytest.raises(dpp.DppError):
        dpp.Passport.from_cbor(b"\xa0")


def test_passport_bad_python_values(example_json):
    d = json.loads(example_json)
    d["name"] = float("nan")
    with pytest.raises(ValueError, match="cannot be written as JSON"):
        dpp.Passport(d)
    d["name"] = object()
    with pytest.raises(TypeError, match="not JSON serializable"):
        dpp.Passport(d)
    with pytest.raises(TypeError, match="must be a mapping"):
        dpp.Passport("{}")
    with pytest.raises(TypeError, match="must be a mapping"):
        dpp.Passport(None)


# ------------------------------------------------------------------ encode / verify


def test_encode_verify_every_alg(keys, passport):
    for alg, k in keys.items():
        t = dpp.TrustStore([k.public_key()])
        text = dpp.encode(passport, k, iat=FIXED_IAT)
        assert text.startswith("DPP1:")
        r = dpp.verify(text, t, now=FIXED_IAT + 60)
        assert r.verified is True
        assert r.passport == passport
        assert r.claims == dpp.Claims(iat=FIXED_IAT, exp=None, iss=None, alg=alg, kid=k.kid,
                                      compressed=r.claims.compressed)
        assert r.report.ok and bool(r.report) and r.report.code == 0 and r.report.name == "DPP_OK"
        assert r.report.checks["signature"] == "pass"
        assert r.report.checks["exp"] == "skipped"
        assert r.report.checks["key_validity"] == "skipped"


def test_encode_options(key, trust, passport):
    exp = datetime.datetime(2030, 1, 1, tzinfo=UTC)
    text = dpp.encode(passport.to_dict(), key, iat=FIXED_IAT, exp=exp, iss="ACME Steel", compress="never")
    r = dpp.verify(text, trust, now=datetime.datetime(2025, 1, 1, tzinfo=UTC))
    assert r.claims.exp == 1_893_456_000 and r.claims.iss == "ACME Steel" and not r.claims.compressed
    assert r.report.checks["exp"] == "pass"
    assert r.to_dict()["claims"] == {"iat": FIXED_IAT, "exp": 1_893_456_000, "iss": "ACME Steel",
                                     "alg": "ES256", "kid": key.kid.hex(), "compressed": False,
                                     "form": "text", "resolver": ""}
    always = dpp.encode(passport, key, iat=FIXED_IAT, compress="always")
    assert dpp.verify(always, trust, now=FIXED_IAT).claims.compressed


def test_encode_with_sizes(key, passport):
    text, sizes = dpp.encode_with_sizes(passport, key, iat=FIXED_IAT, compress="always")
    assert sizes.text == len(text)
    assert sizes.payload == len(passport.to_cbor())
    assert sizes.used_zlib and sizes.compressed > 0
    assert sizes.claims > sizes.payload and sizes.cose > sizes.claims


def test_cose_transport_round_trip(key, trust, passport):
    cose = dpp.encode_cose(passport, key, iat=FIXED_IAT)
    assert cose[0] == 0xD2  # tag 18
    for mode in ("auto", "never", "always"):
        text = dpp.text_from_cose(cose, mode)
        assert dpp.cose_from_text(text) == cose
        assert dpp.verify(text, trust, now=FIXED_IAT).passport == passport
    assert dpp.text_from_cose(cose, "never") == "DPP1:" + dpp.base45_encode(cose)


def _dict_v1():
    """Preset deflate dictionary v1 as printed in spec/README.md Appendix C."""
    spec = (ROOT / "spec" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n([0-9a-f\n]+)```", spec[spec.index("## Appendix C."):])
    d = bytes.fromhex("".join(block.group(1).split()))
    assert len(d) == 1277 and zlib.adler32(d) == 0xA9549D2D
    return d


def test_zlib_preset_dictionary(key, trust, passport):
    """Spec 4.3: the encoder writes zlib with dictionary v1 (DICTID a9549d2d);
    FDICT=0 streams still verify; other DICTIDs are DPP_ERR_INFLATE."""
    cose = dpp.encode_cose(passport, key, iat=FIXED_IAT)
    body = dpp.base45_decode(dpp.text_from_cose(cose, "always")[5:])
    assert body[0] == 0x48 and body[1] & 0x20 and body[2:6] == bytes.fromhex("a9549d2d")
    with pytest.raises(zlib.error):
        zlib.decompress(body)
    d = zlib.decompressobj(zdict=_dict_v1())
    assert d.decompress(body) == cose and d.eof and not d.unused_data
    # the example passport compresses in "auto" too: the same stream, shorter than the message
    assert dpp.base45_decode(dpp.text_from_cose(cose, "auto")[5:]) == body and len(body) < len(cose)
    # a stream without the dictionary (texts written before it) is still read
    legacy = "DPP1:" + dpp.base45_encode(zlib.compress(cose, 9))
    assert dpp.cose_from_text(legacy) == cose
    r = dpp.verify(legacy, trust, now=FIXED_IAT)
    assert r.claims.compressed and r.passport == passport
    for bad, needle in ((body[:2] + b"\x00\x00\x00\x01" + body[6:], "DICTID 0x00000001"),
                        (body[:5], "5 bytes, no DICTID")):
        t = "DPP1:" + dpp.base45_encode(bad)
        rep = dpp.check(t, trust, now=FIXED_IAT)
        assert not rep and rep.name == "DPP_ERR_INFLATE" and rep.failed_check == "inflate"
        assert needle in rep.message
        with pytest.raises(dpp.MalformedError) as ei:
            dpp.cose_from_text(t)
        assert ei.value.name == "DPP_ERR_INFLATE" and needle in ei.value.message


def test_check_returns_report(text, trust):
    rep = dpp.check(text, trust, now=FIXED_IAT)
    assert rep.ok and rep.failed_check is None and rep.message == "" and rep.offset is None
    bad = dpp.check("DPP1:AAA", trust)
    assert not bad and bad.failed_check == "cose" and bad.name == "DPP_ERR_CBOR_MALFORMED"
    assert bad.checks["inflate"] == "skipped" and bad.offset == 0
    assert bad.checks["prefix"] == "pass" and bad.checks["signature"] == "not_run"
    assert trust.check(text, FIXED_IAT).ok
    assert trust.verify(text, FIXED_IAT).passport.gtin


def test_verify_accepts_bytes(text, trust):
    for t in (text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        assert dpp.verify(t, trust, now=FIXED_IAT).report.ok


def test_inspect(text, passport, key):
    i = dpp.inspect(text)
    assert i.verified is False
    assert i.passport_unverified == passport
    assert i.claims_unverified.kid == key.kid and i.claims_unverified.iat == FIXED_IAT
    assert repr(i).startswith("<dpp.Inspection UNVERIFIED")
    with pytest.raises(dpp.MalformedError):
        dpp.inspect("DPP1:")
    with pytest.raises(TypeError):
        dpp.Inspection()
    with pytest.raises(TypeError):
        dpp.VerifyResult()


def test_result_lifetime(text, trust):
    r = dpp.verify(text, trust, now=FIXED_IAT)
    p = r.passport
    del r
    gc.collect()
    assert p.gtin  # the passport owns its own copy


def test_hand_built_claims_verify(keys, passport):
    k = keys["EdDSA"]
    text = signed_text(claims_cbor(passport.to_cbor(), FIXED_IAT), k)
    r = dpp.verify(text, dpp.TrustStore([k]), now=FIXED_IAT)
    assert r.passport == passport and r.claims.alg == "EdDSA" and not r.claims.compressed


# ------------------------------------------------------------------ COSE


def test_cose_sign_verify(keys):
    for k in keys.values():
        msg = dpp.cose_sign(b"hello", k, aad=b"context")
        m = dpp.cose_verify(msg, k.public_key(), require_tag=True, aad=b"context")
        assert m.verified and m.payload == b"hello" and m.alg == k.cose_alg and m.alg_protected
        assert m.kid == k.kid and m.kid_protected and m.tagged and not m.cwt_tagged
        assert m.unprotected_empty and len(m.signature) in (64, 96, 256)
        with pytest.raises(dpp.InvalidError) as ei:
            dpp.cose_verify(msg, k, aad=b"other")
        assert ei.value.name == "DPP_ERR_SIGNATURE"


def test_cose_untagged_no_kid_and_parse(key):
    msg = dpp.cose_sign(b"", key, tagged=False, include_kid=False)
    assert msg[0] == 0x84
    m = dpp.cose_parse(msg)
    assert not m.verified and m.kid is None and not m.tagged and m.payload == b""
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.cose_verify(msg, key, require_tag=True)
    assert ei.value.name == "DPP_ERR_COSE_TAG"
    assert dpp.cose_verify(msg, key).verified


def test_cose_wrong_key(keys):
    msg = dpp.cose_sign(b"x", keys["ES256"])
    with pytest.raises(dpp.InvalidError) as ei:
        dpp.cose_verify(msg, keys["EdDSA"])
    assert ei.value.name == "DPP_ERR_ALG_KEY_MISMATCH"


def test_cose_malformed():
    with pytest.raises(dpp.MalformedError):
        dpp.cose_parse(b"\x00")
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.cose_parse(b"\x84" + b"\x40" * 3 + b"\xff" * 5000)
    assert ei.value.name == "DPP_ERR_TOO_LARGE"


# ------------------------------------------------------------------ Base45


@pytest.mark.parametrize("raw,enc", [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"),
                                     (b"ietf!", "QED8WEX0"), (b"", "")])
def test_base45_rfc9285(raw, enc):
    assert dpp.base45_encode(raw) == enc
    assert dpp.base45_decode(enc) == raw
    assert dpp.base45_decode(enc.encode()) == raw


def test_base45_errors():
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.base45_decode("GGW")  # 65535 < value
    assert ei.value.name == "DPP_ERR_BASE45"
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.base45_decode("BB8a")
    assert ei.value.offset == 3 or "3" in ei.value.message


# ------------------------------------------------------------------ QR


def test_qr(text):
    q = dpp.QrCode.encode(text, "M")
    assert q.size == 4 * q.version + 17 and q.ecc == "M" and 0 <= q.mask <= 7
    m = q.modules()
    assert len(m) == q.size and all(len(row) == q.size for row in m)
    # finder pattern: top-left 7x7 ring is dark, the module inside the ring light
    assert m[0][0] and m[0][6] and m[6][0] and not m[1][1] and m[3][3]
    assert q.module(0, 0) is True and q.module(-1, 0) is False and q.module(q.size, 0) is False
    assert q.module(5, 2) == m[2][5]
    svg = q.to_svg(module_px=4, border=4)
    assert svg.lstrip().startswith("<") and "</svg>" in svg
    png = q.to_png(module_px=2, border=4)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    term = q.to_terminal(border=1)
    assert len(term.splitlines()) == (q.size + 2 + 1) // 2
    assert repr(q) == f"<dpp.QrCode version={q.version} size={q.size} ecc=M>"
    assert dpp.QrCode.encode(text, "H").version >= q.version
    assert dpp.QrCode.encode("hello", "L").version == 1


def test_qr_errors():
    with pytest.raises(dpp.QrError) as ei:
        dpp.QrCode.encode("A" * 5000, "H")
    assert ei.value.name == "DPP_ERR_QR_CAPACITY"
    with pytest.raises(ValueError, match="ecc must be one of"):
        dpp.QrCode.encode("x", "X")
    with pytest.raises(TypeError):
        dpp.QrCode()
    q = dpp.QrCode.encode("x")
    with pytest.raises(ValueError):
        q.to_svg(module_px=0)
    with pytest.raises(TypeError):
        q.to_png(module_px="8")
